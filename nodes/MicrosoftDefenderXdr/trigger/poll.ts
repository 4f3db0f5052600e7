import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { createBackend, type BackendFactory, type DefenderBackend } from '../api';
import type { IncidentStatus, Severity } from '../model/enums';
import { presented, type IncidentQuery, type IncidentSummary } from '../model/records';
import { listOf } from '../model/values';
import { asNodeError } from '../transport/nodeErrors';
import {
	beforeAnyIncident,
	belowFloor,
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

interface TriggerSettings {
	event: TriggerEvent;
	query: IncidentQuery;
	excludeRedirected: boolean;
	simplify: boolean;
	maxIncidentsPerPoll: number;
	backfillMilliseconds: number;
	overlapMilliseconds: number;
}

function readSettings(context: IPollFunctions): TriggerSettings {
	const event = context.getNodeParameter('event', 'incidentCreated') as TriggerEvent;
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const number = (name: string, fallback: number) => {
		const value = options[name] ?? fallback;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(context.getNode(), `The option "${name}" must be a number of 0 or more`);
		}
		return value;
	};
	const tags = listOf(filters.tags);
	const severities = (filters.severities as Severity[] | undefined) ?? [];
	const statuses = (filters.statuses as IncidentStatus[] | undefined) ?? [];
	const assignedTo = typeof filters.assignedTo === 'string' ? filters.assignedTo.trim() : '';
	return {
		event,
		query: {
			severities: severities.length ? severities : undefined,
			statuses: statuses.length ? statuses : undefined,
			assignedTo: assignedTo || undefined,
			tags: tags.length ? tags : undefined,
			includeAlerts: options.includeAlerts === true,
		},
		excludeRedirected: filters.excludeRedirected !== false,
		// On unless switched off: an incident delivered from a saved workflow without the option is simplified too.
		simplify: options.simplify !== false,
		maxIncidentsPerPoll: Math.max(1, Math.floor(number('maxIncidentsPerPoll', 100))),
		backfillMilliseconds: number('backfillHours', 0) * 3600_000,
		overlapMilliseconds: number('overlapMinutes', 15) * 60_000,
	};
}

const sortFieldOf = (event: TriggerEvent) => (event === 'incidentCreated' ? 'createdAt' : 'updatedAt');

function boundedQuery(settings: TriggerSettings, lowerBound: string): IncidentQuery {
	const bound = settings.event === 'incidentCreated' ? { createdAfter: lowerBound } : { updatedAfter: lowerBound };
	return { ...settings.query, ...bound, orderBy: { field: sortFieldOf(settings.event), direction: 'asc' } };
}

function isWanted(settings: TriggerSettings, summary: IncidentSummary): boolean {
	return !(settings.excludeRedirected && (summary.status === 'redirected' || summary.redirectedTo !== null));
}

/** The newest incident's timestamp, whatever the filters: where "from now on" starts, read from Defender's data. */
async function newestTimestamp(backend: DefenderBackend, event: TriggerEvent): Promise<string | undefined> {
	for await (const page of backend.listIncidents({ orderBy: { field: sortFieldOf(event), direction: 'desc' } }, { limit: 1 })) {
		const [incident] = page;
		if (incident) return eventTimestamp(event, incident.summary);
	}
	return undefined;
}

/** "Fetch test event": the newest matching incident, whatever the cursor says; static data is not touched. */
async function newestMatching(backend: DefenderBackend, settings: TriggerSettings): Promise<INodeExecutionData[][] | null> {
	const query: IncidentQuery = { ...settings.query, orderBy: { field: sortFieldOf(settings.event), direction: 'desc' } };
	for await (const page of backend.listIncidents(query)) {
		const incident = page.find((candidate) => isWanted(settings, candidate.summary));
		if (incident) return [[{ json: presented(incident, settings.simplify) }]];
	}
	return null;
}

interface PollOutcome {
	state: TriggerState;
	emitted: IDataObject[];
}

/**
 * One pass over the overlap window and everything after it, oldest first. Already delivered keys are skipped;
 * the cursor moves only over what is emitted (or was delivered before), so anything left for later (the per-poll
 * maximum, the time budget, an error) is still ahead of the cursor at the next poll.
 */
async function collectNew(
	context: IPollFunctions,
	backend: DefenderBackend,
	settings: TriggerSettings,
	state: TriggerState,
	options: { emit: boolean; deadline: number },
): Promise<PollOutcome> {
	const delivered = { ...state.delivered };
	let cursor = state.cursor;
	const emitted: IDataObject[] = [];
	const outcome = () => ({ state: { ...state, cursor, delivered }, emitted });
	// The cursor follows Defender's timestamps, but never past a sane horizon (see withinHorizon).
	const advance = (timestamp: string) => (cursor = laterOf(cursor, withinHorizon(timestamp, Date.now())));
	try {
		for await (const page of backend.listIncidents(boundedQuery(settings, windowStart(state, settings.overlapMilliseconds)))) {
			for (const incident of page) {
				const { summary } = incident;
				const key = deliveryKey(settings.event, summary);
				const timestamp = eventTimestamp(settings.event, summary);
				if (delivered[key] !== undefined || belowFloor(state, timestamp)) {
					advance(timestamp);
					continue;
				}
				if (options.emit && isWanted(settings, summary)) {
					if (emitted.length >= settings.maxIncidentsPerPoll) return outcome();
					emitted.push(presented(incident, settings.simplify));
				}
				delivered[key] = timestamp;
				advance(timestamp);
			}
			if (Date.now() >= options.deadline) return outcome();
		}
	} catch (error) {
		// What was collected before the failure is delivered and remembered; with nothing collected, the poll
		// fails and the stored state stays exactly as it was.
		if (emitted.length === 0) throw asNodeError(context.getNode(), error);
	}
	return outcome();
}

export async function pollIncidents(
	this: IPollFunctions,
	openBackend: BackendFactory = createBackend,
): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	// n8n 2.x tells a poll how long it may take; 1.x does not.
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const startedAt = Date.now();
	const deadline = budget ? startedAt + budget * 0.8 : Number.POSITIVE_INFINITY;
	const backend = await openBackend(this, budget ? { maxWaitMilliseconds: budget * 0.5 } : {});

	if (this.getMode() === 'manual') return await newestMatching(backend, settings);

	const staticData = this.getWorkflowStaticData('node');
	const stored = readState(staticData);
	if (!stored) {
		// First activation: remember what exists now without emitting it, unless a backfill was asked for.
		if (settings.backfillMilliseconds > 0) {
			const start: TriggerState = { cursor: new Date(startedAt - settings.backfillMilliseconds).toISOString(), delivered: {} };
			return await finish(staticData, settings, await collectNew(this, backend, settings, { ...start }, { emit: true, deadline }));
		}
		// Where "from now on" starts is read from Defender's data, never from the local clock: on a tenant without
		// incidents, everything that arrives next is new, whatever n8n's clock says.
		const newestKnown = await newestTimestamp(backend, settings.event);
		const newest = newestKnown === undefined ? beforeAnyIncident : withinHorizon(newestKnown, startedAt);
		const known = await collectNew(this, backend, settings, { cursor: newest, delivered: {} }, { emit: false, deadline: Number.POSITIVE_INFINITY });
		writeState(staticData, pruneDelivered(known.state, settings.overlapMilliseconds));
		return null;
	}
	return await finish(staticData, settings, await collectNew(this, backend, settings, stored, { emit: true, deadline }));
}

function finish(staticData: IDataObject, settings: TriggerSettings, outcome: PollOutcome): INodeExecutionData[][] | null {
	writeState(staticData, pruneDelivered(outcome.state, settings.overlapMilliseconds));
	return outcome.emitted.length ? [outcome.emitted.map((json) => ({ json }))] : null;
}
