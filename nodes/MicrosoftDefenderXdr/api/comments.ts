import type { IDataObject } from 'n8n-workflow';

import { textOf } from '../model/values';
import { asRecord } from '../transport/failures';

/** The comment list of an incident or alert, or of Graph's answer to a new comment (`value`). */
export function commentsOf(answer: IDataObject): IDataObject[] {
	const list = Array.isArray(answer.comments) ? answer.comments : Array.isArray(answer.value) ? answer.value : [];
	return list.map((entry) => asRecord(entry) ?? { comment: textOf(entry) });
}

/**
 * Whether a comment we may or may not have added is the newest one. Comments are appended, so after an unclear
 * failure this tells whether the request took effect.
 */
export function landedLast(comments: IDataObject[], comment: string): boolean {
	return comments.length > 0 && comments[comments.length - 1].comment === comment;
}
