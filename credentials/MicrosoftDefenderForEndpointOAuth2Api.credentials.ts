import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	allowedDomainsProperties,
	cloudProperties,
	maxWaitProperty,
	oauthProperties,
	permissionLevelProperty,
	signInProperties,
} from '../nodes/MicrosoftDefenderXdr/auth/credentialProperties';
import { endpointCredentialTest } from '../nodes/MicrosoftDefenderXdr/auth/credentialTest';
import { scopeExpressionFor } from '../nodes/MicrosoftDefenderXdr/model/clouds';

/**
 * The Microsoft Defender for Endpoint API (WindowsDefenderATP): device actions, device actions' status and
 * indicators. The same fields as the Defender XDR credential without its API choice; the same Entra app can
 * back both.
 */
export class MicrosoftDefenderForEndpointOAuth2Api implements ICredentialType {
	name = 'microsoftDefenderForEndpointOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Microsoft Defender for Endpoint OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/MicrosoftDefenderXdr/microsoftDefenderXdr.svg',
		dark: 'file:../nodes/MicrosoftDefenderXdr/microsoftDefenderXdr.dark.svg',
	};

	/** What the editor's Test and Save run (see nodes/MicrosoftDefenderXdr/auth/credentialTest.ts). */
	test: ICredentialTestRequest = endpointCredentialTest;

	documentationUrl =
		'https://github.com/defender-xdr-community/n8n-nodes-microsoft-defender-xdr#defender-for-endpoint-devices-device-actions-and-indicators';

	properties: INodeProperties[] = [
		{
			displayName:
				'Permissions for this credential are under API permissions > Add a permission > "APIs my organization uses" > WindowsDefenderATP (search for it), then "Grant admin consent".',
			name: 'permissionsNotice',
			type: 'notice',
			default: '',
		},
		...signInProperties(),
		...cloudProperties('the node adds /api;'),
		permissionLevelProperty({
			readWrite: 'Read devices; isolate, scan, restrict and collect; manage indicators',
			readOnly: 'Read devices only; device actions and indicators are refused',
		}),
		maxWaitProperty(),
		...oauthProperties(scopeExpressionFor('endpoint')),
		...allowedDomainsProperties('api.securitycenter.microsoft.com'),
	];
}
