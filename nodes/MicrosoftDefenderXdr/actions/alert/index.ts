import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../common/types';
import * as addComment from './addComment.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { addComment, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName:
			'Alerts need the Microsoft Graph security API. A credential set to the legacy Defender XDR API cannot read or change alerts.',
		name: 'alertGraphOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['alert'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		options: [
			{
				name: 'Add Comment',
				value: 'addComment',
				description: 'Add a comment to an alert',
				action: 'Add a comment to an alert',
			},
			{ name: 'Get', value: 'get', description: 'Get an alert by ID or portal link', action: 'Get an alert' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List alerts, filtered by severity, status, source, incident and dates',
				action: 'Get many alerts',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change status, assignee, classification or determination of an alert',
				action: 'Update an alert',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...update.description,
	...addComment.description,
];
