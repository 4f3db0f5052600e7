import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { nodeProperties } from './actions';
import { router } from './actions/router';
import { createBackend } from './api';
import { endpointResources } from './descriptions/endpoint';
import { listSearch } from './methods';

export class MicrosoftDefenderXdr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Defender XDR',
		name: 'microsoftDefenderXdr',
		icon: { light: 'file:microsoftDefenderXdr.svg', dark: 'file:microsoftDefenderXdr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Triage Microsoft Defender XDR incidents and alerts, run advanced hunting queries, and respond on devices and indicators',
		documentationUrl: 'https://github.com/defender-xdr-community/n8n-nodes-microsoft-defender-xdr#microsoft-defender-xdr-node',
		defaults: { name: 'Microsoft Defender XDR' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		// The editor offers only the credential that fits the chosen resource.
		credentials: [
			{
				name: 'microsoftDefenderXdrOAuth2Api',
				required: true,
				displayOptions: { show: { resource: ['incident', 'alert', 'huntingQuery', 'investigate', 'identityAccount', 'detectionRule'] } },
			},
			{
				name: 'microsoftDefenderForEndpointOAuth2Api',
				required: true,
				displayOptions: { show: { resource: endpointResources } },
			},
		],
		properties: nodeProperties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, createBackend);
	}
}
