import type { INodeProperties } from 'n8n-workflow';

import type { EndpointOperationModule } from '../common/endpoint';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, EndpointOperationModule> = { cancel, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deviceAction'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', description: 'Cancel a device action that has not ended', action: 'Cancel a device action' },
			{ name: 'Get', value: 'get', description: 'Get a device action, e.g. to see whether it ended', action: 'Get a device action' },
			{ name: 'Get Many', value: 'getAll', description: 'List device actions, filtered by device, type, status and time', action: 'Get many device actions' },
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
	...cancel.description,
];
