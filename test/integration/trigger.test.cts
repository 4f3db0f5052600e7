import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorCredentials, type TestCredentials } from '../harness/n8nContext.cjs';
import { triggerPoller, type TriggerPoller } from '../harness/triggerPoller.cjs';

/**
 * The trigger's delivery guarantees, driven by the emulator's clock: every matching incident exactly once,
 * across bursts of identical timestamps, late-visible incidents, updates, throttling, failures and restarts.
 */

let emulator: Emulator;
// Frozen at the real time (to the minute), so client-side token times and the emulator's agree.
const start = Math.floor(Date.now() / 60_000) * 60_000;

beforeEach(async () => {
	emulator = await startEmulator({ incidents: 30, now: new Date(start) });
});
afterEach(async () => await emulator.close());

function poller(api: 'graph' | 'legacy', parameters: IDataObject, staticData: IDataObject = {}, credentials?: TestCredentials): TriggerPoller {
	return triggerPoller(credentials ?? emulatorCredentials(emulator, 'full', api), parameters, staticData);
}

const minutes = (count: number) => count * 60_000;
const idOf = (incident: IDataObject) => String(incident.id ?? incident.incidentId);

describe.each(['graph', 'legacy'] as const)('on the %s API', (api) => {
	it('delivers 1,000 incidents created in bursts with identical timestamps exactly once over 30 polls', async () => {
		// A 3-minute overlap still spans several bursts and pages, and re-reads far less than the default 15.
		const trigger = poller(api, { event: 'incidentCreated', options: { maxIncidentsPerPoll: 60, overlapMinutes: 3 } });
		expect(await trigger.poll()).toEqual([]);
		const created: string[] = [];
		const delivered: string[] = [];
		for (let pollIndex = 0; pollIndex < 30; pollIndex++) {
			emulator.admin.advanceClock(minutes(1));
			if (pollIndex < 20) {
				const burstTime = emulator.admin.now().toISOString();
				for (let index = 0; index < 50; index++) created.push(String(emulator.admin.createIncident({ createdDateTime: burstTime }).id));
			}
			delivered.push(...(await trigger.poll()).map(idOf));
		}
		expect(created).toHaveLength(1000);
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.sort()).toEqual(created.sort());
	});

	it('delivers incidents that become visible 10 minutes after their creation time', async () => {
		const trigger = poller(api, { event: 'incidentCreated' });
		await trigger.poll();
		emulator.admin.setIngestionDelayMinutes(10);
		const late = emulator.admin.createIncident({ title: 'late arrival' });
		emulator.admin.setIngestionDelayMinutes(0);
		const delivered: string[] = [];
		for (let step = 0; step < 12; step++) {
			emulator.admin.advanceClock(minutes(2));
			emulator.admin.createIncident({ title: `on time ${step}` });
			delivered.push(...(await trigger.poll()).map(idOf));
		}
		expect(delivered).toContain(String(late.id));
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered).toHaveLength(13);
	});

	it('delivers each change once with incidentUpdated, and unchanged incidents never again', async () => {
		const trigger = poller(api, { event: 'incidentUpdated' });
		await trigger.poll();
		const [first, second] = emulator.admin.listAllIncidents().slice(0, 2);
		emulator.admin.advanceClock(minutes(1));
		emulator.admin.updateIncident(first.id as string, { status: 'inProgress' });
		expect((await trigger.poll()).map(idOf)).toEqual([String(first.id)]);
		emulator.admin.advanceClock(minutes(1));
		expect(await trigger.poll()).toEqual([]);
		emulator.admin.updateIncident(first.id as string, { comment: 'second change' });
		emulator.admin.advanceClock(minutes(1));
		emulator.admin.updateIncident(second.id as string, { customTags: ['vip'] });
		expect((await trigger.poll()).map(idOf)).toEqual([String(first.id), String(second.id)]);
		emulator.admin.advanceClock(minutes(5));
		expect(await trigger.poll()).toEqual([]);
	});

	it('loses and duplicates nothing through 429 and 500 answers', async () => {
		const trigger = poller(api, { event: 'incidentCreated', options: { maxIncidentsPerPoll: 500 } });
		await trigger.poll();
		const created: string[] = [];
		const delivered: string[] = [];
		for (let round = 0; round < 6; round++) {
			emulator.admin.advanceClock(minutes(1));
			for (let index = 0; index < 70; index++) created.push(String(emulator.admin.createIncident().id));
			if (round % 2 === 0) emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 0, legacyQuotaBody: api === 'legacy' });
			else emulator.admin.failNext({ kind: 'status', status: 500, count: 10 });
			try {
				delivered.push(...(await trigger.poll()).map(idOf));
			} catch {
				// A failed tick: n8n reports it and polls again later; the cursor must not have moved.
			}
		}
		emulator.admin.clearFaults();
		delivered.push(...(await trigger.poll()).map(idOf));
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.sort()).toEqual(created.sort());
	});

	it('continues exactly where a previous node instance stopped, from its static data', async () => {
		const staticData: IDataObject = {};
		const firstInstance = poller(api, { event: 'incidentCreated', options: { maxIncidentsPerPoll: 5 } }, staticData);
		await firstInstance.poll();
		emulator.admin.advanceClock(minutes(1));
		const created = Array.from({ length: 12 }, () => String(emulator.admin.createIncident().id));
		const delivered = (await firstInstance.poll()).map(idOf);
		expect(delivered).toHaveLength(5);
		const restarted = poller(api, { event: 'incidentCreated', options: { maxIncidentsPerPoll: 5 } }, JSON.parse(JSON.stringify(staticData)) as IDataObject);
		delivered.push(...(await restarted.poll()).map(idOf), ...(await restarted.poll()).map(idOf));
		expect(await restarted.poll()).toEqual([]);
		expect(delivered.sort()).toEqual(created.sort());
	});

	it('returns the newest incident in manual mode and costs one request when idle', async () => {
		const trigger = poller(api, { event: 'incidentCreated' });
		const newest = emulator.admin.createIncident({ title: 'newest one' });
		const [manual] = await trigger.poll('manual');
		expect(idOf(manual)).toBe(String(newest.id));
		expect(trigger.staticData).toEqual({});
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		expect(await trigger.poll()).toEqual([]);
		expect(trigger.requestsOfLastPoll).toBe(1);
	});
});

it('delivers simplified incidents with the same keys on both APIs, alertCount only with Include Alerts (issue 22)', async () => {
	const keysOn = async (api: 'graph' | 'legacy', options: IDataObject) => {
		const trigger = poller(api, { event: 'incidentCreated', options });
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		emulator.admin.createIncident({ alertCount: 2 });
		const [incident] = await trigger.poll();
		return Object.keys(incident).sort();
	};
	expect(await keysOn('legacy', {})).toEqual(await keysOn('graph', {}));
	expect(await keysOn('legacy', {})).not.toContain('alertCount');
	expect(await keysOn('legacy', { includeAlerts: true })).toEqual(await keysOn('graph', { includeAlerts: true }));
	expect(await keysOn('graph', { includeAlerts: true })).toContain('alertCount');
});

it('applies filters and skips merged incidents', async () => {
	const trigger = poller('graph', { event: 'incidentCreated', filters: { severities: ['high'], excludeRedirected: true }, options: { simplify: true } });
	await trigger.poll();
	emulator.admin.advanceClock(minutes(1));
	const high = emulator.admin.createIncident({ severity: 'high', title: 'wanted' });
	emulator.admin.createIncident({ severity: 'low', title: 'not wanted' });
	emulator.admin.createIncident({ severity: 'high', status: 'redirected', title: 'merged' });
	const delivered = await trigger.poll();
	expect(delivered.map((incident) => incident.title)).toEqual(['wanted']);
	expect(delivered[0]).toMatchObject({ id: String(high.id), severity: 'high', status: 'active' });
});

it('backfills the asked number of hours on first activation', async () => {
	await emulator.close();
	emulator = await startEmulator({ incidents: 0 });
	const now = Date.now();
	emulator.admin.createIncident({ createdDateTime: new Date(now - minutes(90)).toISOString() });
	emulator.admin.createIncident({ createdDateTime: new Date(now - minutes(30)).toISOString() });
	emulator.admin.createIncident({ createdDateTime: new Date(now - minutes(300)).toISOString() });
	const trigger = poller('graph', { event: 'incidentCreated', options: { backfillHours: 2 } });
	expect(await trigger.poll()).toHaveLength(2);
});
