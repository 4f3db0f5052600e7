import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { createExecuteContext, emulatorCredentials } from '../harness/n8nContext.cjs';
import { triggerPoller } from '../harness/triggerPoller.cjs';

/**
 * What large tenants do that Microsoft does not promise against (issue 22): `$orderby` ignored, `$skip` capped so
 * next links stop, `$expand=alerts` on the incident list failing. Every item still arrives, exactly once.
 */

let emulator: Emulator;
const start = Math.floor(Date.now() / 60_000) * 60_000;
const minutes = (count: number) => count * 60_000;

beforeEach(async () => {
	// Hours before the local clock, so the trigger's horizon (local time plus 5 minutes) never caps its cursor.
	emulator = await startEmulator({ incidents: 20, now: new Date(start - minutes(180)) });
});
afterEach(async () => await emulator.close());

function createAlerts(incidents: number, alertsEach: number): string[] {
	const created: string[] = [];
	for (let index = 0; index < incidents; index++) {
		const incident = emulator.admin.createIncident({ alertCount: alertsEach, createdDateTime: emulator.admin.now().toISOString() });
		created.push(...(incident.alerts as IDataObject[]).map((alert) => String(alert.id)));
		emulator.admin.advanceClock(1000);
	}
	return created;
}

async function runNode(parameters: IDataObject): Promise<IDataObject[]> {
	const { context } = createExecuteContext({ parameters, credentials: emulatorCredentials(emulator, 'full') });
	const [items] = await router.call(context, (execute) => createBackend(execute, { retryBaseMilliseconds: 5 }));
	return items.map((item) => item.json);
}

describe.each([false, true])('with $orderby ignored: %s', (ignoreOrderBy) => {
	beforeEach(() => {
		emulator.admin.setIgnoreOrderBy(ignoreOrderBy);
		emulator.admin.setSkipCeiling(1000);
	});

	it('returns all alerts with Return All though next links stop at a $skip of 1,000', async () => {
		const created = createAlerts(120, 25);
		const alerts = await runNode({ resource: 'alert', operation: 'getAll', returnAll: true, simplify: true, filters: {}, options: {} });
		const ids = alerts.map((alert) => String(alert.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(expect.arrayContaining(created));
	});

	it('delivers a backlog deeper than the $skip cap exactly once, whatever order Graph serves', async () => {
		const trigger = triggerPoller(emulatorCredentials(emulator, 'full'), { event: 'alertCreated', options: { maxAlertsPerPoll: 900, overlapMinutes: 60 } });
		expect(await trigger.poll()).toEqual([]);
		emulator.admin.advanceClock(minutes(1));
		const created = createAlerts(100, 25);
		const delivered: string[] = [];
		for (let pollIndex = 0; pollIndex < 6; pollIndex++) {
			emulator.admin.advanceClock(minutes(1));
			delivered.push(...(await trigger.poll()).map((alert) => String(alert.id)));
		}
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.sort()).toEqual(created.sort());
	});
});

describe('Include Alerts when $expand=alerts fails on the incident list', () => {
	beforeEach(() => emulator.admin.setFailListExpand(true));

	it('reads each incident\'s alerts on its own, and delivers an incident whose alerts could not be read, marked, once', async () => {
		const trigger = triggerPoller(emulatorCredentials(emulator, 'full'), { event: 'incidentCreated', options: { includeAlerts: true } });
		expect(await trigger.poll()).toEqual([]);
		emulator.admin.advanceClock(minutes(1));
		const created = [emulator.admin.createIncident({ alertCount: 2 }), emulator.admin.createIncident({ alertCount: 3 })];
		const unreadable = String(created[1].id);
		emulator.admin.failNext({ kind: 'status', status: 500, count: 50, pathContains: `/security/incidents/${unreadable}` });
		const delivered = await trigger.poll();
		expect(delivered.map((incident) => String(incident.id)).sort()).toEqual(created.map((incident) => String(incident.id)).sort());
		const readable = delivered.find((incident) => String(incident.id) !== unreadable)!;
		expect(readable.alertCount).toBe(2);
		const marked = delivered.find((incident) => String(incident.id) === unreadable)!;
		expect(marked.alertsUnavailable).toEqual(expect.stringContaining('HTTP 500'));
		expect(marked).not.toHaveProperty('alerts');
		emulator.admin.clearFaults();
		emulator.admin.advanceClock(minutes(1));
		expect(await trigger.poll()).toEqual([]);
	});
});
