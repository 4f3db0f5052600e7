import { isIsoTimespan } from '../../nodes/MicrosoftDefenderXdr/actions/huntingQuery/timespan';
import { isDuration } from '../../nodes/MicrosoftDefenderXdr/model/response';
import { durationInMilliseconds, durationParts } from '../../nodes/MicrosoftDefenderXdr/model/values';
import { durationMilliseconds } from '../../nodes/MicrosoftDefenderXdr/trigger/huntingMemory';

/** One reader of ISO 8601 durations serves the hunting Timespan, the hunting event's look-back and rule frequencies. */
describe('ISO 8601 durations', () => {
	it.each(['P', 'PT', 'P1DT', 'PT1', '1D', 'P-1D', 'P1.5D', 'p1d', ''])('refuses %j everywhere', (text) => {
		expect(durationParts(text)).toBeUndefined();
		expect(isIsoTimespan(text)).toBe(false);
		expect(durationMilliseconds(text)).toBeUndefined();
		expect(isDuration(text)).toBe(false);
	});

	it('reads every part', () => {
		expect(durationParts('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
		const oneDayAndSixHours = durationParts('P1DT6H');
		expect(oneDayAndSixHours && durationInMilliseconds(oneDayAndSixHours)).toBe(30 * 3600_000);
		expect(durationMilliseconds('P30D')).toBe(30 * 24 * 3600_000);
		expect(durationMilliseconds('PT0S')).toBeUndefined();
	});

	it('takes only days and time for a detection rule frequency (Graph Edm.Duration)', () => {
		for (const frequency of ['PT1H', 'PT3H', 'PT12H', 'P1D', 'PT0S', 'P1DT12H']) expect(isDuration(frequency)).toBe(true);
		for (const frequency of ['P1W', 'P1Y', 'P1M', 'PT1.5S']) expect(isDuration(frequency)).toBe(false);
	});

	it('takes years, months and weeks in a hunting Timespan', () => {
		for (const timespan of ['P1Y', 'P1M', 'P2W', 'P30D', 'PT12H', '2025-01-01T00:00:00Z/P1D']) expect(isIsoTimespan(timespan)).toBe(true);
	});
});
