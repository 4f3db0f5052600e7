import { createHuntingTables, HuntingQueryError, runHunting, type HuntingTables } from '../../emulator/hunting/index.cjs';

const now = new Date('2026-11-20T12:00:00Z');
const hour = 3600_000;
const tiny: HuntingTables = {
	DeviceProcessEvents: {
		schema: [
			{ name: 'Timestamp', type: 'DateTime' },
			{ name: 'DeviceName', type: 'String' },
			{ name: 'FileName', type: 'String' },
			{ name: 'ProcessCommandLine', type: 'String' },
			{ name: 'ProcessId', type: 'Int64' },
		],
		rows: [
			{ Timestamp: new Date(now.getTime() - 1 * hour), DeviceName: 'ws-1', FileName: 'powershell.exe', ProcessCommandLine: 'powershell -enc AAA', ProcessId: 10 },
			{ Timestamp: new Date(now.getTime() - 2 * hour), DeviceName: 'ws-2', FileName: 'PowerShell.exe', ProcessCommandLine: 'powershell -File x.ps1', ProcessId: 20 },
			{ Timestamp: new Date(now.getTime() - 30 * hour), DeviceName: 'ws-1', FileName: 'cmd.exe', ProcessCommandLine: 'cmd /c whoami', ProcessId: 30 },
			{ Timestamp: new Date(now.getTime() - 40 * 24 * hour), DeviceName: 'old', FileName: 'cmd.exe', ProcessCommandLine: 'too old', ProcessId: 40 },
		],
	},
};

const run = (query: string, options: Partial<Parameters<typeof runHunting>[1]> = {}) => runHunting(query, { tables: tiny, now, ...options });
const column = (query: string, name: string) => run(query).results.map((row) => row[name]);

function failure(query: string): HuntingQueryError {
	try {
		run(query);
	} catch (error) {
		return error as HuntingQueryError;
	}
	throw new Error('expected a failure');
}

it('reports syntax errors with the Kusto parser\'s diagnostic and position', () => {
	const error = failure('DeviceProcessEvents\n| wher FileName == "x"');
	expect(error).toBeInstanceOf(HuntingQueryError);
	expect(error.status).toBe(400);
	expect(error.message).toMatch(/^Query could not be parsed at 'wher' on line 2, column 3: /);
});

it('names unknown tables, columns and unsupported operators', () => {
	expect(failure('NoSuchTable | take 1').message).toBe("Failed to resolve table or column expression named 'NoSuchTable'.");
	expect(failure('DeviceProcessEvents | where Colour == "red"').message).toBe("Failed to resolve scalar expression named 'Colour'.");
	expect(failure('DeviceProcessEvents | join (DeviceProcessEvents) on DeviceName').message).toBe("The emulator does not support the KQL operator 'join'.");
});

it('filters with the common string and comparison operators and ago()', () => {
	expect(column('DeviceProcessEvents | where FileName =~ "powershell.exe"', 'ProcessId')).toEqual([10, 20]);
	expect(column('DeviceProcessEvents | where FileName == "powershell.exe"', 'ProcessId')).toEqual([10]);
	expect(column('DeviceProcessEvents | where ProcessCommandLine has "enc" or ProcessCommandLine contains "WHO"', 'ProcessId')).toEqual([10, 30]);
	expect(column('DeviceProcessEvents | where ProcessCommandLine has "-enc"', 'ProcessId')).toEqual([10]);
	expect(column('DeviceProcessEvents | where Timestamp > ago(1d) and ProcessId >= 20', 'ProcessId')).toEqual([20]);
	expect(column('DeviceProcessEvents | where DeviceName in ("ws-2", "nope") or FileName startswith "CMD"', 'ProcessId')).toEqual([20, 30]);
	expect(column('DeviceProcessEvents | where DeviceName !in ("ws-1")', 'ProcessId')).toEqual([20]);
	expect(column('DeviceProcessEvents | where ProcessCommandLine !has "powershell"', 'ProcessId')).toEqual([30]);
});

it('projects, extends, sorts, tops and takes', () => {
	const projected = run('DeviceProcessEvents | project Device = DeviceName, ProcessId | take 2');
	expect(projected.schema).toEqual([{ name: 'Device', type: 'String' }, { name: 'ProcessId', type: 'Int64' }]);
	expect(projected.results).toEqual([{ Device: 'ws-1', ProcessId: 10 }, { Device: 'ws-2', ProcessId: 20 }]);
	expect(column('DeviceProcessEvents | extend Label = strcat(DeviceName, ":", tolower(FileName)) | order by ProcessId asc', 'Label')).toEqual(['ws-1:powershell.exe', 'ws-2:powershell.exe', 'ws-1:cmd.exe']);
	expect(column('DeviceProcessEvents | top 2 by ProcessId', 'ProcessId')).toEqual([30, 20]);
	expect(run('DeviceProcessEvents | project-away ProcessCommandLine | take 1').schema.map((entry) => entry.name)).toEqual(['Timestamp', 'DeviceName', 'FileName', 'ProcessId']);
	expect(run('DeviceProcessEvents | take 1').results[0].Timestamp).toBe('2026-11-20T11:00:00.0000000Z');
});

it('summarizes, counts and takes distinct values', () => {
	const summary = run('DeviceProcessEvents | summarize count(), dcount(FileName), Newest = max(Timestamp) by DeviceName | order by DeviceName asc');
	expect(summary.schema.map((entry) => `${entry.name}:${entry.type}`)).toEqual(['DeviceName:String', 'count_:Int64', 'dcount_FileName:Int64', 'Newest:DateTime']);
	expect(summary.results).toEqual([
		{ DeviceName: 'ws-1', count_: 2, dcount_FileName: 2, Newest: '2026-11-20T11:00:00.0000000Z' },
		{ DeviceName: 'ws-2', count_: 1, dcount_FileName: 1, Newest: '2026-11-20T10:00:00.0000000Z' },
	]);
	expect(run('DeviceProcessEvents | count').results).toEqual([{ Count: 3 }]);
	expect(column('DeviceProcessEvents | distinct DeviceName', 'DeviceName')).toEqual(['ws-1', 'ws-2']);
	expect(run('DeviceProcessEvents | summarize n = count() by bin(Timestamp, 1d)').results).toHaveLength(2);
});

it('sees only the time window and caps rows', () => {
	expect(run('DeviceProcessEvents | count', { window: { start: new Date(now.getTime() - 5 * hour), end: now } }).results).toEqual([{ Count: 2 }]);
	expect(run('range x from 1 to 100001 step 1').results).toHaveLength(100000);
	expect(run('range x from 1 to 10 step 1', { maxRows: 3 }).results).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
	expect(() => run('range x from 1 to 1000 step 1', { maxResultBytes: 100 })).toThrow(/exceeds the limit of 100 bytes/);
});

it('seeds the Defender tables deterministically', () => {
	const first = createHuntingTables({ seed: 7, now, rowsPerTable: 20 });
	const second = createHuntingTables({ seed: 7, now, rowsPerTable: 20 });
	expect(Object.keys(first).sort()).toEqual(['AlertEvidence', 'AlertInfo', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceProcessEvents', 'EmailEvents', 'IdentityLogonEvents']);
	expect(first.DeviceProcessEvents.rows).toEqual(second.DeviceProcessEvents.rows);
	const hits = runHunting('DeviceProcessEvents | where ProcessCommandLine has "EncodedCommand" | count', { tables: createHuntingTables({ seed: 7, now }), now });
	expect(Number(hits.results[0].Count)).toBeGreaterThan(0);
});
