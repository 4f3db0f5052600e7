import type { IDataObject } from 'n8n-workflow';

import type { IncidentSummary } from '../model/records';

/**
 * The trigger's memory between polls, kept in the workflow's static data. The cursor is a timestamp read from
 * the incidents themselves (never the local clock); `delivered` remembers what was emitted inside the overlap
 * window, so incidents seen again there are not emitted twice.
 */
export interface TriggerState {
	/** The newest timestamp among what was emitted or skipped as already delivered. */
	cursor: string;
	/** Delivery keys (incident ID, plus its update time for update events) and the timestamp they carry. */
	delivered: Record<string, string>;
}

export type TriggerEvent = 'incidentCreated' | 'incidentUpdated';

/** Keys older than the overlap window cannot come back, but the set is capped in any case. */
const maximumRemembered = 20_000;

export function readState(staticData: IDataObject): TriggerState | undefined {
	const cursor = staticData.cursor;
	const delivered = staticData.delivered;
	if (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor))) return undefined;
	const remembered =
		typeof delivered === 'object' && delivered !== null && !Array.isArray(delivered)
			? Object.fromEntries(Object.entries(delivered).filter(([, value]) => typeof value === 'string'))
			: {};
	return { cursor, delivered: remembered as Record<string, string> };
}

export function writeState(staticData: IDataObject, state: TriggerState): void {
	staticData.cursor = state.cursor;
	staticData.delivered = state.delivered;
}

/** Which timestamp an event follows. */
export function eventTimestamp(event: TriggerEvent, incident: IncidentSummary): string {
	return event === 'incidentCreated' ? incident.createdAt : incident.updatedAt;
}

/** One key per delivery: a new incident once; an update once per change (its update time). */
export function deliveryKey(event: TriggerEvent, incident: IncidentSummary): string {
	return event === 'incidentCreated' ? incident.id : `${incident.id}@${incident.updatedAt}`;
}

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

/** Forgets keys whose timestamps fell out of the overlap window behind the cursor; keeps the newest if too many. */
export function pruneDelivered(state: TriggerState, overlapMilliseconds: number): TriggerState {
	const horizon = Date.parse(state.cursor) - overlapMilliseconds;
	let entries = Object.entries(state.delivered).filter(([, timestamp]) => Date.parse(timestamp) >= horizon);
	if (entries.length > maximumRemembered) {
		entries = entries.sort(([, first], [, second]) => compareInstants(second, first)).slice(0, maximumRemembered);
	}
	return { cursor: state.cursor, delivered: Object.fromEntries(entries) };
}
