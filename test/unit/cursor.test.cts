import {
	beforeAnyIncident,
	belowFloor,
	compareInstants,
	deliveryKey,
	deliveryKeyLength,
	maximumRemembered,
	pruneDelivered,
	readState,
	windowStart,
	withinHorizon,
	writeState,
	type TriggerState,
} from '../../nodes/MicrosoftDefenderXdr/trigger/cursor';
import type { IncidentSummary } from '../../nodes/MicrosoftDefenderXdr/model/records';

const minute = 60_000;
const at = (milliseconds: number) => new Date(Date.UTC(2026, 5, 1) + milliseconds).toISOString();

describe('compareInstants', () => {
	it('orders Defender\'s seven fractional digits beyond milliseconds', () => {
		expect(compareInstants('2026-06-01T00:00:00.1234567Z', '2026-06-01T00:00:00.1234566Z')).toBeGreaterThan(0);
		expect(compareInstants('2026-06-01T00:00:00.123Z', '2026-06-01T00:00:00.1230000Z')).toBe(0);
		expect(compareInstants('2026-06-01T00:00:00Z', '2026-06-01T00:00:01Z')).toBeLessThan(0);
	});
});

const incident = { id: '42', createdAt: at(0), updatedAt: at(minute) } as IncidentSummary;

describe('delivery keys', () => {
	it('gives a new incident one key and each update its own, each a short hash', () => {
		expect(deliveryKey('incidentCreated', incident)).toBe(deliveryKey('alertCreated', { ...incident, updatedAt: at(2 * minute) }));
		expect(deliveryKey('incidentUpdated', incident)).not.toBe(deliveryKey('incidentCreated', incident));
		expect(deliveryKey('incidentUpdated', incident)).not.toBe(deliveryKey('incidentUpdated', { ...incident, updatedAt: at(2 * minute) }));
		expect(deliveryKey('incidentUpdated', incident)).toHaveLength(deliveryKeyLength);
	});
});

describe('state in static data', () => {
	it('reads back what it wrote, floor included, and ignores what is not a state', () => {
		const staticData = {};
		const state: TriggerState = { cursor: at(0), delivered: { [deliveryKey('incidentCreated', incident)]: at(0), [deliveryKey('incidentUpdated', incident)]: at(minute) }, floor: at(-minute) };
		writeState(staticData, 'incidentCreated', state);
		expect(readState(staticData, 'incidentCreated')).toEqual(state);
		expect(readState({ cursor: 'yesterday' }, 'incidentCreated')).toBeUndefined();
		expect(readState({ cursor: at(0), delivered: { a: 5 } }, 'incidentCreated')).toEqual({ cursor: at(0), delivered: {} });
	});

	it('reads the state of earlier versions (raw keys) with its keys hashed, so an upgrade delivers nothing twice', () => {
		expect(readState({ cursor: at(0), delivered: { '42': at(0) } }, 'incidentCreated')?.delivered).toEqual({ [deliveryKey('incidentCreated', incident)]: at(0) });
	});

	it(`stores ${maximumRemembered.toLocaleString('en-US')} keys of one instant in about 12 bytes each, and keeps them all (issue 22)`, () => {
		const delivered: Record<string, string> = {};
		for (let index = 0; index < maximumRemembered; index++) delivered[deliveryKey('alertCreated', { ...incident, id: `alert-${index}` })] = at(0);
		const pruned = pruneDelivered({ cursor: at(0), delivered }, 15 * minute);
		expect(pruned.floor).toBeUndefined();
		const staticData = {};
		writeState(staticData, 'alertCreated', pruned);
		expect(JSON.stringify(staticData).length).toBeLessThan(maximumRemembered * deliveryKeyLength + 1000);
		expect(Object.keys(readState(staticData, 'alertCreated')?.delivered ?? {})).toHaveLength(maximumRemembered);
	});

	it('keeps each event\'s state to itself: another event\'s state, or an untagged one for an alert event, is none', () => {
		const staticData = {};
		writeState(staticData, 'alertCreated', { cursor: at(0), delivered: {} });
		expect(readState(staticData, 'alertCreated')).toEqual({ cursor: at(0), delivered: {} });
		expect(readState(staticData, 'alertUpdated')).toBeUndefined();
		expect(readState(staticData, 'incidentCreated')).toBeUndefined();
		// State written before events were recorded was an incident event's.
		expect(readState({ cursor: at(0), delivered: {} }, 'incidentUpdated')).toEqual({ cursor: at(0), delivered: {} });
		expect(readState({ cursor: at(0), delivered: {} }, 'alertCreated')).toBeUndefined();
	});
});

describe('the window and its floor', () => {
	it('starts the overlap behind the cursor, but never at or before the floor', () => {
		expect(windowStart({ cursor: at(15 * minute), delivered: {} }, 15 * minute)).toBe(at(0));
		expect(windowStart({ cursor: at(15 * minute), delivered: {}, floor: at(10 * minute) }, 15 * minute)).toBe(at(10 * minute));
		expect(belowFloor({ cursor: at(0), delivered: {}, floor: at(0) }, at(0))).toBe(true);
		expect(belowFloor({ cursor: at(0), delivered: {}, floor: at(0) }, at(1))).toBe(false);
	});

	it('starts an empty tenant before any incident, so whatever arrives next is new', () => {
		expect(compareInstants(beforeAnyIncident, '2000-01-01T00:00:00Z')).toBeLessThan(0);
	});
});

describe('pruneDelivered (case 7)', () => {
	it('forgets keys that fell out of the window and keeps the rest', () => {
		const pruned = pruneDelivered({ cursor: at(30 * minute), delivered: { old: at(0), recent: at(20 * minute) } }, 15 * minute);
		expect(pruned.delivered).toEqual({ recent: at(20 * minute) });
		expect(pruned.floor).toBeUndefined();
	});

	it('never lets go of a key inside the window that a later poll could read as new', () => {
		// 20,100 deliveries inside one 15-minute window: more than the state holds.
		const delivered: Record<string, string> = {};
		for (let index = 0; index < 20_100; index++) delivered[`incident-${index}`] = at(Math.floor(index / 7) * 100);
		const state: TriggerState = { cursor: at(10 * minute), delivered };
		const pruned = pruneDelivered(state, 15 * minute);
		expect(Object.keys(pruned.delivered).length).toBeLessThanOrEqual(maximumRemembered);
		// Every delivered incident is either still remembered or at or before the floor, where the window no longer reaches.
		for (const [key, timestamp] of Object.entries(delivered)) {
			expect(pruned.delivered[key] !== undefined || belowFloor(pruned, timestamp)).toBe(true);
		}
		expect(compareInstants(windowStart(pruned, 15 * minute), pruned.floor ?? '')).toBe(0);
	});

	it('lets a burst of identical timestamps go whole rather than split it', () => {
		const delivered: Record<string, string> = {};
		for (let index = 0; index < maximumRemembered + 10; index++) delivered[`incident-${index}`] = at(0);
		const pruned = pruneDelivered({ cursor: at(0), delivered }, 15 * minute);
		expect(pruned.delivered).toEqual({});
		expect(pruned.floor).toBe(at(0));
	});
});

describe('withinHorizon (case 10)', () => {
	it('keeps a timestamp near the local clock and caps one years ahead', () => {
		const now = Date.parse(at(0));
		expect(withinHorizon(at(minute), now)).toBe(at(minute));
		expect(withinHorizon('2099-01-01T00:00:00Z', now)).toBe(at(5 * minute));
	});
});
