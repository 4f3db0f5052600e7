import type { INodeProperties } from 'n8n-workflow';

import type { EndpointOperationModule } from '../common/endpoint';
import * as createOrUpdate from './createOrUpdate.operation';
import * as deleteOperation from './delete.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, EndpointOperationModule> = { createOrUpdate, delete: deleteOperation, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['indicator'] } },
		options: [
			{ name: 'Create or Update', value: 'createOrUpdate', description: 'Block, allow or audit a file, IP address, URL, domain or certificate; many input items are sent as one import', action: 'Create or update an indicator' },
			{ name: 'Delete', value: 'delete', description: 'Delete an indicator', action: 'Delete an indicator' },
			{ name: 'Get Many', value: 'getAll', description: 'List indicators', action: 'Get many indicators' },
		],
		default: 'createOrUpdate',
	},
	...createOrUpdate.description,
	...getAll.description,
	...deleteOperation.description,
];
