import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listOf, quotedForMessage } from '../../model/values';
import { parameterError } from './errors';

/** What the user asked to do with an incident's tags; the APIs only take the complete new list. */
export type TagChange =
	| { mode: 'replace'; tags: string[] }
	| { mode: 'edit'; add: string[]; remove: string[] };

const sameTag = (first: string, second: string) => first.toLowerCase() === second.toLowerCase();

export function readTagChange(context: IExecuteFunctions, itemIndex: number, fields: IDataObject): TagChange | undefined {
	const hasReplace = fields.replaceTags !== undefined;
	const add = listOf(fields.addTags);
	const remove = listOf(fields.removeTags);
	if (hasReplace) {
		if (fields.addTags !== undefined || fields.removeTags !== undefined) {
			throw parameterError(
				context,
				itemIndex,
				'Replace Tags cannot be combined with Add Tags or Remove Tags',
				'Use Replace Tags to set the whole list, or Add Tags and Remove Tags to change it.',
			);
		}
		return { mode: 'replace', tags: dedupe(listOf(fields.replaceTags)) };
	}
	if (fields.addTags === undefined && fields.removeTags === undefined) return undefined;
	const conflict = add.find((tag) => remove.some((removed) => sameTag(tag, removed)));
	if (conflict !== undefined) {
		throw parameterError(context, itemIndex, `Tag ${quotedForMessage(conflict)} is both in Add Tags and in Remove Tags`);
	}
	return { mode: 'edit', add, remove };
}

function dedupe(tags: string[]): string[] {
	return tags.filter((tag, index) => tags.findIndex((other) => sameTag(tag, other)) === index);
}

/** The complete tag list after the change; tags compare without regard to case, as in the Defender portal. */
export function applyTagChange(current: string[], change: TagChange): string[] {
	if (change.mode === 'replace') return change.tags;
	const kept = current.filter((tag) => !change.remove.some((removed) => sameTag(tag, removed)));
	return dedupe([...kept, ...change.add]);
}

export function sameTagList(first: string[], second: string[]): boolean {
	return first.length === second.length && first.every((tag, index) => tag === second[index]);
}
