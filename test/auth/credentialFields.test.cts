import { credentialProblems, readCredentialFields } from '../../nodes/MicrosoftDefenderXdr/auth/credentialFields';

const validClient = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const validTenant = '6a0c3e4f-2b1d-4c5e-9f8a-7b6c5d4e3f21';

function problemsOf(data: Record<string, string>) {
	return credentialProblems(readCredentialFields({ clientId: validClient, tenantId: validTenant, ...data }));
}

describe('credential field validation', () => {
	it('accepts GUIDs and verified domains', () => {
		expect(problemsOf({})).toEqual([]);
		expect(problemsOf({ tenantId: 'contoso.onmicrosoft.com' })).toEqual([]);
		expect(problemsOf({ grantType: 'authorizationCode', tenantId: '' })).toEqual([]);
	});

	it('defaults fields never saved to application mode on Graph in the global cloud', () => {
		expect(readCredentialFields({})).toMatchObject({ grantType: 'clientCredentials', api: 'graph', cloud: 'global', clientCredentialType: 'clientSecret' });
	});

	it('names a client ID that is not a GUID', () => {
		expect(problemsOf({ clientId: 'my-app' })).toEqual([
			'Client ID "my-app" is not a GUID. Copy the "Application (client) ID" from the app registration\'s Overview page in Microsoft Entra ID.',
		]);
	});

	it.each(['', 'common', 'organizations'])('refuses tenant "%s" in application mode', (tenantId) => {
		expect(problemsOf({ tenantId })[0]).toMatch(/^Application mode needs the tenant/);
	});

	it.each(['contoso', 'contoso.onmicrosoft.com/../x', "x' or 1=1"])('refuses the malformed tenant "%s"', (tenantId) => {
		expect(problemsOf({ tenantId })).toEqual([
			`Tenant ID "${tenantId}" is neither a GUID nor a domain name. Use the "Directory (tenant) ID" from Microsoft Entra ID's Overview page, or a verified domain such as contoso.onmicrosoft.com.`,
		]);
	});

	const rule = 'must be https:// with host and optional port only (plain http:// only for 127.0.0.1, [::1] or localhost), e.g. https://login.example.com or http://127.0.0.1:4567.';

	it.each([
		['http://127.0.0.1:4567', 'http://127.0.0.1:4567/'],
		['https://login.example.com', 'https://api.example.com:8443/'],
		['http://localhost:4567', 'http://[::1]:4567'],
	])('accepts the custom origins %s and %s', (customLoginUrl, customApiUrl) => {
		expect(problemsOf({ cloud: 'custom', customLoginUrl, customApiUrl })).toEqual([]);
	});

	it('refuses paths, other schemes and plain http to anything but loopback', () => {
		expect(problemsOf({ cloud: 'custom', customLoginUrl: 'http://127.0.0.1:4567/tenant', customApiUrl: 'ftp://x' })).toEqual([
			`Custom Login URL "http://127.0.0.1:4567/tenant" ${rule}`,
			`Custom API URL "ftp://x" ${rule}`,
		]);
		expect(problemsOf({ cloud: 'custom', customLoginUrl: 'http://login.example.com', customApiUrl: 'http://127.0.0.1.evil.example' })).toEqual([
			`Custom Login URL "http://login.example.com" ${rule}`,
			`Custom API URL "http://127.0.0.1.evil.example" ${rule}`,
		]);
	});
});
