import { createHash, X509Certificate } from 'node:crypto';

import { ConfidentialClientApplication, PublicClientApplication, type Configuration } from '@azure/msal-node';

import { startStandaloneEntra, type StandaloneEntra } from '../../emulator/entra/standalone.cjs';

/**
 * Microsoft's own client library against the emulator's Entra ID: proof that the emulator speaks the protocol as
 * Microsoft's clients expect, not only as our code does. msal insists on an https authority, so the authority is
 * the real login host and the emulator's own OpenID metadata and instance discovery (fetched from it, not written
 * here) point msal at the emulator. msal accepted the http token endpoint; no custom network client was needed.
 */

let entra: StandaloneEntra;
let authority: Pick<Configuration['auth'], 'authority' | 'knownAuthorities' | 'authorityMetadata' | 'cloudDiscoveryMetadata'>;

beforeAll(async () => {
	entra = await startStandaloneEntra();
	const tenantId = entra.options.tenantId;
	const metadata = await (await fetch(`${entra.origin}/${tenantId}/v2.0/.well-known/openid-configuration`)).text();
	const discovery = await (await fetch(`${entra.origin}/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/authorize`)).text();
	authority = { authority: `https://login.microsoftonline.com/${tenantId}`, knownAuthorities: ['login.microsoftonline.com'], authorityMetadata: metadata, cloudDiscoveryMetadata: discovery };
});
afterAll(async () => await entra.close());

function app(name: string) {
	const found = entra.options.apps.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no app ${name}`);
	return found;
}

function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

function hexThumbprint(algorithm: 'sha1' | 'sha256'): string {
	return createHash(algorithm).update(new X509Certificate(app('certificate').certificatePem!).raw).digest('hex');
}

const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';

/** The browser's part: follow the authorize URL msal built (to the real host) on the emulator, return the redirect. */
async function signIn(authorizeUrl: string): Promise<URL> {
	const local = new URL(authorizeUrl);
	const response = await fetch(`${entra.origin}${local.pathname}${local.search}`, { redirect: 'manual' });
	expect(response.status).toBe(302);
	return new URL(response.headers.get('location')!);
}

function pkcePair(): { verifier: string; challenge: string } {
	const verifier = 'emulator-test-verifier-with-at-least-43-characters-0123456789';
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

it('issues an application token for Graph to msal with a client secret', async () => {
	const full = app('full');
	const client = new ConfidentialClientApplication({ auth: { clientId: full.clientId, clientSecret: full.clientSecret, ...authority } });
	const result = await client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
	const claims = claimsOf(result!.accessToken);
	expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: entra.options.tenantId, appid: full.clientId, appidacr: '1', idtyp: 'app' });
	expect(claims.roles).toEqual(full.applicationPermissions.graph);
	expect(result!.tokenType).toBe('Bearer');
	expect(await entra.service.checkAccessToken(`Bearer ${result!.accessToken}`, ['https://graph.microsoft.com'])).toMatchObject({ ok: true, kind: 'application' });
});

it.each([
	['SHA-256 thumbprint (x5t#S256)', { thumbprintSha256: 'sha256' as const }],
	['SHA-1 thumbprint (x5t)', { thumbprint: 'sha1' as const }],
])('issues a legacy-API token to msal signing its assertion with the certificate by %s', async (_name, thumbprintKind) => {
	const certificate = app('certificate');
	const [[property, algorithm]] = Object.entries(thumbprintKind);
	const client = new ConfidentialClientApplication({
		auth: { clientId: certificate.clientId, clientCertificate: { [property]: hexThumbprint(algorithm), privateKey: certificate.privateKeyPem! }, ...authority },
	});
	const result = await client.acquireTokenByClientCredential({ scopes: ['https://api.security.microsoft.com/.default'] });
	const claims = claimsOf(result!.accessToken);
	expect(claims).toMatchObject({ aud: 'https://api.security.microsoft.com', appidacr: '2', appid: certificate.clientId });
	expect(claims.roles).toEqual(certificate.applicationPermissions.legacy);
});

it('refuses msal a certificate the app does not have, with AADSTS700027', async () => {
	const certificate = app('certificate');
	const client = new ConfidentialClientApplication({
		auth: { clientId: certificate.clientId, clientCertificate: { thumbprintSha256: 'ab'.repeat(32), privateKey: certificate.privateKeyPem! }, ...authority },
	});
	await expect(client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS700027') });
});

it("refuses msal a wrong secret with Entra's error", async () => {
	const client = new ConfidentialClientApplication({ auth: { clientId: app('full').clientId, clientSecret: 'not-the-secret', ...authority } });
	await expect(client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS7000215') });
});

it('runs the authorization code flow with PKCE and then the refresh token through msal', async () => {
	const delegated = app('delegated');
	const client = new ConfidentialClientApplication({ auth: { clientId: delegated.clientId, clientSecret: delegated.clientSecret, ...authority } });
	const { verifier, challenge } = pkcePair();
	const scopes = ['https://graph.microsoft.com/SecurityIncident.ReadWrite.All'];
	const location = await signIn(await client.getAuthCodeUrl({ scopes, redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state: 'state-1' }));
	expect(location.searchParams.get('state')).toBe('state-1');
	const result = await client.acquireTokenByCode({ code: location.searchParams.get('code')!, scopes, redirectUri, codeVerifier: verifier });
	expect(claimsOf(result.accessToken)).toMatchObject({ scp: 'SecurityIncident.ReadWrite.All', upn: 'analyst@contoso.example', appidacr: '1', aud: 'https://graph.microsoft.com' });
	expect(result.account).toMatchObject({ username: 'analyst@contoso.example', tenantId: entra.options.tenantId, localAccountId: 'aaaaaaaa-0000-4000-8000-000000000001' });

	// msal asks for offline_access itself and keeps the refresh token in its cache, not in the result.
	const cache = JSON.parse(client.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
	const [refreshToken] = Object.values(cache.RefreshToken).map((entry) => entry.secret);
	expect(refreshToken).toBeTruthy();
	const refreshed = await client.acquireTokenByRefreshToken({ refreshToken, scopes });
	expect(refreshed!.accessToken).not.toBe(result.accessToken);
	expect(claimsOf(refreshed!.accessToken)).toMatchObject({ scp: 'SecurityIncident.ReadWrite.All', oid: 'aaaaaaaa-0000-4000-8000-000000000001' });

	const silent = await client.acquireTokenSilent({ account: result.account!, scopes, forceRefresh: true });
	expect(claimsOf(silent.accessToken)).toMatchObject({ scp: 'SecurityIncident.ReadWrite.All' });
});

it('lets a public client redeem its code with PKCE and no secret (appidacr 0)', async () => {
	const delegated = app('delegated');
	const client = new PublicClientApplication({ auth: { clientId: delegated.clientId, ...authority } });
	const { verifier, challenge } = pkcePair();
	const scopes = ['https://api.security.microsoft.com/Incident.Read'];
	entra.service.setSignedInUser('reader@contoso.example');
	try {
		const location = await signIn(await client.getAuthCodeUrl({ scopes, redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256' }));
		const result = await client.acquireTokenByCode({ code: location.searchParams.get('code')!, scopes, redirectUri, codeVerifier: verifier });
		expect(claimsOf(result.accessToken)).toMatchObject({ aud: 'https://api.security.microsoft.com', scp: 'Incident.Read', upn: 'reader@contoso.example', appidacr: '0' });
	} finally {
		entra.service.setSignedInUser('analyst@contoso.example');
	}
});

it('hands msal the declined consent as access_denied with AADSTS65004', async () => {
	const delegated = app('delegated');
	const client = new ConfidentialClientApplication({ auth: { clientId: delegated.clientId, clientSecret: delegated.clientSecret, ...authority } });
	const location = await signIn(await client.getAuthCodeUrl({ scopes: ['https://graph.microsoft.com/SecurityIncident.Read.All'], redirectUri, loginHint: 'refuser@contoso.example', state: 'state-2' }));
	expect(Object.fromEntries(location.searchParams)).toEqual({ state: 'state-2', error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' });
});
