import { createHuntingTables, HuntingQueryError, runHunting, type HuntingTables } from '../../emulator/hunting/index.cjs';

const now = new Date('2026-11-20T12:00:00Z');
const hour = 3600_000;
const ago = (hours: number) => new Date(now.getTime() - hours * hour);
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
			{ Timestamp: ago(1), DeviceName: 'ws-1', FileName: 'powershell.exe', ProcessCommandLine: 'powershell -enc AAA', ProcessId: 10 },
			{ Timestamp: ago(2), DeviceName: 'ws-2', FileName: 'PowerShell.exe', ProcessCommandLine: 'powershell -File x.ps1', ProcessId: 20 },
			{ Timestamp: ago(30), DeviceName: 'ws-1', FileName: 'cmd.exe', ProcessCommandLine: 'cmd /c whoami', ProcessId: 30 },
			{ Timestamp: ago(50), DeviceName: 'münchen-3', FileName: 'mimikatz.exe', ProcessCommandLine: '', ProcessId: 25 },
			{ Timestamp: ago(40 * 24), DeviceName: 'old', FileName: 'cmd.exe', ProcessCommandLine: 'too old', ProcessId: 40 },
		],
	},
};

const run = (query: string, options: Partial<Parameters<typeof runHunting>[1]> = {}) => runHunting(query, { tables: tiny, now, ...options });
const ids = (query: string) => run(query).results.map((row) => row.ProcessId);
const columns = (query: string) => run(query).schema.map(({ name, type }) => `${name}:${type}`);

function failure(query: string, options: Partial<Parameters<typeof runHunting>[1]> = {}): HuntingQueryError {
	try {
		run(query, options);
	} catch (error) {
		expect(error).toBeInstanceOf(HuntingQueryError);
		expect((error as HuntingQueryError).status).toBe(400);
		expect((error as HuntingQueryError).code).toBe('BadRequest');
		return error as HuntingQueryError;
	}
	throw new Error(`expected ${query} to fail`);
}

describe('checking with the Kusto parser and analyzer', () => {
	it('reports syntax errors with the parser\'s diagnostic, the bad token and its [line,column]', () => {
		expect(failure('DeviceProcessEvents\n| wher FileName == "x"').message).toBe("Query could not be parsed at 'wher' on line [2,3]: Query operator expected.");
		expect(failure('DeviceProcessEvents | where FileName == ').message).toBe("Query could not be parsed at '<end of query>' on line [1,40]: Missing expression");
	});

	it('names unknown tables, columns and functions', () => {
		expect(failure('NoSuchTable | take 1').message).toBe("Failed to resolve table or column expression named 'NoSuchTable' on line [1,1].");
		expect(failure('DeviceProcessEvents\n| where Colour == "red"').message).toBe("Failed to resolve scalar expression named 'Colour' on line [2,9].");
		expect(failure('DeviceProcessEvents | extend x = nosuchfunction(FileName)').message).toMatch(/'nosuchfunction'/);
	});

	it('names valid KQL the emulator does not evaluate', () => {
		expect(failure('DeviceProcessEvents | join (DeviceProcessEvents) on DeviceName').message).toBe("The emulator does not support the KQL operator 'join'.");
		expect(failure('DeviceProcessEvents | where FileName has_any ("cmd")').message).toMatch(/^The emulator does not support the KQL construct 'has_any'/);
		expect(failure('DeviceProcessEvents | extend h = hash(FileName)').message).toBe("The emulator does not support the KQL function 'hash'.");
		expect(failure('let recent = DeviceProcessEvents | take 1; recent').message).toMatch(/^The emulator does not support the KQL construct 'let recent = <tabular expression or function>'/);
	});
});

describe('where', () => {
	it.each([
		['FileName == "powershell.exe"', [10]],
		['FileName != "powershell.exe"', [20, 30, 25]],
		['FileName =~ "POWERSHELL.EXE"', [10, 20]],
		['FileName !~ "powershell.exe"', [30, 25]],
		['ProcessId < 20', [10]],
		['ProcessId <= 20', [10, 20]],
		['ProcessId > 20', [30, 25]],
		['ProcessId >= 25', [30, 25]],
		['ProcessCommandLine has "ENC"', [10]],
		['ProcessCommandLine has "-enc"', [10]],
		['ProcessCommandLine has "who"', []],
		['ProcessCommandLine !has "powershell"', [30, 25]],
		['ProcessCommandLine contains "WHO"', [30]],
		['ProcessCommandLine !contains "power"', [30, 25]],
		['FileName startswith "POWER"', [10, 20]],
		['FileName endswith ".EXE"', [10, 20, 30, 25]],
		['DeviceName in ("ws-2", "münchen-3")', [20, 25]],
		['DeviceName !in ("ws-1")', [20, 25]],
		['FileName in~ ("POWERSHELL.EXE")', [10, 20]],
		['FileName == "cmd.exe" or ProcessId == 10', [10, 30]],
		['FileName =~ "powershell.exe" and ProcessId > 10', [20]],
		['not(FileName == "cmd.exe") and isnotempty(ProcessCommandLine)', [10, 20]],
		['isempty(ProcessCommandLine)', [25]],
		['Timestamp > ago(1d)', [10, 20]],
		['Timestamp >= now() - 2h', [10, 20]],
		['Timestamp < ago(1d + 12h)', [25]],
		['Timestamp > datetime(2026-11-19 12:00) and Timestamp < datetime(2026-11-20T10:30:00Z)', [20]],
		['ProcessId * 2 + 1 == 41 or ProcessId % 25 == 0', [20, 25]],
	])('where %s', (predicate, expected) => {
		expect(ids(`DeviceProcessEvents | where ${predicate}`)).toEqual(expected);
	});

	it('reads multi-line queries with comments and scalar let statements', () => {
		const query = ['// PowerShell seen recently', 'let since = ago(6h);', 'let name = "powershell.exe";', 'DeviceProcessEvents', '| where Timestamp > since // inside the window', '| where FileName =~ name'].join('\n');
		expect(ids(query)).toEqual([10, 20]);
	});
});

describe('shaping operators', () => {
	it('project keeps, orders and renames columns', () => {
		const result = run('DeviceProcessEvents | project Device = DeviceName, ProcessId, Label = strcat(DeviceName, ":", toupper(FileName)) | take 2');
		expect(result.schema).toEqual([{ name: 'Device', type: 'String' }, { name: 'ProcessId', type: 'Int64' }, { name: 'Label', type: 'String' }]);
		expect(result.results).toEqual([
			{ Device: 'ws-1', ProcessId: 10, Label: 'ws-1:POWERSHELL.EXE' },
			{ Device: 'ws-2', ProcessId: 20, Label: 'ws-2:POWERSHELL.EXE' },
		]);
	});

	it('project-away drops columns', () => {
		expect(columns('DeviceProcessEvents | project-away ProcessCommandLine, Timestamp')).toEqual(['DeviceName:String', 'FileName:String', 'ProcessId:Int64']);
	});

	it('extend adds computed columns, replaces in place and takes Kusto\'s types and names', () => {
		const result = run('DeviceProcessEvents | take 1 | extend Lower = tolower(FileName), Half = ProcessId / 4, Ratio = ProcessId * 1.5, Age = now() - Timestamp, ProcessId = ProcessId + 1, strcat("a", "b")');
		expect(result.schema.map(({ name, type }) => `${name}:${type}`)).toEqual([
			'Timestamp:DateTime', 'DeviceName:String', 'FileName:String', 'ProcessCommandLine:String', 'ProcessId:Int64',
			'Lower:String', 'Half:Int64', 'Ratio:Double', 'Age:TimeSpan', 'Column1:String',
		]);
		expect(result.results[0]).toMatchObject({ ProcessId: 11, Lower: 'powershell.exe', Half: 2, Ratio: 15, Age: '01:00:00', Column1: 'ab' });
	});

	it('take and limit', () => {
		expect(ids('DeviceProcessEvents | take 2')).toEqual([10, 20]);
		expect(ids('DeviceProcessEvents | limit 1')).toEqual([10]);
	});

	it('top N by a key, descending unless asked', () => {
		expect(ids('DeviceProcessEvents | top 2 by ProcessId')).toEqual([30, 25]);
		expect(ids('DeviceProcessEvents | top 2 by ProcessId asc')).toEqual([10, 20]);
	});

	it('order by and sort by with several keys, descending by default', () => {
		expect(ids('DeviceProcessEvents | order by DeviceName asc, ProcessId desc')).toEqual([25, 30, 10, 20]);
		expect(ids('DeviceProcessEvents | sort by Timestamp')).toEqual([10, 20, 30, 25]);
		expect(ids('DeviceProcessEvents | sort by Timestamp asc')).toEqual([25, 30, 20, 10]);
	});

	it('distinct and count', () => {
		expect(run('DeviceProcessEvents | distinct DeviceName | order by DeviceName asc').results).toEqual([{ DeviceName: 'münchen-3' }, { DeviceName: 'ws-1' }, { DeviceName: 'ws-2' }]);
		expect(run('DeviceProcessEvents | count')).toMatchObject({ schema: [{ name: 'Count', type: 'Int64' }], results: [{ Count: 4 }] });
	});

	it('range is a tabular source', () => {
		expect(run('range x from 1 to 7 step 3')).toMatchObject({ schema: [{ name: 'x', type: 'Int64' }], results: [{ x: 1 }, { x: 4 }, { x: 7 }] });
	});
});

describe('summarize', () => {
	it('aggregates by columns with Kusto\'s column names and types', () => {
		const result = run('DeviceProcessEvents | summarize count(), dcount(FileName), min(ProcessId), Newest = max(Timestamp), sum(ProcessId), avg(ProcessId) by DeviceName | order by DeviceName asc');
		expect(result.schema.map(({ name, type }) => `${name}:${type}`)).toEqual([
			'DeviceName:String', 'count_:Int64', 'dcount_FileName:Int64', 'min_ProcessId:Int64', 'Newest:DateTime', 'sum_ProcessId:Int64', 'avg_ProcessId:Double',
		]);
		expect(result.results).toEqual([
			{ DeviceName: 'münchen-3', count_: 1, dcount_FileName: 1, min_ProcessId: 25, Newest: '2026-11-18T10:00:00.0000000Z', sum_ProcessId: 25, avg_ProcessId: 25 },
			{ DeviceName: 'ws-1', count_: 2, dcount_FileName: 2, min_ProcessId: 10, Newest: '2026-11-20T11:00:00.0000000Z', sum_ProcessId: 40, avg_ProcessId: 20 },
			{ DeviceName: 'ws-2', count_: 1, dcount_FileName: 1, min_ProcessId: 20, Newest: '2026-11-20T10:00:00.0000000Z', sum_ProcessId: 20, avg_ProcessId: 20 },
		]);
	});

	it('groups by bin() of the timestamp and lets later operators use the generated names', () => {
		expect(run('DeviceProcessEvents | summarize Processes = count() by bin(Timestamp, 1d) | order by Timestamp asc').results).toEqual([
			{ Timestamp: '2026-11-18T00:00:00.0000000Z', Processes: 1 },
			{ Timestamp: '2026-11-19T00:00:00.0000000Z', Processes: 1 },
			{ Timestamp: '2026-11-20T00:00:00.0000000Z', Processes: 2 },
		]);
		expect(run('DeviceProcessEvents | summarize count() by DeviceName | where count_ > 1').results).toEqual([{ DeviceName: 'ws-1', count_: 2 }]);
	});

	it('without by returns one row, even over no rows', () => {
		expect(run('DeviceProcessEvents | where ProcessId > 1000 | summarize count()').results).toEqual([{ count_: 0 }]);
	});
});

describe('limits and the time window', () => {
	it('sees only rows inside the window (default: the last 30 days)', () => {
		expect(run('DeviceProcessEvents | count', { window: { start: ago(5), end: now } }).results).toEqual([{ Count: 2 }]);
		expect(run('DeviceProcessEvents | count', { window: { start: ago(45 * 24), end: ago(20) } }).results).toEqual([{ Count: 3 }]);
		expect(ids('DeviceProcessEvents')).not.toContain(40);
	});

	it('writes DateTime values with seven fractional digits', () => {
		const tables: HuntingTables = { T: { schema: [{ name: 'Timestamp', type: 'DateTime' }], rows: [{ Timestamp: new Date('2026-11-20T06:38:35.766Z') }] } };
		expect(runHunting('T', { tables, now }).results).toEqual([{ Timestamp: '2026-11-20T06:38:35.7660000Z' }]);
	});

	it('refuses more rows than allowed instead of cutting them off', () => {
		expect(run('range x from 1 to 100000 step 1').results).toHaveLength(100000);
		expect(failure('range x from 1 to 100001 step 1').message).toBe(
			'Query result exceeded the maximum allowed 100000 rows (it has 100001). Reduce the result with take, summarize, project or a shorter time range.',
		);
		expect(failure('range x from 1 to 4 step 1', { maxRows: 3 }).message).toMatch(/maximum allowed 3 rows/);
		expect(run('range x from 1 to 3 step 1', { maxRows: 3 }).results).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
	});

	it('answers a range too large to materialize as a gateway timeout', () => {
		expect(() => run('range x from 1 to 20000000 step 1')).toThrow(
			expect.objectContaining({ status: 504, code: 'GatewayTimeout', message: 'Query execution has exceeded the allowed limits: range of more than 10000000 rows.' }),
		);
	});

	it('refuses results larger than the byte limit', () => {
		expect(failure('range x from 1 to 1000 step 1', { maxResultBytes: 100 }).message).toMatch(/exceeds the maximum allowed 100 bytes/);
	});
});

describe('seeded Defender tables', () => {
	const tables = createHuntingTables({ seed: 7, now });

	it('are the same for the same seed and differ for another', () => {
		const again = createHuntingTables({ seed: 7, now });
		const other = createHuntingTables({ seed: 8, now });
		for (const name of Object.keys(tables)) expect(again[name]).toEqual(tables[name]);
		expect(other.DeviceProcessEvents.rows).not.toEqual(tables.DeviceProcessEvents.rows);
		const query = 'DeviceProcessEvents | summarize count() by FileName | order by FileName asc';
		expect(runHunting(query, { tables: again, now }).results).toEqual(runHunting(query, { tables, now }).results);
	});

	it('carry real Defender column names and types', () => {
		expect(Object.keys(tables).sort()).toEqual([
			'AlertEvidence', 'AlertInfo', 'DeviceFileEvents', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceProcessEvents', 'DeviceTvmSoftwareVulnerabilities', 'EmailEvents', 'IdentityLogonEvents',
		]);
		const schemaOf = (table: string) => runHunting(`${table} | take 1`, { tables, now }).schema.map(({ name, type }) => `${name}:${type}`);
		expect(schemaOf('DeviceProcessEvents')).toEqual(expect.arrayContaining(['Timestamp:DateTime', 'DeviceName:String', 'FileName:String', 'ProcessCommandLine:String', 'ProcessId:Int64', 'AccountName:String']));
		expect(schemaOf('DeviceNetworkEvents')).toEqual(expect.arrayContaining(['RemoteIP:String', 'RemotePort:Int32', 'RemoteUrl:String']));
		expect(schemaOf('DeviceLogonEvents')).toEqual(expect.arrayContaining(['LogonType:String', 'IsLocalAdmin:Boolean']));
		expect(schemaOf('EmailEvents')).toEqual(expect.arrayContaining(['SenderFromAddress:String', 'Subject:String', 'AttachmentCount:Int32']));
		expect(schemaOf('IdentityLogonEvents')).toEqual(expect.arrayContaining(['AccountUpn:String', 'IPAddress:String']));
		expect(schemaOf('AlertInfo')).toEqual(expect.arrayContaining(['AlertId:String', 'Severity:String', 'Title:String']));
		expect(schemaOf('AlertEvidence')).toEqual(expect.arrayContaining(['AlertId:String', 'EntityType:String', 'AdditionalFields:Dynamic', 'DeviceId:String', 'AccountUpn:String', 'AccountSid:String', 'SHA1:String', 'RemoteUrl:String']));
		expect(schemaOf('DeviceFileEvents')).toEqual(expect.arrayContaining(['SHA1:String', 'SHA256:String', 'MD5:String', 'FileSize:Int64', 'FolderPath:String']));
		expect(schemaOf('DeviceTvmSoftwareVulnerabilities')).toEqual(expect.arrayContaining(['DeviceId:String', 'SoftwareName:String', 'CveId:String', 'VulnerabilitySeverityLevel:String']));
		// A snapshot of the device's software, not events: no Timestamp, always visible.
		expect(schemaOf('DeviceTvmSoftwareVulnerabilities')).not.toContain('Timestamp:DateTime');
		expect(tables.DeviceTvmSoftwareVulnerabilities.rows.length).toBeGreaterThan(0);
		for (const table of Object.values(tables).filter((candidate) => candidate !== tables.DeviceTvmSoftwareVulnerabilities)) {
			expect(table.rows).toHaveLength(300);
			expect(table.rows.every((row) => Object.keys(row).sort().join() === table.schema.map((column) => column.name).sort().join())).toBe(true);
			const times = table.rows.map((row) => (row.Timestamp as Date).getTime());
			expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 30 * 24 * hour);
			expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
		}
	});

	it('hold rows the usual hunting examples find, and non-ASCII text', () => {
		const count = (query: string) => Number(runHunting(`${query} | count`, { tables, now }).results[0].Count);
		expect(count('DeviceProcessEvents | where FileName =~ "powershell.exe" and ProcessCommandLine has "EncodedCommand"')).toBeGreaterThan(0);
		expect(count('DeviceProcessEvents | where FileName =~ "mimikatz.exe"')).toBeGreaterThan(0);
		expect(count('DeviceLogonEvents | where ActionType == "LogonFailed" and isnotempty(FailureReason)')).toBeGreaterThan(0);
		expect(count('EmailEvents | where ThreatTypes has "Phish"')).toBeGreaterThan(0);
		expect(count('DeviceProcessEvents | where DeviceName contains "ü"')).toBeGreaterThan(0);
	});
});
