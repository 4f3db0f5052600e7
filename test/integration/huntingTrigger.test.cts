import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorCredentials } from '../harness/n8nContext.cjs';
import { triggerPoller, type TriggerPoller } from '../harness/triggerPoller.cjs';

/**
 * The hunting event against the emulator's hunting engine and clock: each poll runs the query once and delivers
 * only rows it has not delivered before, through late rows, rows sharing a timestamp, restarts and failures.
 */

let emulator: Emulator;
const start = Math.floor(Date.now() / 60_000) * 60_000;
const minutes = (count: number) => count * 60_000;

beforeEach(async () => {
	emulator = await startEmulator({ incidents: 0, now: new Date(start), huntingRowsPerTable: 50 });
});
afterEach(async () => await emulator.close());

// Only the rows the tests add (ReportId from 900,000), whatever the seeded tables hold.
const query = 'DeviceProcessEvents\n| where ProcessCommandLine has "-EncodedCommand" and ReportId >= 900000\n| project Timestamp, DeviceId, DeviceName, ProcessCommandLine, ReportId';

let nextReportId = 900_000;
/** Rows the query above finds; `minutesAgo` back from the emulator's clock. */
function addRows(count: number, minutesAgo = 0, device = 'ws-7'): string[] {
	const timestamp = new Date(emulator.admin.now().getTime() - minutes(minutesAgo)).toISOString();
	const rows = Array.from({ length: count }, () => ({
		Timestamp: timestamp,
		DeviceId: `${device}-id`,
		DeviceName: device,
		ActionType: 'ProcessCreated',
		FileName: 'powershell.exe',
		ProcessCommandLine: 'powershell.exe -EncodedCommand SQBFAFgA',
		AccountName: 'jdoe',
		ReportId: nextReportId++,
	}));
	emulator.admin.addHuntingRows('DeviceProcessEvents', rows);
	return rows.map((row) => String(row.ReportId));
}

function poller(api: 'graph' | 'legacy', parameters: IDataObject, staticData: IDataObject = {}): TriggerPoller {
	const huntingParameters = { event: 'huntingResults', query, keyColumns: 'DeviceId, ReportId', timespan: 'P1D', ...parameters };
	return triggerPoller(emulatorCredentials(emulator, 'full', api), huntingParameters, staticData);
}

const reportIds = (rows: IDataObject[]) => rows.map((row) => String(row.ReportId));

describe.each(['graph', 'legacy'] as const)('on the %s API', (api) => {
	it('remembers the rows of the first activation without delivering them, then delivers each new row once in one request per poll', async () => {
		const existing = addRows(3, 30);
		const trigger = poller(api, {});
		expect(await trigger.poll()).toEqual([]);
		expect(trigger.staticData.hunting).toBeDefined();
		const delivered: string[] = [];
		const created: string[] = [];
		for (let step = 0; step < 10; step++) {
			emulator.admin.advanceClock(minutes(1));
			if (step % 3 === 0) created.push(...addRows(4));
			delivered.push(...reportIds(await trigger.poll()));
			expect(trigger.requestsOfLastPoll).toBe(1);
		}
		expect(delivered.sort()).toEqual(created.sort());
		expect(delivered.filter((id) => existing.includes(id))).toEqual([]);
	});

	it('delivers rows that become visible late and rows sharing one timestamp, each once', async () => {
		const trigger = poller(api, {});
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		const burst = addRows(50);
		expect(reportIds(await trigger.poll()).sort()).toEqual(burst.sort());
		emulator.admin.advanceClock(minutes(1));
		// Visible only now, 40 minutes older than the rows already delivered.
		const late = addRows(2, 40);
		expect(reportIds(await trigger.poll()).sort()).toEqual(late.sort());
		emulator.admin.advanceClock(minutes(1));
		expect(await trigger.poll()).toEqual([]);
	});

	it('continues from its static data after a restart', async () => {
		const staticData: IDataObject = {};
		const first = poller(api, {}, staticData);
		await first.poll();
		emulator.admin.advanceClock(minutes(1));
		const before = addRows(3);
		expect(reportIds(await first.poll()).sort()).toEqual(before.sort());
		const restarted = poller(api, {}, JSON.parse(JSON.stringify(staticData)) as IDataObject);
		emulator.admin.advanceClock(minutes(1));
		const after = addRows(2);
		expect(reportIds(await restarted.poll()).sort()).toEqual(after.sort());
	});

	it('loses and repeats nothing when the query fails, and shows Defender\'s throttling answer', async () => {
		const trigger = poller(api, {});
		await trigger.poll();
		emulator.admin.advanceClock(minutes(1));
		const rows = addRows(5);
		const remembered = JSON.stringify(trigger.staticData);
		emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 600, legacyQuotaBody: true, pathContains: 'unHuntingQuery', count: 5 });
		emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 600, legacyQuotaBody: true, pathContains: 'advancedhunting', count: 5 });
		await expect(trigger.poll()).rejects.toThrow(/throttling/);
		expect(JSON.stringify(trigger.staticData)).toBe(remembered);
		emulator.admin.clearFaults();
		emulator.admin.failNext({ kind: 'reset', pathContains: 'unt', count: 1 });
		const delivered: string[] = [];
		for (let attempt = 0; attempt < 3; attempt++) {
			try {
				delivered.push(...reportIds(await trigger.poll()));
			} catch {
				// A failed tick: the next poll runs the query again.
			}
		}
		expect(delivered.sort()).toEqual(rows.sort());
	});
});

it('names the quota and refuses poll times more often than once a minute', async () => {
	const trigger = poller('graph', { pollTimes: { item: [{ mode: 'custom', cronExpression: '*/10 * * * * *' }] } });
	await expect(trigger.poll()).rejects.toThrow('New hunting results can be polled at most once a minute');
	expect(trigger.requestsOfLastPoll).toBe(0);
	const everyMinute = poller('graph', { pollTimes: { item: [{ mode: 'everyMinute' }, { mode: 'custom', cronExpression: '5 */2 * * * *' }] } });
	await expect(everyMinute.poll()).resolves.toEqual([]);
});

it('delivers the current rows on first activation when asked, and all new rows as one item when asked', async () => {
	const existing = addRows(3, 10);
	const trigger = poller('graph', { options: { deliverExistingRows: true, output: 'singleItem' } });
	const [first] = await trigger.poll();
	expect(reportIds(first.rows as IDataObject[]).sort()).toEqual(existing.sort());
	expect(first.rowCount).toBe(3);
	expect((first.schema as IDataObject[]).map((column) => column.name)).toEqual(['Timestamp', 'DeviceId', 'DeviceName', 'ProcessCommandLine', 'ReportId']);
	emulator.admin.advanceClock(minutes(1));
	expect(await trigger.poll()).toEqual([]);
});

it('compares whole rows without key columns, and after a query change delivers no row that existed before it', async () => {
	const trigger = poller('graph', { keyColumns: '' });
	await trigger.poll();
	emulator.admin.advanceClock(minutes(1));
	const rows = addRows(2);
	expect(reportIds(await trigger.poll()).sort()).toEqual(rows.sort());
	const changed = poller('graph', { keyColumns: '', query: `${query}\n| where DeviceName == "ws-7"` }, trigger.staticData);
	emulator.admin.advanceClock(minutes(1));
	expect(await changed.poll()).toEqual([]);
	addRows(1);
	emulator.admin.advanceClock(minutes(1));
	expect(await changed.poll()).toHaveLength(1);
});

it('keeps its memory through comment and whitespace edits, and after a real change delivers the rows that appeared since the last poll (issue 22)', async () => {
	const trigger = poller('graph', {});
	addRows(2, 30);
	await trigger.poll();
	emulator.admin.advanceClock(minutes(1));
	const whileEditing = addRows(1);
	const commented = poller('graph', { query: `// encoded PowerShell\n${query.replace(/\n\| /g, '\n|  ')}  ` }, trigger.staticData);
	expect(reportIds(await commented.poll())).toEqual(whileEditing);
	emulator.admin.advanceClock(minutes(1));
	const beforeChange = addRows(1);
	const changed = poller('graph', { query: `${query}\n| where DeviceName startswith "ws-"` }, trigger.staticData);
	emulator.admin.advanceClock(minutes(1));
	expect(reportIds(await changed.poll())).toEqual(beforeChange);
	emulator.admin.advanceClock(minutes(1));
	const afterChange = addRows(1);
	expect(reportIds(await changed.poll())).toEqual(afterChange);
	// Switching back keeps the keys: nothing already delivered comes again.
	emulator.admin.advanceClock(minutes(1));
	expect(await poller('graph', {}, trigger.staticData).poll()).toEqual([]);
});

it('delivers each row whose key columns are empty, instead of only the first (issue 22)', async () => {
	const trigger = poller('graph', { keyColumns: 'AccountSid' , query: `${query}, AccountSid = ""` });
	await trigger.poll();
	emulator.admin.advanceClock(minutes(1));
	const rows = addRows(3);
	expect(reportIds(await trigger.poll()).sort()).toEqual(rows.sort());
});

it('says which key column is missing from the result instead of delivering every row as new', async () => {
	addRows(1, 5);
	const trigger = poller('graph', { keyColumns: 'DeviceId, ReportID' });
	await expect(trigger.poll()).rejects.toThrow('Key column "ReportID" is not in the query\'s result');
	expect(trigger.staticData).toEqual({});
});

it('returns the query\'s rows for "Fetch test event" without remembering them', async () => {
	const rows = addRows(2, 5);
	const trigger = poller('graph', {});
	expect(reportIds(await trigger.poll('manual')).sort()).toEqual(rows.sort());
	expect(trigger.staticData).toEqual({});
});
