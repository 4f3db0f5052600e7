import type { IDataObject } from 'n8n-workflow';

import type { ApiName } from '../model/clouds';
import type { AlertChanges, AlertQuery, AlertRecord, HuntingResult, IncidentChanges, IncidentQuery, IncidentRecord, ListOptions, ReadOptions } from '../model/records';

/**
 * One interface over the two Defender XDR APIs. Operations and the trigger speak only this interface; the Graph
 * and legacy backends translate paths, field names and enum spellings, and hand back finished records (the
 * API's object with its summary), so nothing above them maps an answer again.
 */
export interface DefenderBackend {
	readonly api: ApiName;

	/** Pages of incidents; stop iterating to stop requesting. Summaries list alerts when `includeAlerts` asked. */
	listIncidents(query: IncidentQuery, options?: ListOptions): AsyncIterable<IncidentRecord[]>;
	/** `summaryOnly`: only the summary will be used, so Graph is asked for its fields alone. */
	getIncident(incidentId: string, options?: ReadOptions & { includeAlerts?: boolean }): Promise<IncidentRecord>;
	updateIncident(incidentId: string, changes: IncidentChanges): Promise<IncidentRecord>;
	/** The incident's comments after the new one was added: `{ incidentId, comments }`. */
	addIncidentComment(incidentId: string, comment: string): Promise<IDataObject>;

	listAlerts(query: AlertQuery, options?: ListOptions): AsyncIterable<AlertRecord[]>;
	getAlert(alertId: string, options?: ReadOptions): Promise<AlertRecord>;
	updateAlert(alertId: string, changes: AlertChanges): Promise<AlertRecord>;
	/** The alert's comments after the new one was added: `{ alertId, comments }`. */
	addAlertComment(alertId: string, comment: string): Promise<IDataObject>;

	runHuntingQuery(query: string, options?: { timespan?: string }): Promise<HuntingResult>;

	/**
	 * A query of the investigation templates: Graph's runHuntingQuery only, since the templates read tables the
	 * legacy hunting endpoint lacks and that endpoint is being retired; the legacy backend refuses with a message.
	 */
	runTemplateQuery(query: string, options?: { timespan?: string }): Promise<HuntingResult>;
}
