import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { AlertSummary, DefenderRecord, IncidentSummary } from '../model/records';
import { asNodeError } from '../transport/nodeErrors';
import {
	beforeAnyIncident,
	belowFloor,
	compareInstants,
	deliveryKey,
	eventTimestamp,
	laterOf,
	pruneDelivered,
	readState,
	windowStart,
	withinHorizon,
	writeState,
	type TriggerEvent,
	type TriggerState,
} from './cursor';

/**
 * What the incident and alert events share: items on a timeline of Defender's own timestamps (creation or last
 * update), read oldest first from a cursor minus an overlap window, each delivered once by its delivery key.
 * An event supplies only how to list, stamp, filter and present its items.
 */
export interface Timeline<Item extends DefenderRecord<IncidentSummary | AlertSummary>> {
	event: TriggerEvent;
	/** Pages oldest first, from `lowerBound` (inclusive) on, with the filters the API applies itself. */
	pagesFrom(lowerBound: string): AsyncIterable<Item[]>;
	/** Pages newest first; `filtered`: with the filters the API applies (for "Fetch test event"), else all items. */
	newestFirst(filtered: boolean, limit?: number): AsyncIterable<Item[]>;
	/** Filters the API cannot apply; unwanted items are remembered as seen, never delivered. */
	isWanted(item: Item): boolean;
	present(item: Item): IDataObject;
}

/** Any event's timeline (its methods accept its own records; TypeScript checks methods bivariantly). */
export type AnyTimeline = Timeline<DefenderRecord<IncidentSummary | AlertSummary>>;

export interface TimelineLimits {
	maxPerPoll: number;
	backfillMilliseconds: number;
	overlapMilliseconds: number;
}

/** The newest item's timestamp, whatever the filters: where "from now on" starts, read from Defender's data. */
async function newestTimestamp(timeline: AnyTimeline): Promise<string | undefined> {
	for await (const page of timeline.newestFirst(false, 1)) {
		const [item] = page;
		if (item) return eventTimestamp(timeline.event, item.summary);
	}
	return undefined;
}

/** "Fetch test event": the newest matching item, whatever the cursor says; static data is not touched. */
async function newestMatching(timeline: AnyTimeline): Promise<INodeExecutionData[][] | null> {
	for await (const page of timeline.newestFirst(true)) {
		const item = page.find((candidate) => timeline.isWanted(candidate));
		if (item) return [[{ json: timeline.present(item) }]];
	}
	return null;
}

interface PollOutcome {
	state: TriggerState;
	emitted: IDataObject[];
}

/** What one poll read of the window: the items, whether they came oldest first, whether the list ended. */
interface WindowRead {
	items: Array<DefenderRecord<IncidentSummary | AlertSummary>>;
	ordered: boolean;
	complete: boolean;
	/** The error that stopped reading, if one did. */
	failure?: unknown;
}

/**
 * Reads the overlap window and everything after it. The list pages do not document `$orderby` (docs/api-contract.md,
 * 2.3), so the order is checked item by item: while it holds, reading stops once more new items than the per-poll
 * maximum were seen (the rest lie ahead); once it breaks, the window is read to its end (bounded by the deadline
 * and the page bound) and sorted here. A failure ends the read and keeps what was read.
 */
async function readWindow(
	timeline: AnyTimeline,
	limits: TimelineLimits,
	state: TriggerState,
	deadline: number,
): Promise<WindowRead> {
	const read: WindowRead = { items: [], ordered: true, complete: false };
	let previous: string | undefined;
	let fresh = 0;
	try {
		for await (const page of timeline.pagesFrom(windowStart(state, limits.overlapMilliseconds))) {
			for (const item of page) {
				const timestamp = eventTimestamp(timeline.event, item.summary);
				if (previous !== undefined && compareInstants(timestamp, previous) < 0) read.ordered = false;
				previous = timestamp;
				read.items.push(item);
				if (state.delivered[deliveryKey(timeline.event, item.summary)] === undefined) fresh++;
			}
			if (Date.now() >= deadline || (read.ordered && fresh > limits.maxPerPoll)) return read;
		}
		read.complete = true;
	} catch (error) {
		read.failure = error;
	}
	return read;
}

/**
 * One pass over what was read, oldest first. Already delivered keys are skipped. The cursor moves only over what
 * is emitted (or was delivered before), and only when nothing unread can lie behind it: the items came in order
 * or the whole window was read. So anything left for later (the per-poll maximum, the time budget, an error, an
 * item the server sent out of order) is still ahead of the cursor at the next poll.
 */
async function collectNew(
	context: IPollFunctions,
	timeline: AnyTimeline,
	limits: TimelineLimits,
	state: TriggerState,
	options: { emit: boolean; deadline: number },
): Promise<PollOutcome> {
	const read = await readWindow(timeline, limits, state, options.deadline);
	const delivered = { ...state.delivered };
	let cursor = state.cursor;
	const emitted: IDataObject[] = [];
	const cursorMayMove = read.ordered || read.complete;
	// The cursor follows Defender's timestamps, but never past a sane horizon (see withinHorizon).
	const advance = (timestamp: string) => {
		if (cursorMayMove) cursor = laterOf(cursor, withinHorizon(timestamp, Date.now()));
	};
	const stamped = read.items.map((item) => ({ item, timestamp: eventTimestamp(timeline.event, item.summary) }));
	if (!read.ordered) stamped.sort((first, second) => compareInstants(first.timestamp, second.timestamp));
	for (const { item, timestamp } of stamped) {
		const key = deliveryKey(timeline.event, item.summary);
		if (delivered[key] !== undefined || belowFloor(state, timestamp)) {
			advance(timestamp);
			continue;
		}
		if (options.emit && timeline.isWanted(item)) {
			if (emitted.length >= limits.maxPerPoll) break;
			emitted.push(timeline.present(item));
		}
		delivered[key] = timestamp;
		advance(timestamp);
	}
	// What was collected before a failure is delivered and remembered; with nothing collected, the poll fails and
	// the stored state stays exactly as it was.
	if (read.failure !== undefined && emitted.length === 0) throw asNodeError(context.getNode(), read.failure);
	return { state: { ...state, cursor, delivered }, emitted };
}

function finish(staticData: IDataObject, event: TriggerEvent, limits: TimelineLimits, outcome: PollOutcome): INodeExecutionData[][] | null {
	writeState(staticData, event, pruneDelivered(outcome.state, limits.overlapMilliseconds));
	return outcome.emitted.length ? [outcome.emitted.map((json) => ({ json }))] : null;
}

/** One poll of a timeline event; `startedAt` and `deadline` come from the poll's budget. */
export async function pollTimeline(
	context: IPollFunctions,
	timeline: AnyTimeline,
	limits: TimelineLimits,
	timing: { startedAt: number; deadline: number },
): Promise<INodeExecutionData[][] | null> {
	if (context.getMode() === 'manual') return await newestMatching(timeline);

	const staticData = context.getWorkflowStaticData('node');
	const stored = readState(staticData, timeline.event);
	if (stored) {
		return finish(staticData, timeline.event, limits, await collectNew(context, timeline, limits, stored, { emit: true, deadline: timing.deadline }));
	}
	// First activation: remember what exists now without emitting it, unless a backfill was asked for.
	if (limits.backfillMilliseconds > 0) {
		const start: TriggerState = { cursor: new Date(timing.startedAt - limits.backfillMilliseconds).toISOString(), delivered: {} };
		return finish(staticData, timeline.event, limits, await collectNew(context, timeline, limits, start, { emit: true, deadline: timing.deadline }));
	}
	// Where "from now on" starts is read from Defender's data, never from the local clock: on a tenant without
	// incidents or alerts, everything that arrives next is new, whatever n8n's clock says.
	const newestKnown = await newestTimestamp(timeline);
	const newest = newestKnown === undefined ? beforeAnyIncident : withinHorizon(newestKnown, timing.startedAt);
	const known = await collectNew(context, timeline, limits, { cursor: newest, delivered: {} }, { emit: false, deadline: Number.POSITIVE_INFINITY });
	writeState(staticData, timeline.event, pruneDelivered(known.state, limits.overlapMilliseconds));
	return null;
}
