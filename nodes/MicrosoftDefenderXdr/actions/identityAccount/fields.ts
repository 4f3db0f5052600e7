import type { INodeProperties } from 'n8n-workflow';

export const identityAccountIdField: INodeProperties = {
	displayName: 'Identity Account ID',
	name: 'identityAccountId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3a2b5c1d-...',
	description: 'The ID of the identity account in Defender for Identity (the ID field of Get Many)',
};
