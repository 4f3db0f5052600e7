import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { createBackend, type BackendFactory, type DefenderBackend } from '../api';
import { alertReading, incidentReading, presentedRecord, type Presentation } from '../api/presentation';
import type { AlertStatus, IncidentStatus, Severity } from '../model/enums';
import type { AlertQuery, AlertRecord, IncidentQuery, IncidentRecord } from '../model/records';
import { listOf, nonEmpty } from '../model/values';
import { asNodeError } from '../transport/nodeErrors';
import { sortFieldOf, type TriggerEvent } from './cursor';
import { pollHuntingResults } from './hunting';
import { pollTimeline, type Timeline, type TimelineLimits } from './timeline';

type PollEvent = TriggerEvent | 'huntingResults';

/** A number option of 0 or more, or a clear error. */
function numberOption(context: IPollFunctions, options: IDataObject, name: string, fallback: number): number {
	const value = options[name] ?? fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(context.getNode(), `The option "${name}" must be a number of 0 or more`);
	}
	return value;
}

function readLimits(context: IPollFunctions, options: IDataObject, maxPerPollOption: string): TimelineLimits {
	return {
		maxPerPoll: Math.max(1, Math.floor(numberOption(context, options, maxPerPollOption, 100))),
		backfillMilliseconds: numberOption(context, options, 'backfillHours', 0) * 3600_000,
		overlapMilliseconds: numberOption(context, options, 'overlapMinutes', 15) * 60_000,
	};
}

/** Simplify is on unless switched off: a saved workflow without the option gets simplified items too. */
const presentationOf = (options: IDataObject): Presentation => ({ simplify: options.simplify !== false, entities: options.entities === true });

/**
 * A poll reads whole records whatever Simplify says (its alert filter reads the detection source, outside the
 * summary's fields); the presentation step decides the rest.
 */
const wholeRecords = { summaryOnly: false } as const;

const ascending = (event: TriggerEvent) => ({ field: sortFieldOf(event), direction: 'asc' as const });
const descending = (event: TriggerEvent) => ({ field: sortFieldOf(event), direction: 'desc' as const });
const lowerBoundOf = (event: TriggerEvent, lowerBound: string) =>
	sortFieldOf(event) === 'createdAt' ? { createdAfter: lowerBound } : { updatedAfter: lowerBound };

function incidentTimeline(context: IPollFunctions, backend: DefenderBackend, event: TriggerEvent, options: IDataObject): Timeline<IncidentRecord> {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const assignedTo = typeof filters.assignedTo === 'string' ? filters.assignedTo.trim() : '';
	const presentation = presentationOf(options);
	const { includeAlerts, ...reading } = { ...incidentReading(presentation, options.includeAlerts === true), ...wholeRecords };
	const query: IncidentQuery = {
		severities: nonEmpty((filters.severities as Severity[] | undefined) ?? []),
		statuses: nonEmpty((filters.statuses as IncidentStatus[] | undefined) ?? []),
		assignedTo: assignedTo || undefined,
		tags: nonEmpty(listOf(filters.tags)),
		includeAlerts,
	};
	const excludeRedirected = filters.excludeRedirected !== false;
	return {
		event,
		pagesFrom: (lowerBound) => backend.listIncidents({ ...query, ...lowerBoundOf(event, lowerBound), orderBy: ascending(event) }, reading),
		newestFirst: (filtered, limit) =>
			backend.listIncidents(filtered ? { ...query, orderBy: descending(event) } : { orderBy: descending(event) }, { ...reading, limit }),
		isWanted: ({ summary }) => !(excludeRedirected && (summary.status === 'redirected' || summary.redirectedTo !== null)),
		present: (incident) => presentedRecord(incident, presentation),
	};
}

function alertTimeline(context: IPollFunctions, backend: DefenderBackend, event: TriggerEvent, options: IDataObject): Timeline<AlertRecord> {
	const filters = context.getNodeParameter('alertFilters', {}) as IDataObject;
	const presentation = presentationOf(options);
	const reading = { ...alertReading(presentation), ...wholeRecords };
	const query: AlertQuery = {
		severities: nonEmpty((filters.severities as Severity[] | undefined) ?? []),
		statuses: nonEmpty((filters.statuses as AlertStatus[] | undefined) ?? []),
		serviceSources: nonEmpty((filters.serviceSources as string[] | undefined) ?? []),
	};
	// Graph cannot filter alerts by detection source: the trigger filters what it reads.
	const detectionSources = new Set((filters.detectionSources as string[] | undefined) ?? []);
	return {
		event,
		pagesFrom: (lowerBound) => backend.listAlerts({ ...query, ...lowerBoundOf(event, lowerBound), orderBy: ascending(event) }, reading),
		newestFirst: (filtered, limit) =>
			backend.listAlerts(filtered ? { ...query, orderBy: descending(event) } : { orderBy: descending(event) }, { ...reading, limit }),
		isWanted: ({ detectionSource }) => detectionSources.size === 0 || (typeof detectionSource === 'string' && detectionSources.has(detectionSource)),
		present: (alert) => presentedRecord(alert, presentation),
	};
}

/** One poll of whichever event the trigger is set to. */
export async function pollTrigger(
	this: IPollFunctions,
	openBackend: BackendFactory = createBackend,
): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'incidentCreated') as PollEvent;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	// n8n 2.x tells a poll how long it may take; 1.x does not.
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const startedAt = Date.now();
	const deadline = budget ? startedAt + budget * 0.8 : Number.POSITIVE_INFINITY;
	const backend = await openBackend(this, budget ? { maxWaitMilliseconds: budget * 0.5 } : {});
	try {
		if (event === 'huntingResults') return await pollHuntingResults(this, backend);
		const timeline = event.startsWith('alert')
			? alertTimeline(this, backend, event, options)
			: incidentTimeline(this, backend, event, options);
		const limits = readLimits(this, options, event.startsWith('alert') ? 'maxAlertsPerPoll' : 'maxIncidentsPerPoll');
		return await pollTimeline(this, timeline, limits, { startedAt, deadline });
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
}
