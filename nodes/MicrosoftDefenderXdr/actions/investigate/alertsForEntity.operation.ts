import type { IExecuteFunctions } from 'n8n-workflow';

import type { EntityKind } from '../../model/investigation';
import { optionValue } from '../common/values';
import { investigationTemplate, valueField } from './template';

const entityTypeOptions: Array<{ name: string; value: EntityKind; description: string }> = [
	{ name: 'Device', value: 'device', description: 'A Defender device ID (40 hexadecimal characters)' },
	{ name: 'File', value: 'file', description: 'A SHA-256 or SHA-1 hash' },
	{ name: 'IP Address, Domain or URL', value: 'address', description: 'An IP address, a domain name (subdomains match too) or an http(s) URL' },
	{ name: 'User', value: 'user', description: 'A user principal name (UPN) or a security identifier (SID)' },
];

export const { option, description, executeBatch } = investigationTemplate(
	{ name: 'Get Alerts for Entity', value: 'alertsForEntity', description: 'Which alerts name a device, user, file, IP address, domain or URL in their evidence', action: 'Get alerts that name an entity' },
	[
		{
			displayName: 'Entity Type',
			name: 'entityType',
			type: 'options',
			default: 'file',
			description: 'What kind of entity Value names',
			options: entityTypeOptions,
		},
		valueField('Value', 'The entity: a device ID, a SHA-256 or SHA-1 hash, an IP address, domain or URL, or a UPN or SID, as Entity Type says. Answers: which alerts name it in their evidence (AlertEvidence), one row per alert with title, severity, source, first and last seen and the evidence roles.', 'e.g. zoe.muller@contoso.example'),
	],
	readEntityType,
);

function readEntityType(context: IExecuteFunctions, itemIndex: number): EntityKind {
	return optionValue(context, itemIndex, 'Entity Type', context.getNodeParameter('entityType', itemIndex, 'file'), entityTypeOptions);
}
