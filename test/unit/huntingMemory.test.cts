import {
	durationMilliseconds,
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

	it('tell a missing column from a column holding the text "null"', () => {
		expect(rowKey({ A: 'null' }, ['A'])).not.toBe(rowKey({}, ['A']));
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
