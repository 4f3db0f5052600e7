import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../common/types';
import * as addComment from './addComment.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { addComment, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['incident'] } },
		options: [
			{
				name: 'Add Comment',
				value: 'addComment',
				description: 'Add a comment to an incident',
				action: 'Add a comment to an incident',
			},
			{ name: 'Get', value: 'get', description: 'Get an incident by ID or portal link', action: 'Get an incident' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List incidents, filtered by status, severity, dates, tags and more',
				action: 'Get many incidents',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change status, assignee, classification, determination or tags of an incident',
				action: 'Update an incident',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...update.description,
	...addComment.description,
];
