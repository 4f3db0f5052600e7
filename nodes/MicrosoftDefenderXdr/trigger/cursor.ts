import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { AlertSummary, IncidentSummary } from '../model/records';

/**
 * The trigger's memory between polls, kept in the workflow's static data. The cursor is a timestamp read from
 * the incidents or alerts themselves (never the local clock); `delivered` remembers what was emitted inside the
 * overlap window, so items seen again there are not emitted twice.
 */
export interface TriggerState {
	/** The newest timestamp among what was emitted or skipped as already delivered. */
	cursor: string;
	/** Delivery keys (see deliveryKey) and the timestamp they carry. */
	delivered: Record<string, string>;
	/**
	 * Set once more keys fell inside the overlap window than the state holds: the window never reaches back to
	 * this instant or before it again (those keys were let go, so their incidents must not be read as new).
	 */
	floor?: string;
}

/** The events that follow Defender's timestamps (the hunting event keeps its own memory). */
export type TriggerEvent = 'incidentCreated' | 'incidentUpdated' | 'alertCreated' | 'alertUpdated';

const isCreation = (event: TriggerEvent) => event === 'incidentCreated' || event === 'alertCreated';

/**
 * The most delivery keys the state holds: 11 characters each in the workflow's static data, grouped by timestamp
 * (about 550 KB at the very most). Keys older than the overlap window cannot come back; beyond this many inside
 * it, the window is narrowed instead (`floor`), so this many items at one instant is where a late arrival at that
 * instant may be missed.
 */
export const maximumRemembered = 50_000;

/** 66 bits of SHA-256: a collision among 50,000 keys of one instant is about as likely as one in 10^10. */
export const deliveryKeyLength = 11;

/** The beginning of time for a tenant without incidents: whatever it gets next is new. */
export const beforeAnyIncident = '1970-01-01T00:00:00.000Z';

/**
 * How far ahead of the local clock the cursor may move. Timestamps come from Defender; one dated years ahead
 * must not carry the cursor (and the window) past every incident to come. Clocks that disagree by less than
 * this cost nothing; a larger disagreement only makes polls re-read (never miss) recent incidents.
 */
const clockTolerance = 5 * 60_000;

/** A timestamp no later than what the cursor may move to. */
export function withinHorizon(timestamp: string, now: number): string {
	const horizon = new Date(now + clockTolerance).toISOString();
	return compareInstants(timestamp, horizon) > 0 ? horizon : timestamp;
}

/**
 * The stored state of this event. State written for another event (the user switched events) is not this
 * event's; state from before events were recorded was an incident event's. Keys are stored grouped by their
 * timestamp (`deliveredKeys`: timestamp to concatenated keys); state from before that (`delivered`: raw key to
 * timestamp) is read with its keys hashed, so an upgrade delivers nothing twice.
 */
export function readState(staticData: IDataObject, event: TriggerEvent): TriggerState | undefined {
	const storedEvent = typeof staticData.event === 'string' ? staticData.event : undefined;
	if (storedEvent ? storedEvent !== event : !event.startsWith('incident')) return undefined;
	const cursor = staticData.cursor;
	if (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor))) return undefined;
	const entriesOf = (value: unknown) =>
		typeof value === 'object' && value !== null && !Array.isArray(value)
			? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
			: [];
	const delivered: Record<string, string> = {};
	for (const [timestamp, keys] of entriesOf(staticData.deliveredKeys)) {
		for (let offset = 0; offset + deliveryKeyLength <= keys.length; offset += deliveryKeyLength) {
			delivered[keys.slice(offset, offset + deliveryKeyLength)] = timestamp;
		}
	}
	for (const [rawKey, timestamp] of entriesOf(staticData.delivered)) delivered[hashedKey(rawKey)] = timestamp;
	const floor = typeof staticData.floor === 'string' && !Number.isNaN(Date.parse(staticData.floor)) ? staticData.floor : undefined;
	return { cursor, delivered, ...(floor ? { floor } : {}) };
}

export function writeState(staticData: IDataObject, event: TriggerEvent, state: TriggerState): void {
	const grouped: Record<string, string> = {};
	for (const [key, timestamp] of Object.entries(state.delivered)) grouped[timestamp] = (grouped[timestamp] ?? '') + key;
	staticData.event = event;
	staticData.cursor = state.cursor;
	staticData.deliveredKeys = grouped;
	delete staticData.delivered;
	if (state.floor) staticData.floor = state.floor;
	else delete staticData.floor;
}

/** Where a poll starts reading: the overlap window behind the cursor, but never back to the floor. */
export function windowStart(state: TriggerState, overlapMilliseconds: number): string {
	const start = new Date(Date.parse(state.cursor) - overlapMilliseconds).toISOString();
	return state.floor ? laterOf(start, state.floor) : start;
}

/** Whether an incident's timestamp lies at or before the floor: its key may have been let go, so it is not new. */
export function belowFloor(state: TriggerState, timestamp: string): boolean {
	return state.floor !== undefined && compareInstants(timestamp, state.floor) <= 0;
}

/** Which timestamp an event follows. */
export function eventTimestamp(event: TriggerEvent, summary: IncidentSummary | AlertSummary): string {
	return isCreation(event) ? summary.createdAt : summary.updatedAt;
}

const hashedKey = (rawKey: string) => createHash('sha256').update(rawKey).digest('base64url').slice(0, deliveryKeyLength);

/**
 * One key per delivery: a new incident or alert once; an update once per change (its update time). Stored as a
 * short hash, so tens of thousands fit in the workflow's static data.
 */
export function deliveryKey(event: TriggerEvent, summary: IncidentSummary | AlertSummary): string {
	return hashedKey(isCreation(event) ? summary.id : `${summary.id}@${summary.updatedAt}`);
}

/** Which of its two timestamps an event lists by. */
export const sortFieldOf = (event: TriggerEvent): 'createdAt' | 'updatedAt' => (isCreation(event) ? 'createdAt' : 'updatedAt');

/** Compares ISO 8601 instants, including Defender's seven fractional digits, without losing precision. */
export function compareInstants(first: string, second: string): number {
	const difference = Date.parse(first) - Date.parse(second);
	if (difference !== 0 || Number.isNaN(difference)) return difference || 0;
	const fraction = (instant: string) => (/\.(\d+)/.exec(instant)?.[1] ?? '').padEnd(7, '0').slice(3, 7);
	return Number(fraction(first)) - Number(fraction(second));
}

export function laterOf(first: string, second: string): string {
	return compareInstants(first, second) >= 0 ? first : second;
}

/**
 * Forgets keys whose timestamps fell out of the overlap window behind the cursor. When more than
 * `maximumRemembered` remain, no key inside the window is forgotten on its own: the oldest timestamps are let go
 * whole and the floor moves up to the newest of them, so the window shrinks instead and nothing is read as new
 * twice.
 */
export function pruneDelivered(state: TriggerState, overlapMilliseconds: number): TriggerState {
	const start = windowStart(state, overlapMilliseconds);
	let entries = Object.entries(state.delivered).filter(([, timestamp]) => compareInstants(timestamp, start) >= 0 && !belowFloor(state, timestamp));
	let floor = state.floor;
	if (entries.length > maximumRemembered) {
		entries.sort(([, first], [, second]) => compareInstants(second, first));
		const cut = entries[maximumRemembered][1];
		entries = entries.filter(([, timestamp]) => compareInstants(timestamp, cut) > 0);
		floor = cut;
	}
	return { cursor: state.cursor, delivered: Object.fromEntries(entries), ...(floor ? { floor } : {}) };
}
