import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	allowedDomainsProperties,
	cloudProperties,
	maxWaitProperty,
	oauthProperties,
	permissionLevelProperty,
	responseAccessProperty,
	signInProperties,
} from '../nodes/MicrosoftDefenderXdr/auth/credentialProperties';
import { scopeExpression } from '../nodes/MicrosoftDefenderXdr/model/clouds';
import { defenderCredentialTest } from '../nodes/MicrosoftDefenderXdr/auth/credentialTest';

export class MicrosoftDefenderXdrOAuth2Api implements ICredentialType {
	name = 'microsoftDefenderXdrOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Microsoft Defender XDR OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/MicrosoftDefenderXdr/microsoftDefenderXdr.svg',
		dark: 'file:../nodes/MicrosoftDefenderXdr/microsoftDefenderXdr.dark.svg',
	};

	/** What the editor's Test and Save run (see nodes/MicrosoftDefenderXdr/auth/credentialTest.ts). */
	test: ICredentialTestRequest = defenderCredentialTest;

	documentationUrl =
		'https://github.com/defender-xdr-community/n8n-nodes-microsoft-defender-xdr#credentials';

	properties: INodeProperties[] = [
		...signInProperties(),
		...cloudProperties('the nodes add /v1.0 for Graph and /api for the legacy API;'),
		{
			displayName: 'API',
			name: 'api',
			type: 'options',
			options: [
				{
					name: 'Microsoft Graph Security API',
					value: 'graph',
					description: 'Permissions under "Microsoft Graph"; the supported API',
				},
				{
					name: 'Defender XDR API (Legacy)',
					value: 'legacy',
					description:
						'Permissions under "Microsoft Threat Protection"; api.security.microsoft.com. Microsoft switches it off on 2027-02-01.',
				},
			],
			default: 'graph',
		},
		{
			displayName:
				'Microsoft switches the legacy Defender XDR API off on 2027-02-01. To move: add the Microsoft Graph permissions (SecurityIncident.ReadWrite.All, SecurityAlert.ReadWrite.All, ThreatHunting.Read.All) to the app registration, grant admin consent, then set API to Microsoft Graph Security API. Workflows keep working unchanged.',
			name: 'legacyNotice',
			type: 'notice',
			displayOptions: { show: { api: ['legacy'] } },
			default: '',
		},
		permissionLevelProperty({
			readWrite: 'Read, update and comment on incidents and alerts; run hunting queries',
			readOnly: 'Read incidents and alerts; run hunting queries; updates and comments are refused',
		}),
		responseAccessProperty(),
		maxWaitProperty(),
		...oauthProperties(scopeExpression),
		...allowedDomainsProperties('graph.microsoft.com'),
	];
}
