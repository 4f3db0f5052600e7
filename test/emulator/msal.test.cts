import { createHash, X509Certificate } from 'node:crypto';

import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';

/**
 * Microsoft's own client library signs in against the emulator's Entra ID: proof that the emulator speaks the
 * protocol as Microsoft's clients expect it, not only as our code does. msal needs an https authority, so the
 * authority is the real login host and its metadata points the endpoints at the emulator.
 */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 3, now: new Date() });
});
afterAll(async () => await emulator.close());

function authorityOptions() {
	const tenantBase = `${emulator.baseUrl}/${emulator.tenantId}`;
	const authorityMetadata = {
		token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
		authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
		end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
		issuer: `https://login.microsoftonline.com/${emulator.tenantId}/v2.0`,
		jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
	};
	const cloudDiscoveryMetadata = {
		tenant_discovery_endpoint: `${tenantBase}/v2.0/.well-known/openid-configuration`,
		'api-version': '1.1',
		metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.microsoftonline.com', aliases: ['login.microsoftonline.com'] }],
	};
	return {
		authority: `https://login.microsoftonline.com/${emulator.tenantId}`,
		knownAuthorities: ['login.microsoftonline.com'],
		authorityMetadata: JSON.stringify(authorityMetadata),
		cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryMetadata),
	};
}

function app(name: string) {
	const found = emulator.apps.find((candidate) => candidate.name === name);
	if (!found) throw new Error(name);
	return found;
}

function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

it('issues an application token to msal with a client secret', async () => {
	const configuration: Configuration = { auth: { clientId: app('full').clientId, clientSecret: app('full').clientSecret, ...authorityOptions() } };
	const client = new ConfidentialClientApplication(configuration);
	const result = await client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
	const claims = claimsOf(result!.accessToken);
	expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: emulator.tenantId, appid: app('full').clientId, appidacr: '1' });
	expect(claims.roles).toEqual(expect.arrayContaining(['SecurityIncident.ReadWrite.All']));
	expect(result!.expiresOn!.getTime()).toBeGreaterThan(Date.now());
});

it('issues an application token to msal with a certificate', async () => {
	const certificate = app('certificate');
	const thumbprintSha256 = createHash('sha256').update(new X509Certificate(certificate.certificatePem!).raw).digest('hex');
	const client = new ConfidentialClientApplication({
		auth: { clientId: certificate.clientId, clientCertificate: { thumbprintSha256, privateKey: certificate.privateKeyPem! }, ...authorityOptions() },
	});
	const result = await client.acquireTokenByClientCredential({ scopes: ['https://api.security.microsoft.com/.default'] });
	expect(claimsOf(result!.accessToken)).toMatchObject({ aud: 'https://api.security.microsoft.com', appidacr: '2', roles: expect.arrayContaining(['Incident.ReadWrite.All']) });
});

it('refuses msal a wrong secret with Entra\'s error', async () => {
	const client = new ConfidentialClientApplication({ auth: { clientId: app('full').clientId, clientSecret: 'wrong', ...authorityOptions() } });
	await expect(client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS7000215') });
});

it('runs the authorization code flow with PKCE through msal', async () => {
	const delegated = app('delegated');
	const client = new ConfidentialClientApplication({ auth: { clientId: delegated.clientId, clientSecret: delegated.clientSecret, ...authorityOptions() } });
	const verifier = 'a'.repeat(43) + 'verifier-for-the-emulator-test';
	const challenge = createHash('sha256').update(verifier).digest('base64url');
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
	const scopes = ['https://graph.microsoft.com/SecurityIncident.ReadWrite.All'];
	const authorizeUrl = await client.getAuthCodeUrl({ scopes, redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state: 'xyz' });
	const redirect = await fetch(authorizeUrl.replace(/^https:\/\/login\.microsoftonline\.com/, emulator.baseUrl), { redirect: 'manual' });
	const location = new URL(redirect.headers.get('location')!);
	expect(location.searchParams.get('state')).toBe('xyz');
	const result = await client.acquireTokenByCode({ code: location.searchParams.get('code')!, scopes, redirectUri, codeVerifier: verifier });
	expect(claimsOf(result.accessToken)).toMatchObject({ scp: 'SecurityIncident.ReadWrite.All', upn: 'analyst@contoso.example' });
	expect(result.account?.username).toBe('analyst@contoso.example');
});
