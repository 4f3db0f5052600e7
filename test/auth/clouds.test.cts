import { MicrosoftDefenderXdrOAuth2Api } from '../../credentials/MicrosoftDefenderXdrOAuth2Api.credentials';
import { incidentReference, parseReference } from '../../nodes/MicrosoftDefenderXdr/model/references';
import {
	apiBaseUrl,
	portalOrigin,
	type ApiName,
	type CloudName,
	type CredentialSettings,
	type GrantType,
	type PermissionLevel,
} from '../../nodes/MicrosoftDefenderXdr/model/clouds';

const credential = new MicrosoftDefenderXdrOAuth2Api();

/** Evaluates a hidden field's `={{ ... }}` default the way n8n does for plain JavaScript expressions. */
function evaluateHiddenField(name: string, self: Record<string, unknown>): string {
	const property = credential.properties.find((candidate) => candidate.name === name);
	const source = String(property?.default);
	expect(source.startsWith('={{ ') && source.endsWith(' }}')).toBe(true);
	return new Function('$self', `return ${source.slice(4, -3)};`)(self) as string;
}

/** Hosts from docs/api-contract.md section 9, written out by hand so a typo in the code's table shows. */
const hosts: Record<Exclude<CloudName, 'custom'>, { login: string; graph: string; legacy: string }> = {
	global: { login: 'login.microsoftonline.com', graph: 'graph.microsoft.com', legacy: 'api.security.microsoft.com' },
	usGovGcc: { login: 'login.microsoftonline.com', graph: 'graph.microsoft.com', legacy: 'api-gcc.security.microsoft.us' },
	usGovGccHigh: { login: 'login.microsoftonline.us', graph: 'graph.microsoft.us', legacy: 'api-gov.security.microsoft.us' },
	usGovDod: { login: 'login.microsoftonline.us', graph: 'dod-graph.microsoft.us', legacy: 'api-gov.security.microsoft.us' },
};

const delegatedScopes: Record<ApiName, Record<PermissionLevel, string[]>> = {
	graph: {
		readWrite: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All'],
		readOnly: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All'],
	},
	legacy: { readWrite: ['Incident.ReadWrite', 'AdvancedHunting.Read'], readOnly: ['Incident.Read', 'AdvancedHunting.Read'] },
};

const customLogin = 'http://127.0.0.1:4567';
const customApi = 'http://127.0.0.1:4568/';
const tenant = '6a0c3e4f-2b1d-4c5e-9f8a-7b6c5d4e3f21';

const clouds: CloudName[] = ['global', 'usGovGcc', 'usGovGccHigh', 'usGovDod', 'custom'];
const apis: ApiName[] = ['graph', 'legacy'];
const modes: Array<[GrantType, PermissionLevel | undefined]> = [
	['clientCredentials', undefined],
	['authorizationCode', 'readWrite'],
	['authorizationCode', 'readOnly'],
];

const table = clouds.flatMap((cloud) =>
	apis.flatMap((api) => modes.map(([grantType, permissionLevel]) => ({ cloud, api, grantType, permissionLevel }))),
);

describe('computed credential fields for every cloud x API x mode', () => {
	it.each(table)('$cloud $api $grantType $permissionLevel', ({ cloud, api, grantType, permissionLevel }) => {
		const self = { cloud, api, grantType, permissionLevel, tenantId: tenant, customLoginUrl: customLogin, customApiUrl: customApi };
		const loginOrigin = cloud === 'custom' ? customLogin : `https://${hosts[cloud].login}`;
		// A custom cloud stands in for the global one, so it asks for the global resource identifiers.
		const resource = `https://${hosts[cloud === 'custom' ? 'global' : cloud][api]}`;
		const apiOrigin = cloud === 'custom' ? 'http://127.0.0.1:4568' : `https://${hosts[cloud][api]}`;

		expect(evaluateHiddenField('authUrl', self)).toBe(`${loginOrigin}/${tenant}/oauth2/v2.0/authorize`);
		expect(evaluateHiddenField('accessTokenUrl', self)).toBe(`${loginOrigin}/${tenant}/oauth2/v2.0/token`);
		const expectedScope =
			grantType === 'clientCredentials'
				? `${resource}/.default`
				: [...delegatedScopes[api][permissionLevel!].map((permission) => `${resource}/${permission}`), 'offline_access'].join(' ');
		expect(evaluateHiddenField('scope', self)).toBe(expectedScope);
		expect(apiBaseUrl(self as CredentialSettings)).toBe(`${apiOrigin}${api === 'graph' ? '/v1.0' : '/api'}`);
	});

	it('uses the multi-tenant endpoint for a delegated credential without a tenant', () => {
		const self = { cloud: 'global', api: 'graph', grantType: 'authorizationCode', tenantId: '  ' };
		expect(evaluateHiddenField('authUrl', self)).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize');
	});

	it('falls back to the defaults (Graph, read and write) for fields never saved', () => {
		const self = { cloud: 'global', grantType: 'authorizationCode', tenantId: tenant };
		expect(evaluateHiddenField('scope', self)).toBe(
			'https://graph.microsoft.com/SecurityIncident.ReadWrite.All https://graph.microsoft.com/SecurityAlert.ReadWrite.All https://graph.microsoft.com/ThreatHunting.Read.All offline_access',
		);
	});

	it('asks for the response permissions only when the user chose them, and never outside the global cloud', () => {
		const base = { api: 'graph', grantType: 'authorizationCode', tenantId: tenant };
		const scopes = (self: Record<string, unknown>) => evaluateHiddenField('scope', { ...base, ...self }).split(' ');
		const graph = (permission: string) => `https://graph.microsoft.com/${permission}`;
		expect(scopes({ cloud: 'global' }).filter((scope) => /Identities|CustomDetection/.test(scope))).toEqual([]);
		expect(scopes({ cloud: 'global', responseAccess: 'none' })).not.toContain(graph('SecurityIdentitiesActions.ReadWrite.All'));
		expect(scopes({ cloud: 'global', responseAccess: 'detectionRules' }).slice(-1)).toEqual([graph('CustomDetection.ReadWrite.All')]);
		expect(scopes({ cloud: 'custom', customLoginUrl: customLogin, customApiUrl: customApi, responseAccess: 'identities' }).slice(-2)).toEqual([
			graph('SecurityIdentitiesAccount.Read.All'),
			graph('SecurityIdentitiesActions.ReadWrite.All'),
		]);
		expect(scopes({ cloud: 'global', responseAccess: 'both', permissionLevel: 'readOnly' }).slice(-2)).toEqual([graph('SecurityIdentitiesAccount.Read.All'), graph('CustomDetection.Read.All')]);
		expect(scopes({ cloud: 'usGovGccHigh', responseAccess: 'both' }).filter((scope) => /Identities|CustomDetection/.test(scope))).toEqual([]);
		expect(scopes({ cloud: 'global', api: 'legacy', responseAccess: 'both' }).filter((scope) => /Identities|CustomDetection/.test(scope))).toEqual([]);
		expect(evaluateHiddenField('scope', { ...base, cloud: 'global', grantType: 'clientCredentials', responseAccess: 'both' })).toBe('https://graph.microsoft.com/.default');
	});

	it('sends the client id and secret in the form body, as Entra expects', () => {
		expect(credential.properties.find((property) => property.name === 'authentication')?.default).toBe('body');
		expect(credential.extends).toEqual(['oAuth2Api']);
	});

	it('keeps the public field names saved credentials depend on', () => {
		const names = credential.properties.map((property) => property.name);
		for (const name of ['grantType', 'clientCredentialType', 'clientId', 'clientSecret', 'privateKey', 'certificate', 'tenantId', 'cloud', 'customLoginUrl', 'customApiUrl', 'api', 'permissionLevel']) {
			expect(names).toContain(name);
		}
	});
});

describe('the Defender portal of each cloud', () => {
	it.each([
		['global', 'https://security.microsoft.com'],
		['usGovGcc', 'https://security.microsoft.com'],
		['usGovGccHigh', 'https://security.microsoft.us'],
		['usGovDod', 'https://security.apps.mil'],
		['custom', 'https://security.microsoft.com'],
	] as Array<[CloudName, string]>)('links %s items to %s', (cloud, portal) => {
		expect(portalOrigin({ cloud, grantType: 'clientCredentials', customApiUrl: 'http://127.0.0.1:4567' })).toBe(portal);
	});

	it('accepts a pasted link from every cloud\'s portal', () => {
		for (const origin of ['https://security.microsoft.com', 'https://security.microsoft.us', 'https://security.apps.mil', 'https://mto.security.microsoft.com']) {
			expect(parseReference({ __rl: true, mode: 'url', value: `${origin}/incidents/924521` }, incidentReference)).toEqual({ id: '924521' });
		}
	});
});
