import type { INodeProperties } from 'n8n-workflow';

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
