import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorCredentials } from '../harness/n8nContext.cjs';
import { triggerPoller, type TriggerPoller } from '../harness/triggerPoller.cjs';

/**
 * The alert events on alerts_v2, driven by the emulator's clock: every matching alert (or change) exactly once,
 * through alerts sharing one timestamp, late-visible alerts, failures in the middle of a poll and restarts.
 */

let emulator: Emulator;
const start = Math.floor(Date.now() / 60_000) * 60_000;
const minutes = (count: number) => count * 60_000;

beforeEach(async () => {
	emulator = await startEmulator({ incidents: 20, now: new Date(start) });
});
afterEach(async () => await emulator.close());

function poller(parameters: IDataObject, staticData: IDataObject = {}, api: 'graph' | 'legacy' = 'graph'): TriggerPoller {
	return triggerPoller(emulatorCredentials(emulator, 'full', api), parameters, staticData);
}

const idsOf = (alerts: IDataObject[]) => alerts.map((alert) => String(alert.id));
/** New alerts: each incident brings `alertsEach` alerts created at the same instant. */
function createAlerts(incidents: number, alertsEach: number, specification: IDataObject = {}): string[] {
	const created: string[] = [];
	for (let index = 0; index < incidents; index++) {
		const incident = emulator.admin.createIncident({ alertCount: alertsEach, createdDateTime: emulator.admin.now().toISOString(), ...specification });
		created.push(...(incident.alerts as IDataObject[]).map((alert) => String(alert.id)));
	}
	return created;
}

describe('alertCreated', () => {
	it('delivers 600 alerts created in bursts with identical timestamps exactly once, a per-poll maximum at a time', async () => {
		const trigger = poller({ event: 'alertCreated', options: { maxAlertsPerPoll: 70 } });
		expect(await trigger.poll()).toEqual([]);
		const created: string[] = [];
		const delivered: string[] = [];
		for (let pollIndex = 0; pollIndex < 20; pollIndex++) {
			emulator.admin.advanceClock(minutes(1));
			if (pollIndex < 10) created.push(...createAlerts(12, 5));
			const batch = idsOf(await trigger.poll());
			expect(batch.length).toBeLessThanOrEqual(70);
			delivered.push(...batch);
		}
		expect(created).toHaveLength(600);
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.sort()).toEqual(created.sort());
	});

	it('delivers every alert, oldest first, when Graph ignores $orderby and the per-poll maximum stops each poll (issue 22)', async () => {
		emulator.admin.setIgnoreOrderBy(true);
		// Hours before the local clock, so the cursor's horizon (local time plus 5 minutes) does not cap it.
		emulator.admin.setClock(new Date(start - minutes(180)));
		const trigger = poller({ event: 'alertCreated', options: { maxAlertsPerPoll: 2 } });
		expect(await trigger.poll()).toEqual([]);
		const created: string[] = [];
		for (let index = 0; index < 6; index++) {
			emulator.admin.advanceClock(minutes(10));
			created.push(...createAlerts(1, 1));
		}
		const delivered: string[] = [];
		for (let pollIndex = 0; pollIndex < 5; pollIndex++) {
			emulator.admin.advanceClock(minutes(1));
			const batch = idsOf(await trigger.poll());
			expect(batch.length).toBeLessThanOrEqual(2);
			delivered.push(...batch);
		}
		expect(delivered).toEqual(created);
	});

	it('delivers an alert that becomes visible late at an instant more than 5,000 alerts share (issue 22)', async () => {
		const trigger = poller({ event: 'alertCreated', options: { maxAlertsPerPoll: 10_000 } });
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		const crowded = createAlerts(300, 20);
		emulator.admin.setIngestionDelayMinutes(5);
		const late = createAlerts(1, 1);
		emulator.admin.setIngestionDelayMinutes(0);
		expect(idsOf(await trigger.poll()).sort()).toEqual(crowded.sort());
		emulator.admin.advanceClock(minutes(6));
		expect(idsOf(await trigger.poll())).toEqual(late);
	});

	it('delivers alerts that become visible 10 minutes after their creation time, and costs one request when idle', async () => {
		const trigger = poller({ event: 'alertCreated' });
		await trigger.poll();
		emulator.admin.setIngestionDelayMinutes(10);
		const late = createAlerts(1, 2);
		emulator.admin.setIngestionDelayMinutes(0);
		const delivered: string[] = [];
		for (let step = 0; step < 12; step++) {
			emulator.admin.advanceClock(minutes(2));
			delivered.push(...idsOf(await trigger.poll()));
		}
		expect(delivered.sort()).toEqual(late.sort());
		emulator.admin.advanceClock(minutes(1));
		expect(await trigger.poll()).toEqual([]);
		expect(trigger.requestsOfLastPoll).toBe(1);
	});

	it('loses and duplicates nothing when a poll fails in the middle of its pages, or before its first', async () => {
		const trigger = poller({ event: 'alertCreated', options: { maxAlertsPerPoll: 5000 } });
		await trigger.poll();
		const created: string[] = [];
		const delivered: string[] = [];
		for (let round = 0; round < 4; round++) {
			emulator.admin.advanceClock(minutes(1));
			// Over 1,000 alerts: more than one page, so the fault can hit a later page.
			created.push(...createAlerts(60, 20));
			emulator.admin.failNext({ kind: 'status', status: round % 2 ? 500 : 429, count: 12, pathContains: 'alerts_v2', retryAfterSeconds: 0 });
			try {
				delivered.push(...idsOf(await trigger.poll()));
			} catch {
				// A failed tick; the cursor has not moved past anything undelivered.
			}
		}
		emulator.admin.clearFaults();
		for (let settle = 0; settle < 3; settle++) delivered.push(...idsOf(await trigger.poll()));
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.sort()).toEqual(created.sort());
	});

	it('continues exactly where a previous node instance stopped, from its static data', async () => {
		const staticData: IDataObject = {};
		const first = poller({ event: 'alertCreated', options: { maxAlertsPerPoll: 4 } }, staticData);
		await first.poll();
		emulator.admin.advanceClock(minutes(1));
		const created = createAlerts(3, 3);
		const delivered = idsOf(await first.poll());
		expect(delivered).toHaveLength(4);
		const restarted = poller({ event: 'alertCreated', options: { maxAlertsPerPoll: 4 } }, JSON.parse(JSON.stringify(staticData)) as IDataObject);
		delivered.push(...idsOf(await restarted.poll()), ...idsOf(await restarted.poll()));
		expect(await restarted.poll()).toEqual([]);
		expect(delivered.sort()).toEqual(created.sort());
	});

	it('applies severity, status, service source and detection source filters', async () => {
		const trigger = poller({
			event: 'alertCreated',
			alertFilters: { severities: ['high'], statuses: ['new'], serviceSources: ['microsoftDefenderForEndpoint'], detectionSources: ['antivirus', 'microsoftDefenderForEndpoint'] },
			options: { simplify: true },
		});
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		createAlerts(4, 2, { severity: 'high', serviceSource: 'microsoftDefenderForEndpoint' });
		createAlerts(2, 2, { severity: 'low', serviceSource: 'microsoftDefenderForEndpoint' });
		createAlerts(2, 2, { severity: 'high', serviceSource: 'microsoftDefenderForOffice365' });
		const all = emulator.admin.listAllIncidents().flatMap((incident) => incident.alerts as IDataObject[]);
		const expected = all
			.filter((alert) => Date.parse(String(alert.createdDateTime)) > start)
			.filter((alert) => alert.severity === 'high' && alert.status === 'new' && alert.serviceSource === 'microsoftDefenderForEndpoint')
			.filter((alert) => ['antivirus', 'microsoftDefenderForEndpoint'].includes(String(alert.detectionSource)))
			.map((alert) => String(alert.id));
		expect(expected.length).toBeGreaterThan(0);
		const delivered = await trigger.poll();
		expect(idsOf(delivered).sort()).toEqual(expected.sort());
		for (const alert of delivered) expect(alert).toMatchObject({ severity: 'high', status: 'new', serviceSource: 'microsoftDefenderForEndpoint' });
	});

	it('adds the evidence as entities when asked, raw or simplified', async () => {
		const trigger = poller({ event: 'alertCreated', options: { entities: true, simplify: false } });
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		createAlerts(1, 1, { serviceSource: 'microsoftDefenderForEndpoint' });
		const [alert] = await trigger.poll();
		expect(alert.evidence).toBeDefined();
		const entities = alert.entities as IDataObject;
		expect(Object.keys(entities)).toEqual(['devices', 'users', 'ips', 'urls', 'domains', 'files', 'processes', 'mailboxes', 'cloudApps', 'other']);
		expect((entities.devices as IDataObject[])[0]).toMatchObject({ mdeDeviceId: expect.any(String), deviceDnsName: expect.any(String) });
	});

	it('stops with the alert operations\' message on a legacy-API credential', async () => {
		const trigger = poller({ event: 'alertCreated' }, {}, 'legacy');
		await expect(trigger.poll()).rejects.toThrow('Alerts are not available on the legacy Defender XDR API: switch the credential to Microsoft Graph');
		expect(trigger.staticData).toEqual({});
	});

	it('returns the newest matching alert in manual mode without touching the state', async () => {
		const trigger = poller({ event: 'alertCreated', alertFilters: { severities: ['high'] } });
		emulator.admin.advanceClock(minutes(1));
		const [newest] = createAlerts(1, 1, { severity: 'high' });
		const [manual] = await trigger.poll('manual');
		expect(String(manual.id)).toBe(newest);
		expect(trigger.staticData).toEqual({});
	});
});

describe('alertUpdated', () => {
	it('delivers each change once, also two alerts changed at the same instant, and unchanged alerts never again', async () => {
		const trigger = poller({ event: 'alertUpdated' });
		await trigger.poll();
		const [first, second] = emulator.admin.listAllIncidents().flatMap((incident) => incident.alerts as IDataObject[]);
		emulator.admin.advanceClock(minutes(1));
		emulator.admin.updateAlert(String(first.id), { status: 'inProgress' });
		expect(idsOf(await trigger.poll())).toEqual([String(first.id)]);
		emulator.admin.advanceClock(minutes(1));
		expect(await trigger.poll()).toEqual([]);
		emulator.admin.updateAlert(String(first.id), { assignedTo: 'analyst@contoso.example' });
		emulator.admin.updateAlert(String(second.id), { status: 'resolved' });
		expect(idsOf(await trigger.poll()).sort()).toEqual([String(first.id), String(second.id)].sort());
		emulator.admin.advanceClock(minutes(5));
		expect(await trigger.poll()).toEqual([]);
	});

	it('keeps its own state apart from an incident event\'s, so switching the event starts afresh', async () => {
		const staticData: IDataObject = {};
		await poller({ event: 'incidentCreated' }, staticData).poll();
		const alerts = poller({ event: 'alertUpdated' }, staticData);
		emulator.admin.advanceClock(minutes(1));
		// The first poll of the alert event is a first activation: it remembers without delivering.
		const [alert] = emulator.admin.listAllIncidents().flatMap((incident) => incident.alerts as IDataObject[]);
		emulator.admin.updateAlert(String(alert.id), { status: 'inProgress' });
		expect(await alerts.poll()).toEqual([]);
		emulator.admin.advanceClock(minutes(1));
		emulator.admin.updateAlert(String(alert.id), { status: 'resolved' });
		expect(idsOf(await alerts.poll())).toEqual([String(alert.id)]);
	});
});
