import type { IDataObject } from 'n8n-workflow';

import type { DefenderRecord, ReadOptions } from '../model/records';

/**
 * The one presentation step of incidents and alerts, for the node's operations and the trigger alike: what to read
 * for Simplify, Entities and Include Alerts, and what an item then holds.
 */

/** How an alert or incident leaves a node: Simplify's summary or the API's object, plus `entities` when asked. */
export interface Presentation {
	simplify: boolean;
	entities: boolean;
}

/**
 * What to read for an alert: the summary's fields alone only when nothing else is shown, since the entities come
 * from the evidence, which Simplify's `$select` would leave out. `entities` is set only when asked.
 */
export function alertReading(presentation: Presentation): ReadOptions {
	return { summaryOnly: presentation.simplify && !presentation.entities, ...(presentation.entities ? { entities: true } : {}) };
}

/** What to read for an incident: its entities come from its alerts, so Entities reads the alerts too. */
export function incidentReading(presentation: Presentation, includeAlerts: boolean): ReadOptions & { includeAlerts: boolean } {
	return { includeAlerts: includeAlerts || presentation.entities, ...alertReading(presentation) };
}

/** What an operation outputs: the compact summary when Simplify is on, otherwise the API's own object. */
export function presented<Summary extends object>(record: DefenderRecord<Summary>, simplify: boolean): IDataObject {
	return simplify ? ({ ...record.summary } as IDataObject) : record.raw;
}

/**
 * The item of a record read with `incidentReading` or `alertReading`, with the entities the backend read (never
 * made up here: a record read without them has none to show).
 */
export function presentedRecord<Summary extends object>(record: DefenderRecord<Summary>, presentation: Presentation): IDataObject {
	const output = presented(record, presentation.simplify);
	if (!presentation.entities) return output;
	return { ...output, entities: record.entities as unknown as IDataObject };
}
