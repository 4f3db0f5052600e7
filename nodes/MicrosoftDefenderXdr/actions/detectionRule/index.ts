import type { INodeProperties } from 'n8n-workflow';

import type { ResponseOperationModule } from '../common/response';
import * as create from './create.operation';
import * as deleteRule from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, ResponseOperationModule> = { create, delete: deleteRule, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName:
			'Custom detection rules are on Microsoft Graph v1.0 in the global cloud only. Reading needs CustomDetection.Read.All, changes CustomDetection.ReadWrite.All (delegated: also the Defender permission Detection tuning (manage)).',
		name: 'detectionRuleNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['detectionRule'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['detectionRule'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Turn a hunting query into a detection that raises alerts', action: 'Create a custom detection rule' },
			{ name: 'Delete', value: 'delete', description: 'Delete a custom detection rule', action: 'Delete a custom detection rule' },
			{ name: 'Get', value: 'get', description: 'Get a custom detection rule by ID', action: 'Get a custom detection rule' },
			{ name: 'Get Many', value: 'getAll', description: 'List custom detection rules, optionally filtered', action: 'Get many custom detection rules' },
			{ name: 'Update', value: 'update', description: 'Change a rule\'s query, frequency, status or alert', action: 'Update a custom detection rule' },
		],
		default: 'getAll',
	},
	...create.description,
	...deleteRule.description,
	...get.description,
	...getAll.description,
	...update.description,
];
