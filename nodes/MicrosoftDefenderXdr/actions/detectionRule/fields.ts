import type { INodeProperties } from 'n8n-workflow';

export const detectionRuleIdField: INodeProperties = {
	displayName: 'Rule ID',
	name: 'ruleId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 7506',
	description: 'The ID of the custom detection rule',
};
