import type { IDataObject } from 'n8n-workflow';

import type { HuntingResult } from './backend';
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
