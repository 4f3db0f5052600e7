import { createHash, generateKeyPairSync } from 'node:crypto';

import { createLocalJWKSet, decodeProtectedHeader, importPKCS8, jwtVerify, SignJWT } from 'jose';

import { certificateThumbprint, EntraService } from '../../emulator/entra/index.cjs';
import { startStandaloneEntra, type StandaloneEntra } from '../../emulator/entra/standalone.cjs';
import { buildClientAssertion } from '../harness/clientAssertion.cjs';

/** The emulator's Entra ID over plain HTTP: every documented refusal with its AADSTS code, token shapes, the code flow, and token checks. */

let entra: StandaloneEntra;
beforeAll(async () => {
	entra = await startStandaloneEntra();
});
afterAll(async () => await entra.close());

const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
const graphDefault = 'https://graph.microsoft.com/.default';

function app(name: string) {
	const found = entra.options.apps.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no app ${name}`);
	return found;
}

const tenantId = () => entra.options.tenantId;
const tokenUrl = (tenant = tenantId(), path = 'oauth2/v2.0/token') => `${entra.origin}/${tenant}/${path}`;

type Body = Record<string, any>;

async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
	return { status: response.status, body: (await response.json()) as Body };
}

const secretForm = (name = 'full', scope = graphDefault) => ({ grant_type: 'client_credentials', client_id: app(name).clientId, client_secret: app(name).clientSecret!, scope });

async function applicationToken(name = 'full', scope = graphDefault): Promise<string> {
	const { status, body } = await post(tokenUrl(), secretForm(name, scope));
	expect(status).toBe(200);
	return body.access_token as string;
}

function claimsOf(token: string): Body {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Body;
}

/** Runs `body` with the emulator's clock moved forward, and moves it back afterwards. */
async function later<T>(seconds: number, body: () => Promise<T>): Promise<T> {
	entra.advanceClock(seconds);
	try {
		return await body();
	} finally {
		entra.advanceClock(-seconds);
	}
}

function expectEntraError(answer: { status: number; body: Body }, status: number, error: string, code: number) {
	expect(answer.status).toBe(status);
	expect(answer.body).toMatchObject({ error, error_codes: [code], trace_id: expect.any(String), correlation_id: expect.any(String) });
	expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`));
	expect(answer.body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
}

describe('token endpoint refusals in Entra format', () => {
	it.each([
		['an unknown tenant domain', {}, 'fabrikam.example', 400, 'invalid_request', 90002],
		['a tenant that is no domain or ID', {}, 'contoso', 400, 'invalid_request', 900023],
		['client credentials on /common', {}, 'common', 400, 'invalid_request', 50059],
		['an unknown client', { client_id: '99999999-9999-4999-8999-999999999999' }, undefined, 400, 'unauthorized_client', 700016],
		['a wrong secret', { client_secret: 'wrong' }, undefined, 401, 'invalid_client', 7000215],
		['a secret for the certificate-only app', { client_id: '44444444-4444-4444-8444-444444444444' }, undefined, 401, 'invalid_client', 7000215],
		['no credential', { client_secret: '' }, undefined, 401, 'invalid_client', 7000218],
		['no client id', { client_id: '' }, undefined, 400, 'invalid_request', 900144],
		['no scope', { scope: '' }, undefined, 400, 'invalid_scope', 70011],
		['a scope without /.default', { scope: 'https://graph.microsoft.com/SecurityIncident.Read.All' }, undefined, 400, 'invalid_scope', 1002012],
		['two /.default scopes', { scope: `${graphDefault} https://api.security.microsoft.com/.default` }, undefined, 400, 'invalid_scope', 70011],
		['an unknown resource', { scope: 'https://management.example/.default' }, undefined, 400, 'invalid_resource', 500011],
		['an unsupported grant', { grant_type: 'password' }, undefined, 400, 'unsupported_grant_type', 70003],
		['no grant type', { grant_type: '' }, undefined, 400, 'invalid_request', 900144],
	] as const)('answers %s', async (_case, changes, tenant, status, error, code) => {
		expectEntraError(await post(tokenUrl(tenant), { ...secretForm(), ...changes }), status, error, code);
	});

	it('refuses a GET on the token endpoint', async () => {
		const response = await fetch(tokenUrl());
		expectEntraError({ status: response.status, body: (await response.json()) as Body }, 400, 'invalid_request', 900561);
	});

	it('compares a Basic credential that skipped form-encoding as it came', async () => {
		const basic = Buffer.from(`${app('full').clientId}:100%wrong`).toString('base64');
		expectEntraError(await post(tokenUrl(), { grant_type: 'client_credentials', scope: graphDefault }, { authorization: `Basic ${basic}` }), 401, 'invalid_client', 7000215);
	});

	it('refuses a wrong secret sent with HTTP Basic', async () => {
		const basic = Buffer.from(`${app('full').clientId}:wrong`).toString('base64');
		expectEntraError(await post(tokenUrl(), { grant_type: 'client_credentials', scope: graphDefault }, { authorization: `Basic ${basic}` }), 401, 'invalid_client', 7000215);
	});

	it('counts token requests, refused ones too, until reset', async () => {
		entra.service.resetCounters();
		await post(tokenUrl(), secretForm());
		await post(tokenUrl(), { ...secretForm(), client_secret: 'wrong' });
		await fetch(`${entra.origin}/${tenantId()}/v2.0/.well-known/openid-configuration`);
		expect(entra.service.counters.tokenRequests).toBe(2);
		entra.service.resetCounters();
		expect(entra.service.counters.tokenRequests).toBe(0);
	});
});

describe('application tokens', () => {
	it('answers like Entra and carries roles, tenant, issuer and secret-based appidacr', async () => {
		const { status, body } = await post(tokenUrl(), secretForm());
		expect(status).toBe(200);
		expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
		expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
		const claims = claimsOf(body.access_token);
		expect(claims).toMatchObject({
			aud: 'https://graph.microsoft.com',
			iss: `https://sts.windows.net/${tenantId()}/`,
			tid: tenantId(),
			appid: app('full').clientId,
			appidacr: '1',
			idtyp: 'app',
			ver: '1.0',
			roles: app('full').applicationPermissions.graph,
		});
		expect(claims.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(claims.sub).toBe(claims.oid);
		expect(claims.scp).toBeUndefined();
		expect(claims.exp - claims.iat).toBe(3600);
		expect(claims.nbf).toBe(claims.iat);
	});

	it('gives each token its own uti and the same service principal id', async () => {
		const [first, second] = (await Promise.all([applicationToken(), applicationToken()])).map(claimsOf);
		expect(first.uti).not.toBe(second.uti);
		expect(first.oid).toBe(second.oid);
	});

	it('puts only the permissions for the requested API in roles, and no roles claim without any', async () => {
		expect(claimsOf(await applicationToken('readonly')).roles).toEqual(['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All', 'SecurityIdentitiesAccount.Read.All', 'CustomDetection.Read.All']);
		expect(claimsOf(await applicationToken('readonly', 'https://api.security.microsoft.com/.default')).roles).toEqual(['Incident.Read.All', 'AdvancedHunting.Read.All']);
		expect(claimsOf(await applicationToken('none'))).not.toHaveProperty('roles');
	});

	it.each([
		['https://api.security.microsoft.com/.default', 'https://api.security.microsoft.com'],
		['https://api.security.microsoft.com//.default', 'https://api.security.microsoft.com/'],
		['8ee8fdad-f234-4243-8f3b-15c294843740/.default', '8ee8fdad-f234-4243-8f3b-15c294843740'],
		['00000003-0000-0000-c000-000000000000/.default', 'https://graph.microsoft.com'],
	])('answers scope %s with audience %s', async (scope, audience) => {
		expect(claimsOf(await applicationToken('full', scope)).aud).toBe(audience);
	});

	it('accepts the client secret in HTTP Basic, as n8n may send it', async () => {
		const full = app('full');
		const basic = Buffer.from(`${encodeURIComponent(full.clientId)}:${encodeURIComponent(full.clientSecret!)}`).toString('base64');
		const { status, body } = await post(tokenUrl('contoso.example'), { grant_type: 'client_credentials', scope: graphDefault }, { authorization: `Basic ${basic}` });
		expect(status).toBe(200);
		expect(claimsOf(body.access_token)).toMatchObject({ appid: full.clientId, appidacr: '1' });
	});

	it('answers the v1 endpoint with resource, string lifetimes and the resource echoed', async () => {
		const { client_id, client_secret } = secretForm();
		const { status, body } = await post(tokenUrl(tenantId(), 'oauth2/token'), { grant_type: 'client_credentials', client_id, client_secret, resource: 'https://api.security.microsoft.com/' });
		expect(status).toBe(200);
		expect(body).toMatchObject({ token_type: 'Bearer', expires_in: '3600', resource: 'https://api.security.microsoft.com/' });
		const claims = claimsOf(body.access_token);
		expect(body.expires_on).toBe(String(claims.exp));
		expect(claims.aud).toBe('https://api.security.microsoft.com/');
	});

	it('signs with the key the JWKS lists (kid = x5t), and marks Graph tokens with a nonce header', async () => {
		const keys = (await (await fetch(`${entra.origin}/${tenantId()}/discovery/v2.0/keys`)).json()) as { keys: Body[] };
		expect(keys.keys).toEqual([expect.objectContaining({ kty: 'RSA', use: 'sig', kid: expect.stringMatching(/^[\w-]{27}$/), x5t: keys.keys[0].kid })]);
		const legacy = await applicationToken('full', 'https://api.security.microsoft.com/.default');
		const { payload } = await jwtVerify(legacy, createLocalJWKSet(keys as never), { issuer: `https://sts.windows.net/${tenantId()}/` });
		expect(payload.aud).toBe('https://api.security.microsoft.com');
		expect(decodeProtectedHeader(legacy)).toMatchObject({ typ: 'JWT', alg: 'RS256', kid: keys.keys[0].kid, x5t: keys.keys[0].kid });
		expect(decodeProtectedHeader(legacy)).not.toHaveProperty('nonce');
		expect(decodeProtectedHeader(await applicationToken())).toHaveProperty('nonce');
	});
});

describe('certificate client assertions', () => {
	const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

	async function assertion(changes: { claims?: Body; header?: Body; key?: string } = {}): Promise<string> {
		const certificate = app('certificate');
		const key = await importPKCS8(changes.key ?? certificate.privateKeyPem!, 'RS256');
		const nowSeconds = Math.floor(Date.now() / 1000);
		const claims = { iss: certificate.clientId, sub: certificate.clientId, aud: tokenUrl('contoso.example'), jti: `jti-${Math.random()}`, nbf: nowSeconds, exp: nowSeconds + 600, ...changes.claims };
		return await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', 'x5t#S256': certificateThumbprint(certificate.certificatePem!, 'sha256'), ...changes.header }).sign(key);
	}

	const assertionForm = (clientAssertion: string, type = assertionType) => ({ grant_type: 'client_credentials', client_id: app('certificate').clientId, scope: graphDefault, client_assertion_type: type, client_assertion: clientAssertion });

	it('accepts a well-made assertion addressed to the token endpoint by tenant domain, with appidacr 2', async () => {
		const { status, body } = await post(tokenUrl('contoso.example'), assertionForm(await assertion()));
		expect(status).toBe(200);
		expect(claimsOf(body.access_token)).toMatchObject({ appid: app('certificate').clientId, appidacr: '2', roles: app('certificate').applicationPermissions.graph });
	});

	it("accepts the assertion the node's own credential test builds", async () => {
		const certificate = app('certificate');
		const signed = buildClientAssertion({ tokenUrl: tokenUrl(), clientId: certificate.clientId, certificate: { privateKey: certificate.privateKeyPem!, certificate: certificate.certificatePem! } }, new Date());
		expect((await post(tokenUrl(), assertionForm(signed))).status).toBe(200);
	});

	it('accepts the SHA-1 x5t header and an audience naming the tenant by ID', async () => {
		const certificate = app('certificate');
		const signed = await assertion({ header: { 'x5t#S256': undefined, x5t: certificateThumbprint(certificate.certificatePem!, 'sha1') }, claims: { aud: tokenUrl(tenantId()) } });
		expect((await post(tokenUrl('contoso.example'), assertionForm(signed))).status).toBe(200);
	});

	it.each([
		['a wrong audience', async () => await assertion({ claims: { aud: 'https://login.microsoftonline.com/fabrikam.example/oauth2/v2.0/token' } }), 50013],
		['an expired assertion', async () => await assertion({ claims: { exp: Math.floor(Date.now() / 1000) - 30 } }), 700024],
		['a signature by another key', async () => await assertion({ key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }), 700027],
		['an unregistered thumbprint', async () => await assertion({ header: { 'x5t#S256': createHash('sha256').update('other').digest('base64url') } }), 700027],
		['an issuer that is not the client', async () => await assertion({ claims: { iss: app('full').clientId } }), 700021],
		['no jti', async () => await assertion({ claims: { jti: undefined } }), 50013],
		['a malformed assertion', async () => 'not.a.jwt', 50027],
	])('refuses %s', async (_case, makeAssertion, code) => {
		expectEntraError(await post(tokenUrl('contoso.example'), assertionForm(await makeAssertion())), 401, 'invalid_client', code);
	});

	it('judges assertion expiry by the emulator clock', async () => {
		const signed = await assertion();
		expectEntraError(await later(3600, async () => await post(tokenUrl('contoso.example'), assertionForm(signed))), 401, 'invalid_client', 700024);
	});

	it('refuses an assertion with the wrong assertion type', async () => {
		expectEntraError(await post(tokenUrl('contoso.example'), assertionForm(await assertion(), 'urn:other')), 400, 'invalid_request', 900144);
	});
});

describe('authorization code flow', () => {
	const delegatedScopes = 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All https://graph.microsoft.com/SecurityAlert.Read.All offline_access openid profile';

	async function authorize(parameters: Record<string, string> = {}): Promise<Response> {
		const url = new URL(`${entra.origin}/${tenantId()}/oauth2/v2.0/authorize`);
		url.search = new URLSearchParams({ client_id: app('delegated').clientId, response_type: 'code', redirect_uri: redirectUri, scope: delegatedScopes, state: 'state-1', ...parameters }).toString();
		return await fetch(url, { redirect: 'manual' });
	}

	async function code(parameters: Record<string, string> = {}): Promise<string> {
		const response = await authorize(parameters);
		expect(response.status).toBe(302);
		const location = new URL(response.headers.get('location')!);
		expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
		expect(location.searchParams.get('state')).toBe(parameters.state ?? 'state-1');
		return location.searchParams.get('code')!;
	}

	/** The code exchange as n8n's OAuth2 client sends it: secret in Basic, no scope. */
	async function redeem(authorizationCode: string, extra: Record<string, string> = {}) {
		const delegated = app('delegated');
		const basic = Buffer.from(`${delegated.clientId}:${delegated.clientSecret}`).toString('base64');
		return await post(tokenUrl(), { grant_type: 'authorization_code', code: authorizationCode, redirect_uri: redirectUri, ...extra }, { authorization: `Basic ${basic}` });
	}

	async function refresh(refreshToken: string, extra: Record<string, string> = {}) {
		const delegated = app('delegated');
		return await post(tokenUrl(), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: delegated.clientId, client_secret: delegated.clientSecret!, ...extra });
	}

	it('issues a delegated token with scp, the user, a refresh token and an ID token', async () => {
		const { status, body } = await redeem(await code());
		expect(status).toBe(200);
		expect(body).toMatchObject({
			token_type: 'Bearer',
			expires_in: 3600,
			scope: 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All https://graph.microsoft.com/SecurityAlert.Read.All offline_access openid profile',
			refresh_token: expect.any(String),
			id_token: expect.any(String),
		});
		const claims = claimsOf(body.access_token);
		expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'SecurityIncident.ReadWrite.All SecurityAlert.Read.All', oid: 'aaaaaaaa-0000-4000-8000-000000000001', upn: 'analyst@contoso.example', appidacr: '1', tid: tenantId(), appid: app('delegated').clientId });
		expect(claims).not.toHaveProperty('roles');
		expect(claimsOf(body.id_token)).toMatchObject({ aud: app('delegated').clientId, iss: `https://login.microsoftonline.com/${tenantId()}/v2.0`, preferred_username: 'analyst@contoso.example', ver: '2.0' });
	});

	it('leaves out the refresh token without offline_access and the ID token without openid', async () => {
		const { body } = await redeem(await code({ scope: 'https://api.security.microsoft.com/Incident.Read' }));
		expect(body).not.toHaveProperty('refresh_token');
		expect(body).not.toHaveProperty('id_token');
		expect(claimsOf(body.access_token)).toMatchObject({ aud: 'https://api.security.microsoft.com', scp: 'Incident.Read' });
	});

	it("grants the registration's delegated permissions for /.default", async () => {
		const { body } = await redeem(await code({ scope: 'https://api.security.microsoft.com/.default' }));
		expect(claimsOf(body.access_token).scp).toBe('Incident.ReadWrite AdvancedHunting.Read');
	});

	it('redeems a code only once', async () => {
		const authorizationCode = await code();
		expect((await redeem(authorizationCode)).status).toBe(200);
		expectEntraError(await redeem(authorizationCode), 400, 'invalid_grant', 54005);
	});

	it('refuses an unknown code, and a code after its ten minutes', async () => {
		expectEntraError(await redeem('not-a-code'), 400, 'invalid_grant', 9002313);
		const authorizationCode = await code();
		expectEntraError(await later(601, async () => await redeem(authorizationCode)), 400, 'invalid_grant', 70008);
	});

	it('requires the redirect URI of the authorization request', async () => {
		expectEntraError(await redeem(await code(), { redirect_uri: 'http://localhost:5678/other' }), 400, 'invalid_grant', 500112);
	});

	it('checks the PKCE verifier for S256 and plain challenges', async () => {
		const verifier = 'a-verifier-long-enough-for-pkce-0123456789-abcdefghijklmnop';
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		expectEntraError(await redeem(await code({ code_challenge: challenge, code_challenge_method: 'S256' }), { code_verifier: `${verifier}x` }), 400, 'invalid_grant', 501481);
		expectEntraError(await redeem(await code({ code_challenge: challenge, code_challenge_method: 'S256' })), 400, 'invalid_grant', 501481);
		expect((await redeem(await code({ code_challenge: challenge, code_challenge_method: 'S256' }), { code_verifier: verifier })).status).toBe(200);
		expect((await redeem(await code({ code_challenge: verifier, code_challenge_method: 'plain' }), { code_verifier: verifier })).status).toBe(200);
	});

	it('refuses a token request naming two resources', async () => {
		expectEntraError(await redeem(await code(), { scope: 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All https://api.security.microsoft.com/Incident.Read' }), 400, 'invalid_scope', 28000);
	});

	it('rotates refresh tokens, keeps the consented scopes and allows a consented subset', async () => {
		const first = (await redeem(await code())).body;
		const refreshed = await refresh(first.refresh_token);
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).toEqual(expect.any(String));
		expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
		expect(claimsOf(refreshed.body.access_token)).toMatchObject({ scp: 'SecurityIncident.ReadWrite.All SecurityAlert.Read.All', upn: 'analyst@contoso.example' });
		expect((await refresh(refreshed.body.refresh_token)).status).toBe(200);

		const subset = await refresh(refreshed.body.refresh_token, { scope: 'https://graph.microsoft.com/SecurityAlert.Read.All offline_access' });
		expect(claimsOf(subset.body.access_token).scp).toBe('SecurityAlert.Read.All');
		expect(subset.body.scope).toBe('https://graph.microsoft.com/SecurityAlert.Read.All offline_access');
		expectEntraError(await refresh(refreshed.body.refresh_token, { scope: 'https://graph.microsoft.com/ThreatHunting.Read.All' }), 400, 'invalid_grant', 65001);
	});

	it('refuses unknown refresh tokens and those of another app', async () => {
		expectEntraError(await refresh('0.Anot-a-refresh-token'), 400, 'invalid_grant', 9002313);
		const { refresh_token } = (await redeem(await code())).body;
		const full = app('full');
		expectEntraError(await post(tokenUrl(), { grant_type: 'refresh_token', refresh_token, client_id: full.clientId, client_secret: full.clientSecret! }), 400, 'invalid_grant', 70000);
	});

	it('sends a declining user back with access_denied and the state', async () => {
		for (const signIn of [async () => await authorize({ login_hint: 'refuser@contoso.example', state: 'state-9' }), async () => {
			entra.service.setSignedInUser('refuser@contoso.example');
			try {
				return await authorize({ state: 'state-9' });
			} finally {
				entra.service.setSignedInUser('analyst@contoso.example');
			}
		}]) {
			const response = await signIn();
			expect(response.status).toBe(302);
			const location = new URL(response.headers.get('location')!);
			expect(Object.fromEntries(location.searchParams)).toEqual({ state: 'state-9', error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' });
		}
	});

	it('signs in the login_hint user, else the emulator signed-in user', async () => {
		const { body } = await redeem(await code({ login_hint: 'reader@contoso.example' }));
		expect(claimsOf(body.access_token).upn).toBe('reader@contoso.example');
		const check = await entra.service.checkAccessToken(`Bearer ${body.access_token}`, ['https://graph.microsoft.com']);
		expect(check).toMatchObject({ ok: true, kind: 'delegated', permissions: ['SecurityIncident.ReadWrite.All', 'SecurityAlert.Read.All'], user: { userPrincipalName: 'reader@contoso.example', defenderRole: 'reader' } });
		expect(entra.service.getUser('aaaaaaaa-0000-4000-8000-000000000002')?.defenderRole).toBe('reader');
	});

	it.each([
		['an unknown client', { client_id: '99999999-9999-4999-8999-999999999999' }, 700016],
		['an unknown user', { login_hint: 'nobody@contoso.example' }, 50034],
		['no redirect URI', { redirect_uri: '' }, 900144],
	])('shows an error page for %s', async (_case, parameters, code) => {
		const response = await authorize(parameters);
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await response.text()).toContain(`AADSTS${code}:`);
	});

	it.each([
		['an unsupported response type', { response_type: 'token' }, 'unsupported_response_type', 700054],
		['an unknown resource', { scope: 'https://management.example/user_impersonation' }, 'invalid_resource', 500011],
	])('redirects back with the error for %s', async (_case, parameters, error, code) => {
		const location = new URL((await authorize(parameters)).headers.get('location')!);
		expect(location.searchParams.get('error')).toBe(error);
		expect(location.searchParams.get('error_description')).toMatch(new RegExp(`^AADSTS${code}: `));
		expect(location.searchParams.get('state')).toBe('state-1');
	});
});

describe('checkAccessToken', () => {
	const graph = ['https://graph.microsoft.com'];

	it.each([
		['no header', undefined, 'missing'],
		['another scheme', 'Basic dXNlcjpwYXNz', 'missing'],
		['an empty bearer', 'Bearer ', 'missing'],
		['garbage', 'Bearer not-a-token', 'malformed'],
	])('refuses %s', async (_case, header, reason) => {
		expect(await entra.service.checkAccessToken(header, graph)).toEqual({ ok: false, reason });
	});

	it('accepts a valid application token and names the app and its permissions', async () => {
		const check = await entra.service.checkAccessToken(`Bearer ${await applicationToken('readonly')}`, ['https://graph.microsoft.com/']);
		expect(check).toMatchObject({ ok: true, kind: 'application', permissions: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All', 'SecurityIdentitiesAccount.Read.All', 'CustomDetection.Read.All'], app: { name: 'readonly' } });
	});

	it('detects a changed payload and a foreign signing key', async () => {
		const [header, payload, signature] = (await applicationToken()).split('.');
		const forged = Buffer.from(JSON.stringify({ ...claimsOf(`${header}.${payload}.`), roles: ['Everything.All'] })).toString('base64url');
		expect(await entra.service.checkAccessToken(`Bearer ${header}.${forged}.${signature}`, graph)).toEqual({ ok: false, reason: 'badSignature' });
		const stranger = await EntraService.create(entra.options);
		const foreign = await stranger.handle({ method: 'POST', url: new URL(tokenUrl()), headers: {}, body: new URLSearchParams(secretForm()).toString() }, entra.origin);
		const foreignToken = JSON.parse(foreign!.body).access_token as string;
		expect(await entra.service.checkAccessToken(`Bearer ${foreignToken}`, graph)).toEqual({ ok: false, reason: 'badSignature' });
	});

	it('refuses a token of another tenant signed with the same keys, and a token for another API', async () => {
		const otherTenant = entra.service.anotherTenant({ ...entra.options, tenantId: '0f0f0f0f-0000-4000-8000-0000000000aa', tenantDomain: 'fabrikam.example' });
		const answer = await otherTenant.handle({ method: 'POST', url: new URL(`${entra.origin}/fabrikam.example/oauth2/v2.0/token`), headers: {}, body: new URLSearchParams(secretForm()).toString() }, entra.origin);
		const token = JSON.parse(answer!.body).access_token as string;
		expect(await otherTenant.checkAccessToken(`Bearer ${token}`, graph)).toMatchObject({ ok: true });
		expect(await entra.service.checkAccessToken(`Bearer ${token}`, graph)).toEqual({ ok: false, reason: 'wrongTenant' });
		const legacyToken = await applicationToken('full', 'https://api.security.microsoft.com/.default');
		expect(await entra.service.checkAccessToken(`Bearer ${legacyToken}`, graph)).toEqual({ ok: false, reason: 'wrongAudience' });
		expect(await entra.service.checkAccessToken(`Bearer ${legacyToken}`, ['https://api.security.microsoft.com/'])).toMatchObject({ ok: true });
	});

	it('expires tokens exactly at exp by the emulator clock, honouring a changed lifetime', async () => {
		// Frozen, so that the wall clock ticking over a second cannot move the boundary.
		entra.freezeClock(true);
		try {
			const token = await applicationToken();
			expect(await later(3599, async () => await entra.service.checkAccessToken(`Bearer ${token}`, graph))).toMatchObject({ ok: true });
			expect(await later(3600, async () => await entra.service.checkAccessToken(`Bearer ${token}`, graph))).toEqual({ ok: false, reason: 'expired' });
			entra.service.setTokenLifetimeSeconds(60);
			const { body } = await post(tokenUrl(), secretForm());
			expect(body.expires_in).toBe(60);
			expect(await later(59, async () => await entra.service.checkAccessToken(`Bearer ${body.access_token}`, graph))).toMatchObject({ ok: true });
			expect(await later(60, async () => await entra.service.checkAccessToken(`Bearer ${body.access_token}`, graph))).toEqual({ ok: false, reason: 'expired' });
		} finally {
			entra.service.setTokenLifetimeSeconds(3600);
			entra.freezeClock(false);
		}
	});

	it('expires every token issued before expireAllTokens, while new tokens and refresh tokens keep working', async () => {
		const delegated = app('delegated');
		const location = new URL(
			(
				await fetch(`${entra.origin}/${tenantId()}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: delegated.clientId, response_type: 'code', redirect_uri: redirectUri, scope: 'https://graph.microsoft.com/SecurityIncident.Read.All offline_access' })}`, { redirect: 'manual' })
			).headers.get('location')!,
		);
		const signedIn = (await post(tokenUrl(), { grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: redirectUri, client_id: delegated.clientId, client_secret: delegated.clientSecret! })).body;
		const before = await applicationToken();
		entra.service.expireAllTokens();
		expect(await entra.service.checkAccessToken(`Bearer ${before}`, graph)).toEqual({ ok: false, reason: 'expired' });
		expect(await entra.service.checkAccessToken(`Bearer ${signedIn.access_token}`, graph)).toEqual({ ok: false, reason: 'expired' });
		expect(await entra.service.checkAccessToken(`Bearer ${await applicationToken()}`, graph)).toMatchObject({ ok: true });
		const refreshed = await post(tokenUrl(), { grant_type: 'refresh_token', refresh_token: signedIn.refresh_token, client_id: delegated.clientId, client_secret: delegated.clientSecret! });
		expect(await entra.service.checkAccessToken(`Bearer ${refreshed.body.access_token}`, graph)).toMatchObject({ ok: true, kind: 'delegated' });
	});
});

describe('metadata and discovery', () => {
	it('serves v2 and v1 OpenID metadata with Entra issuers and the emulator as endpoints', async () => {
		const v2 = (await (await fetch(`${entra.origin}/contoso.example/v2.0/.well-known/openid-configuration`)).json()) as Body;
		expect(v2).toMatchObject({
			issuer: `https://login.microsoftonline.com/${tenantId()}/v2.0`,
			token_endpoint: `${entra.origin}/contoso.example/oauth2/v2.0/token`,
			authorization_endpoint: `${entra.origin}/contoso.example/oauth2/v2.0/authorize`,
			jwks_uri: `${entra.origin}/contoso.example/discovery/v2.0/keys`,
			token_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'private_key_jwt']),
		});
		const v1 = (await (await fetch(`${entra.origin}/${tenantId()}/.well-known/openid-configuration`)).json()) as Body;
		expect(v1).toMatchObject({ issuer: `https://sts.windows.net/${tenantId()}/`, token_endpoint: `${entra.origin}/${tenantId()}/oauth2/token`, jwks_uri: `${entra.origin}/${tenantId()}/discovery/keys` });
		const common = (await (await fetch(`${entra.origin}/common/v2.0/.well-known/openid-configuration`)).json()) as Body;
		expect(common.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
		const unknown = await fetch(`${entra.origin}/fabrikam.example/v2.0/.well-known/openid-configuration`);
		expectEntraError({ status: unknown.status, body: (await unknown.json()) as Body }, 400, 'invalid_request', 90002);
	});

	it("answers msal's instance discovery with the emulator host as an alias", async () => {
		const body = (await (await fetch(`${entra.origin}/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/contoso.example/oauth2/v2.0/authorize`)).json()) as Body;
		const host = new URL(entra.origin).host;
		expect(body).toMatchObject({ 'api-version': '1.1', tenant_discovery_endpoint: `${entra.origin}/contoso.example/v2.0/.well-known/openid-configuration` });
		expect(body.metadata[0]).toMatchObject({ preferred_network: host, preferred_cache: host, aliases: expect.arrayContaining([host, 'login.microsoftonline.com']) });
	});

	it('leaves paths that are not Entra to the caller', async () => {
		for (const path of ['/v1.0/security/incidents', '/api/incidents', '/', '/contoso.example/oauth2/v2.0/devicecode']) {
			expect(await entra.service.handle({ method: 'GET', url: new URL(path, entra.origin), headers: {}, body: '' }, entra.origin)).toBeUndefined();
		}
	});
});
