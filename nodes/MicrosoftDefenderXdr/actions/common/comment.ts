import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { readNonEmptyText } from './values';

export function commentField(itemName: string): INodeProperties {
	return {
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Reset the user\'s password and revoked sessions',
		description: `Text of the comment to add to the ${itemName}'s activity log`,
	};
}

/** Add Comment of incidents and alerts: the item's locator and the comment, which the backend adds once. */
export function commentOperation(
	resource: 'incident' | 'alert',
	locator: INodeProperties,
	readId: (context: IExecuteFunctions, itemIndex: number) => string,
	addComment: (backend: DefenderBackend, id: string, comment: string) => Promise<IDataObject>,
) {
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['addComment'] } }, [locator, commentField(resource)]),
		execute: async (context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> => {
			const id = readId(context, itemIndex);
			return [await addComment(backend, id, readNonEmptyText(context, itemIndex, 'comment', 'Comment'))];
		},
	};
}
