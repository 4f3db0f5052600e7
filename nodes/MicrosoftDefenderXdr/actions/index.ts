import type { INodeProperties } from 'n8n-workflow';

import * as alert from './alert';
import * as huntingQuery from './huntingQuery';
import * as incident from './incident';

/** Every parameter of the node: the resource selector, then each resource's operations and their fields. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Advanced Hunting', value: 'huntingQuery', description: 'Run KQL queries over Defender data' },
			{ name: 'Alert', value: 'alert', description: 'Alerts raised by Defender products (Graph API only)' },
			{ name: 'Incident', value: 'incident', description: 'Incidents that group related alerts' },
		],
		default: 'incident',
	},
	...incident.description,
	...alert.description,
	...huntingQuery.description,
];
