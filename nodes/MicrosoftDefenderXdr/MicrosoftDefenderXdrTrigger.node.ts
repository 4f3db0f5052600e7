import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { triggerProperties } from './trigger/description';
import { pollIncidents } from './trigger/poll';

export class MicrosoftDefenderXdrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Defender XDR Trigger',
		name: 'microsoftDefenderXdrTrigger',
		icon: { light: 'file:microsoftDefenderXdr.svg', dark: 'file:microsoftDefenderXdr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "incidentUpdated" ? "Incident updated" : "Incident created" }}',
		description: 'Starts the workflow for each new or updated Microsoft Defender XDR incident, exactly once',
		documentationUrl: 'https://github.com/defender-xdr-community/n8n-nodes-microsoft-defender-xdr#microsoft-defender-xdr-trigger',
		defaults: { name: 'Microsoft Defender XDR Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftDefenderXdrOAuth2Api', required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollIncidents.call(this);
	}
}
