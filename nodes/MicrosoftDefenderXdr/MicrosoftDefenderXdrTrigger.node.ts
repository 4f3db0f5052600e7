import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { credentialType } from './api';
import { readCredentialFields, servedTenantId } from './auth/credentialFields';
import { withTenantId } from './model/values';
import { redactedPoll } from './transport/redaction';
import { triggerProperties } from './trigger/description';
import { pollTrigger } from './trigger/poll';

export class MicrosoftDefenderXdrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Defender XDR Trigger',
		name: 'microsoftDefenderXdrTrigger',
		icon: { light: 'file:microsoftDefenderXdr.svg', dark: 'file:microsoftDefenderXdr.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["event"] === "incidentUpdated" ? "Incident updated" : $parameter["event"] === "alertCreated" ? "Alert created" : $parameter["event"] === "alertUpdated" ? "Alert updated" : $parameter["event"] === "huntingResults" ? "New hunting results" : "Incident created" }}',
		// n8n's node creator merges a node and its trigger into one entry and shows the trigger's description for
		// both, so this text describes the actions as well as the trigger.
		description:
			'Triage Microsoft Defender XDR incidents and alerts, run advanced hunting queries, respond on devices, and start workflows on new or updated incidents and alerts or new hunting rows, each once',
		documentationUrl: 'https://github.com/defender-xdr-community/n8n-nodes-microsoft-defender-xdr#microsoft-defender-xdr-trigger',
		defaults: { name: 'Microsoft Defender XDR Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftDefenderXdrOAuth2Api', required: true }],
		properties: triggerProperties,
	};

	/** Every item carries its tenant, so one workflow can serve many customer tenants (partners, MSSPs). */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const output = await redactedPoll(this, credentialType, async () => await pollTrigger.call(this));
		if (output === null) return null;
		const tenantId = servedTenantId(readCredentialFields(await this.getCredentials(credentialType)));
		return output.map((items) => items.map((item) => ({ ...item, json: withTenantId(item.json, tenantId) })));
	}
}
