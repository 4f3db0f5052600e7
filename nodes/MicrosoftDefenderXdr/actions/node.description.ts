import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import * as alert from './alert';
import * as huntingQuery from './huntingQuery';
import * as incident from './incident';

export const description: INodeTypeDescription = {
	displayName: 'Microsoft Defender XDR',
	name: 'microsoftDefenderXdr',
	icon: 'file:microsoftDefenderXdr.svg',
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description: 'Triage Microsoft Defender XDR incidents and alerts and run advanced hunting queries',
	defaults: { name: 'Microsoft Defender XDR' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	usableAsTool: true,
	credentials: [{ name: 'microsoftDefenderXdrOAuth2Api', required: true }],
	properties: [
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
	],
};
