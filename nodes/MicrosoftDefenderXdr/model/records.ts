import type { IDataObject } from 'n8n-workflow';

import type { AlertEntities } from './entities';
import type { AlertStatus, Classification, IncidentStatus, Severity } from './enums';

/*
 * What operations and the trigger hand to a backend and get back from it. Enum values use the Graph spelling
 * (camelCase); the backends convert for the legacy API.
 */

/** What incident and alert lists are filtered and sorted by alike (both list pages document it). */
export interface TriageQuery<Status extends string> {
	statuses?: Status[];
	severities?: Severity[];
	assignedTo?: string;
	classifications?: Classification[];
	determinations?: string[];
	/** ISO 8601 bounds; `after` is inclusive (ge), `before` exclusive (lt). */
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	/** Power users' own OData filter, joined to the typed filters with `and`. */
	rawFilter?: string;
	orderBy?: { field: 'createdAt' | 'updatedAt'; direction: 'asc' | 'desc' };
}

export interface IncidentQuery extends TriageQuery<IncidentStatus> {
	/** Incidents carrying all of these tags. */
	tags?: string[];
	includeAlerts?: boolean;
}

export interface AlertQuery extends TriageQuery<AlertStatus> {
	serviceSources?: string[];
	/** Only this incident's alerts: read through the incident (Graph documents no incidentId filter). */
	incidentId?: string;
}

/** What a Get or a list reads into its records; `api/presentation.ts` decides it from Simplify and Entities. */
export interface ReadOptions {
	/** Only the summary is wanted (Simplify): Graph is asked for the summary's fields alone. */
	summaryOnly?: boolean;
	/** The records carry the entities of their evidence (an incident's: of its alerts, so ask for them too). */
	entities?: boolean;
}

export interface ListOptions extends ReadOptions {
	/** Stop after this many items (undefined: all). */
	limit?: number;
	/**
	 * The caller reads the list to its end at once (Return All), so it may be read in several time slices at a time;
	 * a caller that reads lazily, page by page (the trigger), leaves it off.
	 */
	wholeList?: boolean;
}

export interface IncidentChanges {
	status?: IncidentStatus;
	/** null unassigns, as both APIs document "null if no owner is assigned". */
	assignedTo?: string | null;
	classification?: Classification;
	determination?: string;
	/** The complete tag list to store (the APIs replace the list). */
	tags?: string[];
}

export interface AlertChanges {
	status?: AlertStatus;
	assignedTo?: string | null;
	classification?: Classification;
	determination?: string;
}

/** The compact, API-independent shape `simplify` returns; identical for Graph and legacy. */
export interface IncidentSummary {
	id: string;
	title: string;
	severity: Severity | string;
	status: IncidentStatus | string;
	classification: string;
	determination: string;
	assignedTo: string | null;
	tags: string[];
	createdAt: string;
	updatedAt: string;
	url: string | null;
	/** Only with Include Alerts, on both APIs (so the keys do not depend on the API): never a guess. */
	alertCount?: number;
	/** With Include Alerts, when the incident's alerts could not be read: why (the incident is delivered anyway). */
	alertsUnavailable?: string;
	redirectedTo: string | null;
	commentCount: number;
}

export interface AlertSummary {
	id: string;
	incidentId: string | null;
	title: string;
	severity: string;
	status: string;
	classification: string;
	determination: string;
	/** The first of `categories`. */
	category: string | null;
	categories: string[];
	serviceSource: string | null;
	assignedTo: string | null;
	createdAt: string;
	updatedAt: string;
	url: string | null;
}

export interface HuntingResult {
	schema: Array<{ name: string; type: string }>;
	rows: IDataObject[];
}

/** An item as the API returned it together with its compact summary, mapped once by the backend. */
export interface DefenderRecord<Summary> {
	raw: IDataObject;
	summary: Summary;
	/** Only when read with `entities`: what the evidence names (an incident's: its alerts' evidence). */
	entities?: AlertEntities;
}

export type IncidentRecord = DefenderRecord<IncidentSummary & { alerts?: AlertSummary[] }>;
export type AlertRecord = DefenderRecord<AlertSummary> & {
	/** The product that detected the alert, as the API spells it; outside the summary, read by the trigger's filter. */
	detectionSource?: string | null;
};
