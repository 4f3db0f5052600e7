import type { IDataObject } from 'n8n-workflow';

import { textOf } from '../model/values';
import { asRecord } from '../transport/failures';

/** The comment list of an incident or alert, or of Graph's answer to a new comment (`value`). */
export function commentsOf(answer: IDataObject): IDataObject[] {
	const list = Array.isArray(answer.comments) ? answer.comments : Array.isArray(answer.value) ? answer.value : [];
	return list.map((entry) => asRecord(entry) ?? { comment: textOf(entry) });
}

/** How many of the comments carry this text. */
export function countOf(comments: IDataObject[], comment: string): number {
	return comments.filter((entry) => entry.comment === comment).length;
}

/**
 * Adds a comment exactly once. Adding one is not idempotent and the item may already carry the same text, so
 * the comments are counted before the attempt; after an unclear failure (a server error, a dropped connection,
 * an answer cut off) they are read again, and one more with this text means the attempt took effect.
 */
export async function addCommentOnce(
	comment: string,
	readComments: () => Promise<IDataObject[]>,
	post: (reconcile: () => Promise<IDataObject[] | undefined>) => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	const before = countOf(await readComments(), comment);
	return await post(async () => {
		const after = await readComments();
		return countOf(after, comment) > before ? after : undefined;
	});
}
