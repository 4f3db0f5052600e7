import { MicrosoftDefenderForEndpointOAuth2Api } from '../../credentials/MicrosoftDefenderForEndpointOAuth2Api.credentials';
import { MicrosoftDefenderXdrOAuth2Api } from '../../credentials/MicrosoftDefenderXdrOAuth2Api.credentials';

/** The Defender for Endpoint credential: the XDR credential's fields without API, tokens for WindowsDefenderATP. */

const endpoint = new MicrosoftDefenderForEndpointOAuth2Api();
const xdr = new MicrosoftDefenderXdrOAuth2Api();

function evaluate(credential: { properties: Array<{ name: string; default?: unknown }> }, name: string, self: Record<string, unknown>): unknown {
	const source = String(credential.properties.find((property) => property.name === name)?.default);
	return new Function('$self', `return ${source.slice(4, -3)};`)(self);
}

describe('the Defender for Endpoint credential', () => {
	it('has the XDR credential fields except the API choice', () => {
		const names = (credential: { properties: Array<{ name: string }> }) => credential.properties.map((property) => property.name);
		expect(names(xdr).filter((name) => !['api', 'legacyNotice', 'responseAccess'].includes(name))).toEqual(names(endpoint).filter((name) => name !== 'permissionsNotice'));
		expect(endpoint.extends).toEqual(['oAuth2Api']);
	});

	it.each([
		[{ cloud: 'global', grantType: 'clientCredentials' }, 'https://api.securitycenter.microsoft.com/.default'],
		[{ cloud: 'usGovGcc', grantType: 'clientCredentials' }, 'https://api-gcc.securitycenter.microsoft.us/.default'],
		[{ cloud: 'usGovDod', grantType: 'clientCredentials' }, 'https://api-gov.securitycenter.microsoft.us/.default'],
		[{ cloud: 'custom', grantType: 'clientCredentials' }, 'https://api.securitycenter.microsoft.com/.default'],
		[{ cloud: 'global', grantType: 'authorizationCode', permissionLevel: 'readOnly' }, 'https://api.securitycenter.microsoft.com/Machine.Read offline_access'],
	])('asks Entra for WindowsDefenderATP: %j', (self, scope) => {
		expect(evaluate(endpoint, 'scope', self)).toBe(scope);
	});

	it('lets the HTTP Request node use neither credential until the user names the hosts', () => {
		for (const credential of [endpoint, xdr]) {
			const property = (name: string) => credential.properties.find((candidate) => candidate.name === name)?.default;
			expect([property('allowedHttpRequestDomains'), property('allowedDomains')]).toEqual(['domains', '']);
		}
	});

	it('is tested by reading one device of the configured cloud, without following redirects', () => {
		const request = endpoint.test.request;
		expect([request.url, request.qs, request.disableFollowRedirect]).toEqual(['/machines', { $top: 1 }, true]);
		const baseUrl = (self: Record<string, unknown>) => new Function('$credentials', `return ${String(request.baseURL).slice(4, -3)};`)(self);
		expect(baseUrl({ cloud: 'global' })).toBe('https://api.securitycenter.microsoft.com/api');
		expect(baseUrl({ cloud: 'usGovGccHigh' })).toBe('https://api-gov.securitycenter.microsoft.us/api');
		expect(baseUrl({ cloud: 'custom', customApiUrl: 'http://127.0.0.1:4567' })).toBe('http://127.0.0.1:4567/api');
		expect(endpoint.test.rules?.map((rule) => rule.properties.message).join(' ')).toContain('Machine.Read.All');
	});

	it('writes no expression n8n cannot parse: no "}}" before the end', () => {
		for (const credential of [endpoint, xdr]) {
			for (const property of credential.properties) {
				if (typeof property.default !== 'string' || !property.default.startsWith('={{')) continue;
				const inner = property.default.slice(3, -2);
				expect([property.name, inner.includes('}}')]).toEqual([property.name, false]);
			}
		}
	});
});
