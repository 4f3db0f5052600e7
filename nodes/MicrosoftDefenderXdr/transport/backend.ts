import type { IDataObject } from 'n8n-workflow';

import type { ApiName } from '../auth/clouds';

/**
 * One interface over the two Defender APIs. Operations and the trigger speak only this interface; the Graph and
 * legacy backends translate paths, field names and enum spellings. Enum values in queries, changes and
 * summaries use the Graph spelling (camelCase); the backends convert for the legacy API.
 */

export type IncidentStatus = 'active' | 'inProgress' | 'resolved' | 'redirected' | 'awaitingAction';
export type Severity = 'unknown' | 'informational' | 'low' | 'medium' | 'high';
export type Classification = 'unknown' | 'falsePositive' | 'truePositive' | 'informationalExpectedActivity';
export type AlertStatus = 'new' | 'inProgress' | 'resolved';

/** Operations the permission helper knows; each backend method maps to one. */
export type DefenderOperation =
	| 'listIncidents'
	| 'getIncident'
	| 'updateIncident'
	| 'addIncidentComment'
	| 'listAlerts'
	| 'getAlert'
	| 'updateAlert'
	| 'addAlertComment'
	| 'runHuntingQuery';

export interface IncidentQuery {
	statuses?: IncidentStatus[];
	severities?: Severity[];
	assignedTo?: string;
	classifications?: Classification[];
	determinations?: string[];
	/** ISO 8601 bounds; `after` is inclusive (ge), `before` exclusive (lt). */
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	/** Incidents carrying all of these tags. */
	tags?: string[];
	/** Power users' own OData filter, joined to the typed filters with `and`. */
	rawFilter?: string;
	includeAlerts?: boolean;
	orderBy?: { field: 'createdAt' | 'updatedAt'; direction: 'asc' | 'desc' };
}

export interface AlertQuery {
	severities?: Severity[];
	statuses?: AlertStatus[];
	serviceSources?: string[];
	incidentId?: string;
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	rawFilter?: string;
	orderBy?: { field: 'createdAt' | 'updatedAt'; direction: 'asc' | 'desc' };
}

export interface ListOptions {
	/** Stop after this many items (undefined: all). */
	limit?: number;
}

export interface IncidentChanges {
	status?: IncidentStatus;
	assignedTo?: string;
	classification?: Classification;
	determination?: string;
	/** The complete tag list to store (the APIs replace the list). */
	tags?: string[];
}

export interface AlertChanges {
	status?: AlertStatus;
	assignedTo?: string;
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
	alertCount: number | null;
	redirectedTo: string | null;
	commentCount: number;
}

export interface AlertSummary {
	id: string;
	incidentId: string | null;
	title: string;
	severity: string;
	status: string;
	classification: string | null;
	determination: string | null;
	category: string | null;
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

export interface DefenderBackend {
	readonly api: ApiName;

	/** Pages of incidents, as the API returns them; stop iterating to stop requesting. */
	listIncidents(query: IncidentQuery, options?: ListOptions): AsyncIterable<IDataObject[]>;
	getIncident(incidentId: string, options?: { includeAlerts?: boolean }): Promise<IDataObject>;
	updateIncident(incidentId: string, changes: IncidentChanges): Promise<IDataObject>;
	addIncidentComment(incidentId: string, comment: string): Promise<IDataObject>;

	listAlerts(query: AlertQuery, options?: ListOptions): AsyncIterable<IDataObject[]>;
	getAlert(alertId: string): Promise<IDataObject>;
	updateAlert(alertId: string, changes: AlertChanges): Promise<IDataObject>;
	addAlertComment(alertId: string, comment: string): Promise<IDataObject>;

	runHuntingQuery(query: string, options?: { timespan?: string }): Promise<HuntingResult>;

	summarizeIncident(incident: IDataObject): IncidentSummary;
	summarizeAlert(alert: IDataObject): AlertSummary;
}
