import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorCredentials } from '../harness/n8nContext.cjs';
import { pollOnce } from './setup.cjs';

/**
 * Case 10: the trigger's exactly-once delivery against timestamps that mislead it (one dated years ahead, a clock
 * that disagrees with n8n's). The emulator plays Defender here: its clock is Defender's, the poll's is n8n's.
 * (Case 7, more deliveries inside one overlap window than the state holds, is test/unit/cursor.test.cts: 20,000
 * incidents through n8n core take minutes on a shared machine.)
 */

let emulator: Emulator;
afterEach(async () => await emulator.close());

const idOf = (incident: IDataObject) => String(incident.id);
const created = { event: 'incidentCreated', options: { maxIncidentsPerPoll: 100 } };

it('keeps delivering updates after an incident whose update time is 2099', async () => {
	emulator = await startEmulator({ incidents: 5, now: new Date() });
	const credentials = emulatorCredentials(emulator, 'full');
	const updated = { event: 'incidentUpdated', options: { maxIncidentsPerPoll: 100 } };
	const staticData: IDataObject = {};
	expect((await pollOnce(credentials, updated, staticData)).emitted).toEqual([]);
	const future = emulator.admin.createIncident({ lastUpdateDateTime: '2099-01-01T00:00:00Z' });
	expect((await pollOnce(credentials, updated, staticData)).emitted.map(idOf)).toEqual([String(future.id)]);
	emulator.admin.advanceClock(60_000);
	const [first] = emulator.admin.listAllIncidents();
	emulator.admin.updateIncident(first.id, { status: 'inProgress' });
	expect((await pollOnce(credentials, updated, staticData)).emitted.map(idOf)).toEqual([String(first.id)]);
	expect((await pollOnce(credentials, updated, staticData)).emitted).toEqual([]);
});

it('delivers the first incidents of an empty tenant whose clock is an hour behind n8n\'s', async () => {
	emulator = await startEmulator({ incidents: 0, now: new Date(Date.now() - 3_600_000) });
	const credentials = emulatorCredentials(emulator, 'full');
	const staticData: IDataObject = {};
	expect((await pollOnce(credentials, created, staticData)).emitted).toEqual([]);
	emulator.admin.advanceClock(60_000);
	const first = emulator.admin.createIncident({});
	expect((await pollOnce(credentials, created, staticData)).emitted.map(idOf)).toEqual([String(first.id)]);
	expect((await pollOnce(credentials, created, staticData)).emitted).toEqual([]);
});

describe('case 11: the legacy API cannot sort, yet a poll must not read the whole backlog', () => {
	it('drains a two-hour backlog of 3,000 incidents 100 a poll, exactly once, without reading all of it each poll', async () => {
		// Defender's clock starts two hours back and reaches n8n's as the backlog is created.
		emulator = await startEmulator({ incidents: 0, now: new Date(Date.now() - 7_300_000) });
		const credentials = emulatorCredentials(emulator, 'full', 'legacy');
		const staticData: IDataObject = {};
		expect((await pollOnce(credentials, created, staticData)).emitted).toEqual([]);
		const ids: string[] = [];
		for (let index = 0; index < 3000; index++) {
			// Three incidents every 7 seconds: bursts share a timestamp, and the backlog is far longer than the window.
			if (index % 3 === 0) emulator.admin.advanceClock(7000);
			ids.push(String(emulator.admin.createIncident({}).id));
		}
		const delivered: string[] = [];
		const requestsPerPoll: number[] = [];
		for (let poll = 0; poll < 31; poll++) {
			const { emitted, requests } = await pollOnce(credentials, created, staticData);
			delivered.push(...emitted.map((incident) => String(incident.id)));
			requestsPerPoll.push(requests);
		}
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.sort()).toEqual(ids.sort());
		// Reading everything after the window took up to 30 pages a poll; once the slices have found the density,
		// a poll costs about the pages it emits plus the window's.
		expect(Math.max(...requestsPerPoll.slice(3))).toBeLessThanOrEqual(15);
	});
});
