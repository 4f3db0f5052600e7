/**
 * Where each Microsoft cloud signs users in and serves the two Defender APIs, and what the credential asks
 * Entra for. This table is the single source for the credential's computed fields (as n8n expressions) and
 * for the transport (as plain functions), so the two can never disagree.
 */

export type CloudName = 'global' | 'usGovGcc' | 'usGovGccHigh' | 'usGovDod' | 'custom';
export type ApiName = 'graph' | 'legacy';
/** Every API a credential can call: the XDR credential's two, and Defender for Endpoint with its own credential. */
export type CloudApi = ApiName | 'endpoint';
export type GrantType = 'authorizationCode' | 'clientCredentials';
export type PermissionLevel = 'readWrite' | 'readOnly';
/** Which Graph v1.0 response permissions a delegated credential asks for besides the incident ones. */
export type ResponseAccess = 'none' | 'detectionRules' | 'identities' | 'both';

export interface CloudEndpoints {
	/** Origin of Entra ID's sign-in service. */
	login: string;
	/** Origin of the Microsoft Graph API. */
	graph: string;
	/** Origin of the legacy Defender XDR API. */
	legacy: string;
	/** Origin of the Microsoft Defender for Endpoint API (WindowsDefenderATP), also its token resource. */
	endpoint: string;
	/** Origin of the Defender portal, for links to an item's page (learn.microsoft.com/defender-endpoint/gov). */
	portal: string;
}

export const cloudEndpoints: Record<Exclude<CloudName, 'custom'>, CloudEndpoints> = {
	global: {
		login: 'https://login.microsoftonline.com',
		graph: 'https://graph.microsoft.com',
		legacy: 'https://api.security.microsoft.com',
		// Microsoft's token pages require this resource for the endpoint API (defender-endpoint-api.md section 1.3).
		endpoint: 'https://api.securitycenter.microsoft.com',
		portal: 'https://security.microsoft.com',
	},
	usGovGcc: {
		login: 'https://login.microsoftonline.com',
		graph: 'https://graph.microsoft.com',
		legacy: 'https://api-gcc.security.microsoft.us',
		endpoint: 'https://api-gcc.securitycenter.microsoft.us',
		portal: 'https://security.microsoft.com',
	},
	usGovGccHigh: {
		login: 'https://login.microsoftonline.us',
		graph: 'https://graph.microsoft.us',
		legacy: 'https://api-gov.security.microsoft.us',
		endpoint: 'https://api-gov.securitycenter.microsoft.us',
		portal: 'https://security.microsoft.us',
	},
	usGovDod: {
		login: 'https://login.microsoftonline.us',
		graph: 'https://dod-graph.microsoft.us',
		legacy: 'https://api-gov.security.microsoft.us',
		endpoint: 'https://api-gov.securitycenter.microsoft.us',
		portal: 'https://security.apps.mil',
	},
};

/** A custom cloud (the local emulator, a test proxy) issues tokens for the global resource identifiers. */
const customCloudResources = cloudEndpoints.global;

/** Path each API's operations hang below, appended to the API origin. */
export const apiBasePath: Record<CloudApi, string> = { graph: '/v1.0', legacy: '/api', endpoint: '/api' };

/** The delegated permissions our operations need, per API and level (docs/api-contract.md, section 7). */
export const delegatedPermissions: Record<CloudApi, Record<PermissionLevel, string[]>> = {
	graph: {
		readWrite: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All'],
		readOnly: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All'],
	},
	legacy: {
		readWrite: ['Incident.ReadWrite', 'AdvancedHunting.Read'],
		readOnly: ['Incident.Read', 'AdvancedHunting.Read'],
	},
	endpoint: {
		readWrite: ['Machine.Read', 'Machine.ReadWrite', 'Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Ti.ReadWrite'],
		readOnly: ['Machine.Read'],
	},
};

export interface CredentialSettings {
	grantType: GrantType;
	cloud: CloudName;
	api: ApiName;
	tenantId?: string;
	customLoginUrl?: string;
	customApiUrl?: string;
	permissionLevel?: PermissionLevel;
	responseAccess?: ResponseAccess;
}

/**
 * What a custom login or API URL must look like: https:// with a host and optional port, or plain http:// only
 * on a loopback address (the local emulator); no path, an optional trailing slash.
 */
export const customOriginPattern = /^(https:\/\/[^/?#@\s]+|http:\/\/(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d{1,5})?)\/?$/i;

export function withoutTrailingSlash(url: string): string {
	return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** Settings for any API, the endpoint one included; the XDR credential's settings are one case. */
export interface CloudSettings extends Omit<CredentialSettings, 'api'> {
	api: CloudApi;
}

function endpointsOf(settings: CloudSettings): CloudEndpoints {
	if (settings.cloud !== 'custom') return cloudEndpoints[settings.cloud];
	return {
		login: withoutTrailingSlash(settings.customLoginUrl ?? ''),
		graph: withoutTrailingSlash(settings.customApiUrl ?? ''),
		legacy: withoutTrailingSlash(settings.customApiUrl ?? ''),
		endpoint: withoutTrailingSlash(settings.customApiUrl ?? ''),
		// A custom cloud (the emulator, a proxy) has no portal of its own; its tenants' pages are the commercial ones.
		portal: cloudEndpoints.global.portal,
	};
}

/** Delegated sign-in may use the multi-tenant endpoint; app-only tokens need a real tenant. */
function tenantSegment(settings: CredentialSettings): string {
	return settings.tenantId?.trim() || 'organizations';
}

export function authorizationUrl(settings: CredentialSettings): string {
	return `${endpointsOf(settings).login}/${tenantSegment(settings)}/oauth2/v2.0/authorize`;
}

export function accessTokenUrl(settings: CredentialSettings): string {
	return `${endpointsOf(settings).login}/${tenantSegment(settings)}/oauth2/v2.0/token`;
}

/** The resource identifier tokens are requested for (the `aud` Entra puts in them). */
export function resourceIdentifier(settings: Pick<CloudSettings, 'cloud' | 'api'>): string {
	const resources = settings.cloud === 'custom' ? customCloudResources : cloudEndpoints[settings.cloud];
	return resources[settings.api];
}

export function apiOrigin(settings: CloudSettings): string {
	return endpointsOf(settings)[settings.api];
}

/** The Defender portal of the credential's cloud: GCC High and DoD users open their items on their own hosts. */
export function portalOrigin(settings: Omit<CloudSettings, 'api'>): string {
	return endpointsOf({ ...settings, api: 'graph' }).portal;
}

/** Base URL that operation paths are appended to, e.g. https://graph.microsoft.com/v1.0. */
export function apiBaseUrl(settings: CloudSettings): string {
	return apiOrigin(settings) + apiBasePath[settings.api];
}

/*
 * Identity containment and custom detection rules (Graph v1.0, docs/api-contract.md section 10) are served in the
 * global cloud only; a custom cloud (the emulator, a test proxy) stands in for it.
 */
export function servesGraphResponse(cloud: CloudName): boolean {
	return cloud === 'global' || cloud === 'custom';
}

/** The delegated response permissions per choice and level; a user who never contains identities never consents to them. */
const responseDelegatedPermissions: Record<ResponseAccess, Record<PermissionLevel, string[]>> = {
	none: { readWrite: [], readOnly: [] },
	detectionRules: { readWrite: ['CustomDetection.ReadWrite.All'], readOnly: ['CustomDetection.Read.All'] },
	identities: { readWrite: ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All'], readOnly: ['SecurityIdentitiesAccount.Read.All'] },
	both: {
		readWrite: ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All', 'CustomDetection.ReadWrite.All'],
		readOnly: ['SecurityIdentitiesAccount.Read.All', 'CustomDetection.Read.All'],
	},
};

/** The response scopes a delegated Graph credential adds, each with a leading space; empty otherwise. */
function responseScopeSuffix(settings: CloudSettings): string {
	if (settings.api !== 'graph' || settings.grantType === 'clientCredentials' || !servesGraphResponse(settings.cloud)) return '';
	const resource = resourceIdentifier(settings);
	const permissions = responseDelegatedPermissions[settings.responseAccess ?? 'none'][settings.permissionLevel ?? 'readWrite'];
	return permissions.map((permission) => ` ${resource}/${permission}`).join('');
}

export function oauthScope(settings: CloudSettings): string {
	const resource = resourceIdentifier(settings);
	if (settings.grantType === 'clientCredentials') return `${resource}/.default`;
	const permissions = delegatedPermissions[settings.api][settings.permissionLevel ?? 'readWrite'];
	return [...permissions.map((permission) => `${resource}/${permission}`), 'offline_access'].join(' ') + responseScopeSuffix(settings);
}

/*
 * The same values written as n8n expressions over the credential's own fields. n8n evaluates hidden credential
 * fields itself, so they cannot call the functions above. Each expression is a tree of conditionals over the
 * fields it depends on, whose leaves are computed by the functions above; a test evaluates every combination.
 */

interface Dimension {
	name: keyof CredentialSettings;
	/** The last value is the fallback branch, so a field left empty behaves like its default. */
	values: string[];
}

const dimensions = {
	api: { name: 'api', values: ['legacy', 'graph'] },
	grantType: { name: 'grantType', values: ['clientCredentials', 'authorizationCode'] },
	permissionLevel: { name: 'permissionLevel', values: ['readOnly', 'readWrite'] },
	cloud: { name: 'cloud', values: ['custom', 'usGovGcc', 'usGovGccHigh', 'usGovDod', 'global'] },
	responseAccess: { name: 'responseAccess', values: ['detectionRules', 'identities', 'both', 'none'] },
} satisfies Record<string, Dimension>;

/**
 * `$self` in the credential's own hidden fields; `$credentials` in a request n8n builds from them (the credential
 * test). Both hold the same fields.
 */
type FieldsVariable = '$self' | '$credentials';

function decisionTree(
	remaining: Dimension[],
	leaf: (settings: CredentialSettings) => string,
	variable: FieldsVariable = '$self',
	chosen: Record<string, string> = {},
): string {
	if (remaining.length === 0) return leaf(chosen as unknown as CredentialSettings);
	const [dimension, ...rest] = remaining;
	const fallback = dimension.values[dimension.values.length - 1];
	const branches = dimension.values
		.slice(0, -1)
		.map((value) => `${variable}["${dimension.name}"] === "${value}" ? ${decisionTree(rest, leaf, variable, { ...chosen, [dimension.name]: value })} : `);
	return `(${branches.join('')}${decisionTree(rest, leaf, variable, { ...chosen, [dimension.name]: fallback })})`;
}

/** Stands in for a custom URL that breaks the https-or-loopback rule: it resolves nowhere and says why. */
export const refusedCustomUrl = 'https://custom-url-must-be-https-or-loopback.invalid';

/**
 * A custom URL field as an origin without trailing slash, or refusedCustomUrl when it is not https:// (or plain
 * http:// on a loopback address), so that n8n never sends the secret or a token to it over plain HTTP.
 */
function customOriginExpression(field: 'customLoginUrl' | 'customApiUrl', variable: FieldsVariable): string {
	const value = `String(${variable}["${field}"] || "").trim()`;
	const origin = `(${value}.endsWith("/") ? ${value}.slice(0, -1) : ${value})`;
	return `(${customOriginPattern}.test(${value}) ? ${origin} : "${refusedCustomUrl}")`;
}

const tenantExpression = '(String($self["tenantId"] || "").trim() || "organizations")';

function loginUrlExpression(path: string): string {
	const origin = decisionTree([dimensions.cloud], (settings) =>
		settings.cloud === 'custom' ? customOriginExpression('customLoginUrl', '$self') : JSON.stringify(cloudEndpoints[settings.cloud].login),
	);
	return `={{ ${origin} + "/" + ${tenantExpression} + "${path}" }}`;
}

/**
 * The configured API's base URL (e.g. https://graph.microsoft.com/v1.0), for the credential test's request; the
 * API is the credential's API field, or `fixedApi` for a credential of one API.
 */
export function apiBaseUrlExpressionFor(fixedApi?: CloudApi): string {
	const tree = decisionTree(
		fixedApi ? [dimensions.cloud] : [dimensions.cloud, dimensions.api],
		(settings) => {
			const resolved = { ...settings, api: fixedApi ?? settings.api };
			return resolved.cloud === 'custom'
				? `${customOriginExpression('customApiUrl', '$credentials')} + "${apiBasePath[resolved.api]}"`
				: JSON.stringify(apiBaseUrl(resolved));
		},
		'$credentials',
	);
	return `={{ ${tree} }}`;
}

export const apiBaseUrlExpression = apiBaseUrlExpressionFor();

export const authorizationUrlExpression = loginUrlExpression('/oauth2/v2.0/authorize');

export const accessTokenUrlExpression = loginUrlExpression('/oauth2/v2.0/token');

/** The XDR credential's scope: the incident permissions, then the response permissions the user chose. */
export const scopeExpression = `={{ ${decisionTree(
	[dimensions.api, dimensions.grantType, dimensions.permissionLevel, dimensions.cloud],
	(settings) => JSON.stringify(oauthScope({ ...settings, responseAccess: 'none' })),
)} + ${decisionTree(
	[dimensions.api, dimensions.grantType, dimensions.permissionLevel, dimensions.cloud, dimensions.responseAccess],
	(settings) => JSON.stringify(responseScopeSuffix(settings)),
)} }}`;

/** The scope of a credential fixed to one API (the Defender for Endpoint credential has no API field). */
export function scopeExpressionFor(api: CloudApi): string {
	return `={{ ${decisionTree([dimensions.grantType, dimensions.permissionLevel, dimensions.cloud], (settings) => JSON.stringify(oauthScope({ ...settings, api })))} }}`;
}
