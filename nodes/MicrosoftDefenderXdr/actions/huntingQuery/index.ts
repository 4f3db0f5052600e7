import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../common/types';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['huntingQuery'] } },
		options: [
			{
				name: 'Run',
				value: 'run',
				description: 'Run a KQL advanced hunting query and return its rows',
				action: 'Run an advanced hunting query',
			},
		],
		default: 'run',
	},
	...run.description,
];
