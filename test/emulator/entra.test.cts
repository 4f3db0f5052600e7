import { createHash } from 'node:crypto';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { buildClientAssertion } from '../../nodes/MicrosoftDefenderXdr/transport/tokenProbe';

/** The emulator's Entra ID over plain HTTP: each documented error with its AADSTS code, PKCE, refresh, consent. */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 0, now: new Date() });
});
afterAll(async () => await emulator.close());

const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';

function app(name: string) {
	return emulator.apps.find((candidate) => candidate.name === name)!;
}

async function token(form: Record<string, string>, tenant = emulator.tenantId) {
	const response = await fetch(`${emulator.baseUrl}/${tenant}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function authorize(parameters: Record<string, string>) {
	const url = new URL(`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/authorize`);
	url.search = new URLSearchParams({ client_id: app('delegated').clientId, response_type: 'code', redirect_uri: redirectUri, state: 's1', ...parameters }).toString();
	const response = await fetch(url, { redirect: 'manual' });
	return new URL(response.headers.get('location')!);
}

const secretForm = () => ({ grant_type: 'client_credentials', client_id: app('full').clientId, client_secret: app('full').clientSecret!, scope: 'https://graph.microsoft.com/.default' });

it.each([
	['an unknown tenant', {}, 'contoso-unknown.example', 400, 'invalid_request', 90002],
	['a wrong secret', { client_secret: 'wrong' }, undefined, 401, 'invalid_client', 7000215],
	['an unknown client', { client_id: '99999999-9999-4999-8999-999999999999' }, undefined, 400, 'unauthorized_client', 700016],
	['no credentials', { client_secret: '' }, undefined, 401, 'invalid_client', 7000218],
	['a scope without /.default', { scope: 'https://graph.microsoft.com/SecurityIncident.Read.All' }, undefined, 400, 'invalid_scope', 1002012],
	['an unsupported grant', { grant_type: 'password' }, undefined, 400, 'unsupported_grant_type', 70003],
] as const)('answers %s in Entra\'s format', async (_case, changes, tenant, status, error, code) => {
	const answer = await token({ ...secretForm(), ...changes }, tenant);
	expect(answer.status).toBe(status);
	expect(answer.body).toMatchObject({ error, error_codes: [code], error_description: expect.stringMatching(new RegExp(`^AADSTS${code}: .*Trace ID: .*Correlation ID: `)) });
});

it('shapes application tokens like Entra and counts token requests', async () => {
	const before = emulator.admin.counters().tokenRequests;
	const { body } = await token(secretForm());
	expect(emulator.admin.counters().tokenRequests).toBe(before + 1);
	expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
	const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
	expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${emulator.tenantId}/`, tid: emulator.tenantId, appid: app('full').clientId, appidacr: '1', idtyp: 'app' });
	expect(claims.exp - claims.iat).toBe(3600);
	expect(claims.scp).toBeUndefined();
});

it('checks certificate assertions: signature, audience and registered thumbprint', async () => {
	const certificate = app('certificate');
	const tokenUrl = `${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`;
	const form = (assertion: string) => ({ grant_type: 'client_credentials', client_id: certificate.clientId, scope: 'https://graph.microsoft.com/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
	const good = buildClientAssertion({ tokenUrl, clientId: certificate.clientId, certificate: { privateKey: certificate.privateKeyPem!, certificate: certificate.certificatePem! } }, new Date());
	expect((await token(form(good))).status).toBe(200);
	const wrongAudience = buildClientAssertion({ tokenUrl: 'https://login.microsoftonline.com/other/oauth2/v2.0/token', clientId: certificate.clientId, certificate: { privateKey: certificate.privateKeyPem!, certificate: certificate.certificatePem! } }, new Date());
	expect((await token(form(wrongAudience))).body.error_codes).toEqual([700024]);
	const tampered = `${good.slice(0, -6)}AAAAAA`;
	expect((await token(form(tampered))).body.error_codes).toEqual([700027]);
	const expired = buildClientAssertion({ tokenUrl, clientId: certificate.clientId, certificate: { privateKey: certificate.privateKeyPem!, certificate: certificate.certificatePem! } }, new Date(Date.now() - 3600_000));
	expect((await token(form(expired))).body.error_codes).toEqual([700024]);
});

it('runs the code flow with PKCE, single-use codes and rotating refresh tokens', async () => {
	const verifier = 'v'.repeat(50);
	const scope = 'https://graph.microsoft.com/SecurityIncident.Read.All offline_access';
	const location = await authorize({ scope, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' });
	expect(location.searchParams.get('state')).toBe('s1');
	const code = location.searchParams.get('code')!;
	const delegated = app('delegated');
	const codeForm = { grant_type: 'authorization_code', client_id: delegated.clientId, client_secret: delegated.clientSecret!, code, redirect_uri: redirectUri };
	expect((await token({ ...codeForm, code_verifier: 'w'.repeat(50) })).body.error_codes).toEqual([501481]);
	const location2 = await authorize({ scope, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' });
	const fresh = { ...codeForm, code: location2.searchParams.get('code')!, code_verifier: verifier };
	const first = await token(fresh);
	expect(first.status).toBe(200);
	expect(JSON.parse(Buffer.from(first.body.access_token.split('.')[1], 'base64url').toString())).toMatchObject({ scp: 'SecurityIncident.Read.All', upn: 'analyst@contoso.example' });
	expect((await token(fresh)).body.error_codes).toEqual([70008]);
	const refreshed = await token({ grant_type: 'refresh_token', client_id: delegated.clientId, client_secret: delegated.clientSecret!, refresh_token: first.body.refresh_token });
	expect(refreshed.status).toBe(200);
	expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
	const reused = await token({ grant_type: 'refresh_token', client_id: delegated.clientId, client_secret: delegated.clientSecret!, refresh_token: first.body.refresh_token });
	expect(reused.body.error).toBe('invalid_grant');
});

it('redirects with access_denied when the user declines consent', async () => {
	const location = await authorize({ scope: 'https://graph.microsoft.com/SecurityIncident.Read.All', login_hint: 'refuser@contoso.example' });
	expect(location.searchParams.get('error')).toBe('access_denied');
	expect(location.searchParams.get('error_description')).toMatch(/^AADSTS65004/);
	expect(location.searchParams.get('state')).toBe('s1');
});

it('publishes OpenID metadata and signing keys', async () => {
	const metadata = (await (await fetch(`${emulator.baseUrl}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
	expect(metadata.token_endpoint).toBe(`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`);
	const keys = (await (await fetch(metadata.jwks_uri)).json()) as { keys: Array<Record<string, string>> };
	expect(keys.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: expect.any(String) });
});
