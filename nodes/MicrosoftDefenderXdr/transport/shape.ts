import type { IDataObject } from 'n8n-workflow';

import type { AlertSummary, HuntingResult, IncidentSummary } from './backend';
import { asRecord } from './failures';
import type { DefenderClient } from './request';

export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

export function textOrNull(value: unknown): string | null {
	return value === undefined || value === null || value === '' ? null : String(value);
}

export function withoutUndefined(record: Record<string, unknown>): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as IDataObject;
}

/** The comment list of an incident or alert, or of Graph's answer to a new comment (`value`). */
export function commentsOf(answer: IDataObject): IDataObject[] {
	const list = Array.isArray(answer.comments) ? answer.comments : Array.isArray(answer.value) ? answer.value : [];
	return list.map((entry) => asRecord(entry) ?? { comment: text(entry) });
}

/**
 * Whether a comment we may or may not have added is the newest one. Comments are appended, so after an unclear
 * failure this tells whether the request took effect.
 */
export function landedLast(comments: IDataObject[], comment: string): boolean {
	return comments.length > 0 && comments[comments.length - 1].comment === comment;
}

function keyOf(record: IDataObject, name: string): unknown {
	const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : record[key];
}

/** Hunting answers: Graph's `schema`/`results`, the legacy `Schema`/`Results` (and one doc sample's `Name`/`Type`). */
export function readHuntingAnswer(client: DefenderClient, answer: IDataObject): HuntingResult {
	const schema = keyOf(answer, 'schema');
	const results = keyOf(answer, 'results');
	if (!Array.isArray(schema) || !Array.isArray(results)) {
		throw client.malformedAnswerError('a hunting answer without "schema" and "results"');
	}
	return {
		schema: schema.map((column) => {
			const record = asRecord(column) ?? {};
			return { name: text(keyOf(record, 'name')), type: text(keyOf(record, 'type')) };
		}),
		rows: results.map((row) => asRecord(row) ?? { value: row }),
	};
}

export type EnumField = 'severity' | 'status' | 'classification' | 'determination';

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
export function incidentSummary(
	incident: IDataObject,
	fields: Required<Pick<SummaryFieldNames, 'title' | 'tags'>> & SummaryFieldNames,
	spell: (value: unknown, field: EnumField) => string,
): IncidentSummary {
	const tags = incident[fields.tags];
	return {
		id: text(incident[fields.id]),
		title: text(incident[fields.title]),
		severity: spell(incident.severity, 'severity'),
		status: spell(incident.status, 'status'),
		classification: spell(incident.classification, 'classification'),
		determination: spell(incident.determination, 'determination'),
		assignedTo: textOrNull(incident.assignedTo),
		tags: Array.isArray(tags) ? tags.map(String) : [],
		createdAt: text(incident[fields.createdAt]),
		updatedAt: text(incident[fields.updatedAt]),
		url: fields.url ? textOrNull(incident[fields.url]) : null,
		alertCount: Array.isArray(incident.alerts) ? incident.alerts.length : null,
		redirectedTo: textOrNull(incident.redirectIncidentId),
		commentCount: commentsOf(incident).length,
	};
}

/** The compact alert; classification and determination stay null while an alert has none. */
export function alertSummary(alert: IDataObject, fields: SummaryFieldNames, spell: (value: unknown, field: EnumField) => string): AlertSummary {
	const spellOrNull = (value: unknown, field: EnumField) => (value === undefined || value === null ? null : spell(value, field));
	return {
		id: text(alert[fields.id]),
		incidentId: textOrNull(alert.incidentId),
		title: text(alert.title),
		severity: spell(alert.severity, 'severity'),
		status: spell(alert.status, 'status'),
		classification: spellOrNull(alert.classification, 'classification'),
		determination: spellOrNull(alert.determination, 'determination'),
		category: textOrNull(alert.category),
		serviceSource: textOrNull(alert.serviceSource),
		assignedTo: textOrNull(alert.assignedTo),
		createdAt: text(alert[fields.createdAt]),
		updatedAt: text(alert[fields.updatedAt]),
		url: fields.url ? textOrNull(alert[fields.url]) : null,
	};
}
