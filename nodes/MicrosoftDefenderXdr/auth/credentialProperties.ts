import type { INodeProperties } from 'n8n-workflow';

import { accessTokenUrlExpression, authorizationUrlExpression } from '../model/clouds';

/*
 * The fields both credentials (Defender XDR, Defender for Endpoint) share, built once: sign-in, cloud, delegated
 * permission level, the throttling bound, n8n's OAuth2 fields and the HTTP Request node's allowed domains.
 */

const customUrlRule =
	'https:// only; plain http:// is accepted only for a loopback address (127.0.0.1, [::1], localhost), such as the local emulator';

/** Authentication mode, the redirect notice, client authentication, tenant, client ID, secret or certificate. */
export function signInProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Authentication Mode',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Delegated: Sign in as a User',
					value: 'authorizationCode',
					description:
						'A user signs in with the Connect button; n8n acts with that user\'s permissions and Defender role',
				},
				{
					name: 'Application: Background Service',
					value: 'clientCredentials',
					description:
						'The app registration signs in by itself with a client secret or a certificate (application permissions, admin consent)',
				},
			],
			default: 'clientCredentials',
		},
		{
			displayName:
				'Copy the OAuth Redirect URL shown above into the app registration in Microsoft Entra ID (Authentication, Add a platform, Web, Redirect URIs), save this credential, then click Connect and sign in.',
			name: 'redirectUrlNotice',
			type: 'notice',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			default: '',
		},
		{
			displayName: 'Client Authentication',
			name: 'clientCredentialType',
			type: 'options',
			displayOptions: { show: { grantType: ['clientCredentials'] } },
			options: [
				{ name: 'Client Secret', value: 'clientSecret' },
				{
					name: 'Certificate',
					value: 'certificate',
					description:
						'Private key JWT client assertion built by n8n core. Needs n8n 2.30 or newer; older versions ignore it and fail to sign in.',
				},
			],
			default: 'clientSecret',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000 or contoso.onmicrosoft.com',
			description:
				'Directory (tenant) ID GUID or a verified domain of the tenant. Application mode needs the real tenant; in delegated mode "organizations" lets any work or school account sign in.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000',
			description: 'Application (client) ID GUID of the app registration in Microsoft Entra ID',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			displayOptions: { hide: { clientCredentialType: ['certificate'] } },
			default: '',
			description: 'The secret\'s value (not its ID) from Certificates & secrets in the app registration',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			displayOptions: { show: { grantType: ['clientCredentials'], clientCredentialType: ['certificate'] } },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description: 'PEM private key that matches the certificate uploaded to the app registration',
		},
		{
			displayName: 'Certificate',
			name: 'certificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			displayOptions: { show: { grantType: ['clientCredentials'], clientCredentialType: ['certificate'] } },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: 'PEM certificate uploaded to the app registration (its thumbprint identifies the key)',
		},
	];
}

/** Cloud and the custom URLs; `apiPathNote` says what the node appends to the custom API URL. */
export function cloudProperties(apiPathNote: string): INodeProperties[] {
	return [
		{
			displayName: 'Cloud',
			name: 'cloud',
			type: 'options',
			options: [
				{ name: 'Custom (Emulator or Test Endpoint)', value: 'custom' },
				{ name: 'Global (Commercial)', value: 'global' },
				{ name: 'US Government DoD', value: 'usGovDod' },
				{ name: 'US Government GCC', value: 'usGovGcc' },
				{ name: 'US Government GCC High', value: 'usGovGccHigh' },
			],
			default: 'global',
		},
		{
			displayName:
				'Custom endpoints receive your client secret and every access token. Use them only for the local emulator or a test endpoint you control.',
			name: 'customCloudNotice',
			type: 'notice',
			displayOptions: { show: { cloud: ['custom'] } },
			default: '',
		},
		{
			displayName: 'Custom Login URL',
			name: 'customLoginUrl',
			type: 'string',
			displayOptions: { show: { cloud: ['custom'] } },
			default: '',
			placeholder: 'https://login.example.com or http://127.0.0.1:4567',
			description: `Scheme, host and port of the sign-in service (no path); ${customUrlRule}`,
		},
		{
			displayName: 'Custom API URL',
			name: 'customApiUrl',
			type: 'string',
			displayOptions: { show: { cloud: ['custom'] } },
			default: '',
			placeholder: 'https://api.example.com or http://127.0.0.1:4567',
			description: `Scheme, host and port of the API (no path); ${apiPathNote} ${customUrlRule}`,
		},
	];
}

/** Delegated mode's permission level, with what each level allows on this credential's API. */
export function permissionLevelProperty(levels: { readWrite: string; readOnly: string }): INodeProperties {
	return (
		{
			displayName: 'Delegated Permissions',
			name: 'permissionLevel',
			type: 'options',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			options: [
				{
					name: 'Read and Write',
					value: 'readWrite',
					description: levels.readWrite,
				},
				{
					name: 'Read Only (Least Privilege)',
					value: 'readOnly',
					description: levels.readOnly,
				},
			],
			default: 'readWrite',
		}
	);
}

/**
 * Delegated sign-in asks only for what the user consents to: identity containment and custom detection rules
 * (Graph v1.0, global cloud) are added on request, so someone who never contains identities never consents to it.
 */
export function responseAccessProperty(): INodeProperties {
	return {
		displayName: 'Response Permissions',
		name: 'responseAccess',
		type: 'options',
		displayOptions: { show: { grantType: ['authorizationCode'], api: ['graph'] } },
		options: [
			{ name: 'None', value: 'none', description: 'Incidents, alerts and hunting only' },
			{ name: 'Custom Detection Rules', value: 'detectionRules', description: 'Also CustomDetection.ReadWrite.All (CustomDetection.Read.All when read only)' },
			{
				name: 'Identity Containment',
				value: 'identities',
				description: 'Also SecurityIdentitiesAccount.Read.All and SecurityIdentitiesActions.ReadWrite.All (only the first when read only)',
			},
			{ name: 'Both', value: 'both', description: 'Custom detection rules and identity containment' },
		],
		default: 'none',
		description: 'Which Graph response permissions the sign-in asks for besides incidents, alerts and hunting (global cloud only)',
	};
}

export function maxWaitProperty(): INodeProperties {
	return (
		{
			displayName: 'Max Wait When Throttled (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'How long one request may wait in total for Defender\'s throttling (429) and retries of temporary failures before the node gives up with an error. The trigger also stays within n8n\'s poll time budget.',
		}
	);
}

/** n8n's OAuth2 fields, computed from the fields above; `scope` is the credential's scope expression. */
export function oauthProperties(scope: string): INodeProperties[] {
	return [
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: authorizationUrlExpression,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accessTokenUrlExpression,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scope,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		// Entra's token request takes no extra body properties, so the inherited switch and its JSON stay hidden.
		{
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'hidden',
			default: false,
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '',
		},
	];
}

/**
 * Which hosts the HTTP Request node may send the token to. Declared here (n8n then adds no copy of its own) so
 * that an HTTP Request node cannot use the credential until the user deliberately names the hosts it may go to.
 */
export function allowedDomainsProperties(apiHosts: string): INodeProperties[] {
	return [
		{
			displayName: 'Allowed HTTP Request Domains',
			name: 'allowedHttpRequestDomains',
			type: 'options',
			options: [
				{
					name: 'All',
					value: 'all',
					description: 'Allow all requests when used in the HTTP Request or GraphQL node',
				},
				{
					name: 'Specific Domains',
					value: 'domains',
					description: 'Restrict requests to specific domains',
				},
				{
					name: 'None',
					value: 'none',
					description: 'Block all requests when used in the HTTP Request or GraphQL node',
				},
			],
			default: 'domains',
			description:
				'Which hosts an HTTP Request or GraphQL node may send this credential\'s token to. The Defender nodes always stay on the configured API.',
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'string',
			displayOptions: { show: { allowedHttpRequestDomains: ['domains'] } },
			// Empty, not an expression of the API's host: n8n's editor does not test a credential whose visible
			// fields hold an expression, and n8n adds the API's own host for the credential test by itself.
			default: '',
			placeholder: apiHosts,
			description: `Comma-separated hosts (wildcards with *) an HTTP Request node may send this token to, usually the configured API's host such as ${apiHosts}. Empty: none until you add one.`,
		},
	];
}

