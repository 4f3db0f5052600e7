import type { IDataObject } from 'n8n-workflow';

import type { EnumField } from '../model/enums';
import type { AlertRecord, AlertSummary, IncidentRecord, IncidentSummary, ReadOptions } from '../model/records';
import { textOf, textOrNull } from '../model/values';
import { asRecord } from '../transport/failures';
import type { DefenderClient } from '../transport/request';
import { commentsOf } from './comments';
import { entitiesOfAlerts } from './evidence';

/** Where each API keeps the fields of the compact summary that are named differently. */
export interface SummaryFieldNames {
	id: string;
	title?: string;
	tags?: string;
	createdAt: string;
	updatedAt: string;
	url?: string;
}

/** The compact incident, identical on both APIs; `spell` turns an API's enum value into the Graph spelling. */
function incidentSummary(
	incident: IDataObject,
	fields: Required<Pick<SummaryFieldNames, 'title' | 'tags'>> & SummaryFieldNames,
	spell: (value: unknown, field: EnumField) => string,
): IncidentSummary {
	const tags = incident[fields.tags];
	return {
		id: textOf(incident[fields.id]),
		title: textOf(incident[fields.title]),
		severity: spell(incident.severity, 'severity'),
		status: spell(incident.status, 'status'),
		classification: spell(incident.classification, 'classification'),
		determination: spell(incident.determination, 'determination'),
		assignedTo: textOrNull(incident.assignedTo),
		tags: Array.isArray(tags) ? tags.map(String) : [],
		createdAt: textOf(incident[fields.createdAt]),
		updatedAt: textOf(incident[fields.updatedAt]),
		url: fields.url ? textOrNull(incident[fields.url]) : null,
		redirectedTo: textOrNull(incident.redirectIncidentId),
		commentCount: commentsOf(incident).length,
	};
}

/** `categories` replaces the deprecated `category` (docs/api-contract.md, 5.2); older answers have only the latter. */
function categoriesOf(alert: IDataObject): string[] {
	if (Array.isArray(alert.categories) && alert.categories.length > 0) return alert.categories.map(String);
	const category = textOrNull(alert.category);
	return category ? [category] : [];
}

/**
 * The compact alert. An alert nobody classified reads classification and determination `unknown`, as Graph
 * documents it (the legacy API sends null there), so the summary is the same on both APIs.
 */
function alertSummary(alert: IDataObject, fields: SummaryFieldNames, spell: (value: unknown, field: EnumField) => string): AlertSummary {
	const categories = categoriesOf(alert);
	const serviceSource = textOrNull(alert.serviceSource);
	return {
		id: textOf(alert[fields.id]),
		incidentId: textOrNull(alert.incidentId),
		title: textOf(alert.title),
		severity: spell(alert.severity, 'severity'),
		status: spell(alert.status, 'status'),
		classification: spell(alert.classification, 'classification'),
		determination: spell(alert.determination, 'determination'),
		category: categories[0] ?? null,
		categories,
		serviceSource: serviceSource === null ? null : spell(serviceSource, 'serviceSource'),
		assignedTo: textOrNull(alert.assignedTo),
		createdAt: textOf(alert[fields.createdAt]),
		updatedAt: textOf(alert[fields.updatedAt]),
		url: fields.url ? textOrNull(alert[fields.url]) : null,
	};
}

/** How one API names and spells what the summaries show. */
export interface SummaryShape {
	incidentFields: Required<Pick<SummaryFieldNames, 'title' | 'tags'>> & SummaryFieldNames;
	alertFields: SummaryFieldNames;
	/** Turns the API's enum value into the Graph spelling. */
	spell: (value: unknown, field: EnumField) => string;
}

/**
 * The incident with its summary; the summary counts and lists the alerts only when asked for, on both APIs (the
 * legacy API always embeds them, Graph only on request): the same keys whichever API a workflow runs on. Its
 * entities, when asked for, are those of its alerts' evidence.
 */
export function incidentRecord(raw: IDataObject, shape: SummaryShape, includeAlerts = false, reading: ReadOptions = {}): IncidentRecord {
	const summary: IncidentRecord['summary'] = incidentSummary(raw, shape.incidentFields, shape.spell);
	if (includeAlerts && typeof raw.alertsUnavailable === 'string') summary.alertsUnavailable = raw.alertsUnavailable;
	if (includeAlerts && Array.isArray(raw.alerts)) {
		summary.alertCount = raw.alerts.length;
		summary.alerts = raw.alerts.map((alert) => alertSummary(asRecord(alert) ?? {}, shape.alertFields, shape.spell));
	}
	if (!reading.entities) return { raw, summary };
	return { raw, summary, entities: entitiesOfAlerts(Array.isArray(raw.alerts) ? raw.alerts : []) };
}

export function alertRecord(raw: IDataObject, shape: SummaryShape, reading: ReadOptions = {}): AlertRecord {
	const record: AlertRecord = { raw, summary: alertSummary(raw, shape.alertFields, shape.spell), detectionSource: textOrNull(raw.detectionSource) };
	return reading.entities ? { ...record, entities: entitiesOfAlerts([raw]) } : record;
}

/**
 * The answer to a Get, which must be the item: an empty one (`{}`, 204, an empty body) would otherwise become a
 * blank incident or alert with an empty ID.
 */
export function requireItem(client: DefenderClient, raw: IDataObject, idField: string, subject: string): IDataObject {
	if (textOf(raw[idField]) === '') throw client.malformedAnswerError(`an empty answer for ${subject}`);
	return raw;
}
