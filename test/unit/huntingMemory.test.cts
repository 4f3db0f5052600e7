import {
	durationMilliseconds,
	fingerprintOf,
	maximumRememberedRows,
	rememberedKeys,
	rememberPoll,
	rowKey,
	rowKeyLength,
	type HuntingMemory,
} from '../../nodes/MicrosoftDefenderXdr/trigger/huntingMemory';

const hour = 3600_000;
const empty: HuntingMemory = { fingerprint: 'f', groups: [] };

describe('row keys', () => {
	it('identify a row by its key columns only, or by the whole row whatever the column order', () => {
		const row = { Timestamp: '2026-12-01T10:00:00Z', DeviceId: 'd1', ReportId: 7, Note: 'a' };
		expect(rowKey(row, ['DeviceId', 'ReportId'])).toBe(rowKey({ ...row, Timestamp: 'later', Note: 'b' }, ['DeviceId', 'ReportId']));
		expect(rowKey(row, ['DeviceId', 'ReportId'])).not.toBe(rowKey({ ...row, ReportId: 8 }, ['DeviceId', 'ReportId']));
		expect(rowKey(row, [])).toBe(rowKey({ Note: 'a', ReportId: 7, DeviceId: 'd1', Timestamp: '2026-12-01T10:00:00Z' }, []));
		expect(rowKey(row, [])).not.toBe(rowKey({ ...row, Note: 'b' }, []));
		expect(rowKey(row, [])).toHaveLength(rowKeyLength);
	});

	it('tell rows apart by the whole row when a key column is null or missing, instead of collapsing them (issue 22)', () => {
		expect(rowKey({ A: null, B: 'x' }, ['A'])).not.toBe(rowKey({ A: null, B: 'y' }, ['A']));
		expect(rowKey({ B: 'x' }, ['A', 'B'])).not.toBe(rowKey({ B: 'x', C: 1 }, ['A', 'B']));
		expect(rowKey({ A: 1, B: 'x' }, ['A'])).toBe(rowKey({ A: 1, B: 'y' }, ['A']));
	});

	it('tell a missing column from a column holding the text "null"', () => {
		expect(rowKey({ A: 'null' }, ['A'])).not.toBe(rowKey({}, ['A']));
	});
});

describe('the query fingerprint', () => {
	it('ignores comments and whitespace but not a change inside a string literal (issue 22)', () => {
		const query = 'DeviceProcessEvents\n| where ProcessCommandLine has "-Encoded  Command"\n| project Timestamp, ReportId';
		const edited = '// new activity\nDeviceProcessEvents  // the table\n|where ProcessCommandLine has "-Encoded  Command"\n\n|  project Timestamp,ReportId  ';
		expect(fingerprintOf(edited, 'P1D', ['ReportId'])).toBe(fingerprintOf(query, 'P1D', ['ReportId']));
		expect(fingerprintOf(query.replace('Encoded  Command', 'Encoded Command'), 'P1D', ['ReportId'])).not.toBe(fingerprintOf(query, 'P1D', ['ReportId']));
		expect(fingerprintOf(query.replace('"-Encoded  Command"', "'// not a comment'"), 'P1D', ['ReportId'])).not.toBe(fingerprintOf(query.replace('"-Encoded  Command"', "'//'"), 'P1D', ['ReportId']));
		expect(fingerprintOf(query.replace('ReportId', 'Report Id'), 'P1D', ['ReportId'])).not.toBe(fingerprintOf(query, 'P1D', ['ReportId']));
	});
});

describe('the memory of delivered rows', () => {
	it('keeps a key while the query returns its row, and for the look-back range plus an hour after the last poll that saw it', () => {
		let memory = rememberPoll(empty, ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'], 0, hour);
		memory = rememberPoll(memory, ['aaaaaaaaaaaa'], 10 * hour, hour);
		// 'a' was seen just now, 'b' ten hours ago: past the look-back range and the hour of allowance.
		expect([...rememberedKeys(memory)]).toEqual(['aaaaaaaaaaaa']);
		memory = rememberPoll(memory, [], 11.5 * hour, hour);
		expect([...rememberedKeys(memory)]).toEqual(['aaaaaaaaaaaa']);
		memory = rememberPoll(memory, [], 12.1 * hour, hour);
		expect(rememberedKeys(memory).size).toBe(0);
	});

	it('moves a key seen again into the newest group, so it is stored once', () => {
		let memory = rememberPoll(empty, ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'], 0, hour);
		memory = rememberPoll(memory, ['bbbbbbbbbbbb', 'cccccccccccc'], 60_000, hour);
		expect(memory.groups).toEqual([
			{ seenAt: 60_000, keys: 'bbbbbbbbbbbbcccccccccccc' },
			{ seenAt: 0, keys: 'aaaaaaaaaaaa' },
		]);
	});

	it(`holds at most ${maximumRememberedRows.toLocaleString('en-US')} keys, forgetting those seen longest ago first`, () => {
		const key = (index: number) => index.toString(36).padStart(rowKeyLength, '0');
		let memory = empty;
		for (let poll = 0; poll < 3; poll++) {
			const keys = Array.from({ length: 60_000 }, (_, index) => key(poll * 60_000 + index));
			memory = rememberPoll(memory, keys, poll * 60_000, 24 * hour);
		}
		const remembered = rememberedKeys(memory);
		expect(remembered.size).toBe(maximumRememberedRows);
		const fromPoll = (poll: number) => [...remembered].filter((remembered) => Math.floor(parseInt(remembered, 36) / 60_000) === poll).length;
		// All of the newest poll's, the rest from the poll before; none of the first poll's.
		expect([fromPoll(2), fromPoll(1), fromPoll(0)]).toEqual([60_000, 40_000, 0]);
		expect(JSON.stringify(memory).length).toBeLessThan(maximumRememberedRows * rowKeyLength + 1000);
	});
});

describe('look-back durations', () => {
	it.each([
		['PT1H', hour],
		['P1D', 24 * hour],
		['P7D', 7 * 24 * hour],
		['PT90M', 1.5 * hour],
		['P1DT12H', 36 * hour],
		['PT30S', 30_000],
	])('%s is %d ms', (duration, milliseconds) => {
		expect(durationMilliseconds(duration)).toBe(milliseconds);
	});

	it.each(['P', 'PT', 'P0D', '1H', 'PT1H/2026-01-01T00:00:00Z', 'P1H', ''])('%s is refused', (duration) => {
		expect(durationMilliseconds(duration)).toBeUndefined();
	});
});
