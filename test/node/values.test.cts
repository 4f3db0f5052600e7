import { instantOf } from '../../nodes/MicrosoftDefenderXdr/actions/common/values';
import { listOf } from '../../nodes/MicrosoftDefenderXdr/model/values';

describe('instants from the date picker and expressions', () => {
	it.each([
		['2025-01-15T10:00:00', 'UTC', '2025-01-15T10:00:00.000Z'],
		['2025-01-15T10:00:00', 'Europe/Berlin', '2025-01-15T09:00:00.000Z'],
		['2025-07-15T10:00:00', 'Europe/Berlin', '2025-07-15T08:00:00.000Z'],
		['2025-07-15T10:00:00', 'America/New_York', '2025-07-15T14:00:00.000Z'],
		['2025-07-15 10:00', 'Asia/Kolkata', '2025-07-15T04:30:00.000Z'],
		['2025-07-15', 'Europe/Berlin', '2025-07-14T22:00:00.000Z'],
		['2025-07-15T10:00:00.250', 'UTC', '2025-07-15T10:00:00.250Z'],
		// A wall-clock time skipped by the spring change lands just after it.
		['2025-03-30T02:30:00', 'Europe/Berlin', '2025-03-30T01:30:00.000Z'],
		// Values with a zone or offset are taken as they are, whatever the workflow's time zone.
		['2025-07-15T10:00:00Z', 'Europe/Berlin', '2025-07-15T10:00:00.000Z'],
		['2025-07-15T10:00:00+02:00', 'America/New_York', '2025-07-15T08:00:00.000Z'],
		['2025-07-15T10:00:00.123-0500', 'UTC', '2025-07-15T15:00:00.123Z'],
	])('%s in %s is %s', (value, timeZone, expected) => {
		expect(instantOf(value, timeZone)).toBe(expected);
	});

	it('takes Date objects as they are', () => {
		expect(instantOf(new Date('2025-07-15T10:00:00Z'), 'Europe/Berlin')).toBe('2025-07-15T10:00:00.000Z');
	});

	it.each(['yesterday', '2025-13-01T00:00:00Z', '2025-13-01T00:00:00', '2025-02-30', '2025-01-01T24:00:00', '2025-01-01T10:60:00', '', 'null'])('refuses %j', (value) => {
		expect(instantOf(value, 'UTC')).toBeUndefined();
	});
});

describe('lists', () => {
	it.each([
		['a, b ,c', ['a', 'b', 'c']],
		['a\nb,,', ['a', 'b']],
		[['a ', ' b', ''], ['a', 'b']],
		['', []],
		[undefined, []],
	])('%j is %j', (value, expected) => {
		expect(listOf(value)).toEqual(expected);
	});
});
