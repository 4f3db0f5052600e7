import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compactVerify, decodeProtectedHeader, exportJWK, generateKeyPair, importX509, jwtVerify, SignJWT, type JWTPayload, type KeyLike } from 'jose';

import type { HttpAnswer, HttpExchange } from '../http.cjs';

/**
 * Microsoft Entra ID's v2 endpoints as our nodes and Microsoft's own client library use them: client credentials
 * with a secret or a certificate assertion, the authorization code flow with PKCE, refresh tokens, OpenID
 * metadata and signing keys. Tokens are RS256 JWTs shaped like Entra's (defender-apis.md section 3).
 */

export interface AppRegistration {
	name: string;
	clientId: string;
	clientSecret?: string;
	certificatePem?: string;
	/** Kept so tests and the command line can hand it to a client. */
	privateKeyPem?: string;
	applicationPermissions: { graph: string[]; legacy: string[] };
}

export interface UserAccount {
	userPrincipalName: string;
	objectId: string;
	displayName: string;
	defenderRole: 'reader' | 'operator';
	consent: 'grant' | 'refuse';
}

export interface EntraOptions {
	tenantId: string;
	tenantDomain: string;
	apps: AppRegistration[];
	users: UserAccount[];
	now: () => Date;
	tokenLifetimeSeconds?: number;
}

export type TokenCheck =
	| { ok: true; claims: JWTPayload & Record<string, unknown>; kind: 'application' | 'delegated'; permissions: string[]; user?: UserAccount; app: AppRegistration }
	| { ok: false; reason: 'missing' | 'malformed' | 'badSignature' | 'expired' | 'wrongTenant' | 'wrongAudience' | 'revoked' };

/** Resource identifiers the emulator issues tokens for, and the API each belongs to. */
const resources: Array<{ identifier: string; api: 'graph' | 'legacy'; audience: (requested: string) => string }> = [
	{ identifier: 'https://graph.microsoft.com', api: 'graph', audience: () => 'https://graph.microsoft.com' },
	{ identifier: '00000003-0000-0000-c000-000000000000', api: 'graph', audience: () => 'https://graph.microsoft.com' },
	{ identifier: 'https://api.security.microsoft.com', api: 'legacy', audience: (requested) => requested },
	{ identifier: 'https://api.security.microsoft.com/', api: 'legacy', audience: (requested) => requested },
];

function resourceOf(identifier: string) {
	return resources.find((resource) => resource.identifier.toLowerCase() === identifier.toLowerCase());
}

const defaultTenantId = '6a0c3e4f-2b1d-4c5e-9f8a-7b6c5d4e3f21';
const graphApplicationPermissions = ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All'];
const legacyApplicationPermissions = ['Incident.ReadWrite.All', 'AdvancedHunting.Read.All'];

/** The default tenant: apps full, readonly, none, certificate and delegated; an operator, a reader and a refuser. */
export function defaultEntraOptions(now: () => Date): EntraOptions {
	const fixtures = join(__dirname, 'fixtures');
	return {
		tenantId: defaultTenantId,
		tenantDomain: 'contoso.example',
		now,
		apps: [
			{ name: 'full', clientId: '11111111-1111-4111-8111-111111111111', clientSecret: 'emulator-secret-full', applicationPermissions: { graph: graphApplicationPermissions, legacy: legacyApplicationPermissions } },
			{ name: 'readonly', clientId: '22222222-2222-4222-8222-222222222222', clientSecret: 'emulator-secret-readonly', applicationPermissions: { graph: ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All'], legacy: ['Incident.Read.All', 'AdvancedHunting.Read.All'] } },
			{ name: 'none', clientId: '33333333-3333-4333-8333-333333333333', clientSecret: 'emulator-secret-none', applicationPermissions: { graph: [], legacy: [] } },
			{
				name: 'certificate',
				clientId: '44444444-4444-4444-8444-444444444444',
				certificatePem: readFileSync(join(fixtures, 'certificate-app.cert.pem'), 'utf8'),
				privateKeyPem: readFileSync(join(fixtures, 'certificate-app.key.pem'), 'utf8'),
				applicationPermissions: { graph: graphApplicationPermissions, legacy: legacyApplicationPermissions },
			},
			{ name: 'delegated', clientId: '55555555-5555-4555-8555-555555555555', clientSecret: 'emulator-secret-delegated', applicationPermissions: { graph: [], legacy: [] } },
		],
		users: [
			{ userPrincipalName: 'analyst@contoso.example', objectId: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Ana Analyst', defenderRole: 'operator', consent: 'grant' },
			{ userPrincipalName: 'reader@contoso.example', objectId: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Rémi Reader', defenderRole: 'reader', consent: 'grant' },
			{ userPrincipalName: 'refuser@contoso.example', objectId: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'Rita Refuser', defenderRole: 'operator', consent: 'refuse' },
		],
	};
}

interface PendingCode {
	clientId: string;
	user: UserAccount;
	scopes: string[];
	redirectUri: string;
	codeChallenge?: string;
	codeChallengeMethod?: string;
	expiresAt: number;
}

interface RefreshGrant {
	clientId: string;
	user: UserAccount;
	scopes: string[];
}

function thumbprint(certificatePem: string, algorithm: 'sha1' | 'sha256'): string {
	return createHash(algorithm).update(new X509Certificate(certificatePem).raw).digest('base64url');
}

function random(): string {
	return randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
}

export class EntraService {
	readonly counters = { tokenRequests: 0 };

	private tokenLifetimeSeconds: number;

	private signedInUser: string;

	/** Token IDs (uti) issued so far, and those expireAllTokens() made unusable. */
	private readonly issuedTokenIds: string[] = [];

	private readonly expiredTokenIds = new Set<string>();

	private readonly codes = new Map<string, PendingCode>();

	private readonly refreshTokens = new Map<string, RefreshGrant>();

	private constructor(
		private readonly options: EntraOptions,
		private readonly signingKey: KeyLike,
		private readonly publicJwk: Record<string, unknown>,
	) {
		this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
		this.signedInUser = options.users[0]?.userPrincipalName ?? '';
	}

	static async create(options: EntraOptions): Promise<EntraService> {
		const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
		const jwk = await exportJWK(publicKey);
		return new EntraService(options, privateKey, { ...jwk, kid: 'emulator-signing-key', use: 'sig', alg: 'RS256' });
	}

	setTokenLifetimeSeconds(seconds: number): void {
		this.tokenLifetimeSeconds = seconds;
	}

	expireAllTokens(): void {
		for (const tokenId of this.issuedTokenIds.splice(0)) this.expiredTokenIds.add(tokenId);
	}

	setSignedInUser(userPrincipalName: string): void {
		this.signedInUser = userPrincipalName;
	}

	resetCounters(): void {
		this.counters.tokenRequests = 0;
	}

	private knowsTenant(tenant: string): boolean {
		const wanted = tenant.toLowerCase();
		return [this.options.tenantId.toLowerCase(), this.options.tenantDomain.toLowerCase(), 'organizations', 'common'].includes(wanted);
	}

	private nowSeconds(): number {
		return Math.floor(this.options.now().getTime() / 1000);
	}

	private entraError(status: number, error: string, code: number, description: string): HttpAnswer {
		const timestamp = this.options.now().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
		const traceId = randomUUID();
		const correlationId = randomUUID();
		return {
			status,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: JSON.stringify({
				error,
				error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
				error_codes: [code],
				timestamp,
				trace_id: traceId,
				correlation_id: correlationId,
			}),
		};
	}

	async handle(exchange: HttpExchange, origin: string): Promise<HttpAnswer | undefined> {
		const segments = exchange.url.pathname.split('/').filter(Boolean);
		if (exchange.url.pathname === '/common/discovery/instance') return this.instanceDiscovery(origin);
		if (segments.length < 2) return undefined;
		const [tenant, ...rest] = segments;
		const path = rest.join('/');
		const endpoints = ['oauth2/v2.0/token', 'oauth2/token', 'oauth2/v2.0/authorize', 'v2.0/.well-known/openid-configuration', '.well-known/openid-configuration', 'discovery/v2.0/keys', 'discovery/keys'];
		if (!endpoints.includes(path)) return undefined;
		if (!this.knowsTenant(tenant)) {
			return this.entraError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
		}
		if (path.endsWith('keys')) return json(200, { keys: [this.publicJwk] });
		if (path.endsWith('openid-configuration')) return json(200, this.metadata(origin, tenant));
		if (path === 'oauth2/v2.0/authorize') return this.authorize(exchange);
		if (exchange.method !== 'POST') return this.entraError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
		this.counters.tokenRequests++;
		return await this.token(exchange, origin, tenant);
	}

	private metadata(origin: string, tenant: string): Record<string, unknown> {
		return {
			issuer: `https://login.microsoftonline.com/${this.options.tenantId}/v2.0`,
			authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
			token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
			jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
			end_session_endpoint: `${origin}/${tenant}/oauth2/v2.0/logout`,
			response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
			subject_types_supported: ['pairwise'],
			id_token_signing_alg_values_supported: ['RS256'],
			token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
			scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
			tenant_region_scope: 'WW',
			cloud_instance_name: 'microsoftonline.com',
		};
	}

	private instanceDiscovery(origin: string): HttpAnswer {
		const host = new URL(origin).host;
		return json(200, {
			tenant_discovery_endpoint: `${origin}/${this.options.tenantId}/v2.0/.well-known/openid-configuration`,
			'api-version': '1.1',
			metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host, 'login.microsoftonline.com'] }],
		});
	}

	private authorize(exchange: HttpExchange): HttpAnswer {
		const query = exchange.url.searchParams;
		const app = this.options.apps.find((candidate) => candidate.clientId === query.get('client_id'));
		if (!app) return this.entraError(400, 'unauthorized_client', 700016, `Application with identifier '${query.get('client_id')}' was not found in the directory '${this.options.tenantDomain}'.`);
		const redirectUri = query.get('redirect_uri');
		if (!redirectUri) return this.entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'.");
		const target = new URL(redirectUri);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		const hint = query.get('login_hint');
		const user = this.options.users.find((candidate) => candidate.userPrincipalName.toLowerCase() === (hint ?? this.signedInUser).toLowerCase());
		if (!user || user.consent === 'refuse') {
			target.searchParams.set('error', 'access_denied');
			target.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
			return { status: 302, headers: { location: target.toString() }, body: '' };
		}
		const code = random();
		this.codes.set(code, {
			clientId: app.clientId,
			user,
			scopes: (query.get('scope') ?? '').split(/\s+/).filter(Boolean),
			redirectUri,
			codeChallenge: query.get('code_challenge') ?? undefined,
			codeChallengeMethod: query.get('code_challenge_method') ?? undefined,
			expiresAt: this.options.now().getTime() + 10 * 60_000,
		});
		target.searchParams.set('code', code);
		return { status: 302, headers: { location: target.toString() }, body: '' };
	}

	private clientAuthentication(exchange: HttpExchange, form: URLSearchParams): { clientId?: string; secret?: string } {
		const basic = /^Basic\s+(.+)$/i.exec(String(exchange.headers.authorization ?? ''));
		if (basic) {
			const [clientId, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent);
			return { clientId, secret };
		}
		return { clientId: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
	}

	/** Checks a private_key_jwt client assertion against the app's certificate. */
	private async verifyAssertion(app: AppRegistration, assertion: string, tokenUrls: string[]): Promise<HttpAnswer | undefined> {
		if (!app.certificatePem) return this.entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation: no certificate is registered for the app.');
		let header: ReturnType<typeof decodeProtectedHeader>;
		try {
			header = decodeProtectedHeader(assertion);
		} catch {
			return this.entraError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
		}
		const known = [thumbprint(app.certificatePem, 'sha1'), thumbprint(app.certificatePem, 'sha256')];
		if (!known.includes(String(header.x5t ?? '')) && !known.includes(String(header['x5t#S256'] ?? ''))) {
			return this.entraError(401, 'invalid_client', 700027, `Client assertion failed signature validation. The key was not found: the certificate with thumbprint '${String(header.x5t ?? header['x5t#S256'])}' is not registered for the app.`);
		}
		try {
			const key = await importX509(app.certificatePem, 'RS256');
			const { payload } = await jwtVerify(assertion, key, { currentDate: this.options.now(), clockTolerance: 300 });
			if (payload.iss !== app.clientId || payload.sub !== app.clientId) return this.entraError(401, 'invalid_client', 700021, 'Client assertion application identifier does not match the client_id parameter.');
			const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
			if (!audiences.some((audience) => tokenUrls.includes(String(audience)))) return this.entraError(401, 'invalid_client', 700024, 'Client assertion audience claim does not match the token endpoint.');
			if (!payload.jti) return this.entraError(401, 'invalid_client', 700025, 'Client assertion has no jti claim.');
			return undefined;
		} catch (error) {
			const code = (error as { code?: string }).code;
			return code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
				? this.entraError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.')
				: this.entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
		}
	}

	private async token(exchange: HttpExchange, origin: string, tenant: string): Promise<HttpAnswer> {
		const form = new URLSearchParams(exchange.body);
		const grantType = form.get('grant_type');
		const { clientId, secret } = this.clientAuthentication(exchange, form);
		const app = this.options.apps.find((candidate) => candidate.clientId === clientId);
		if (!app) return this.entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${this.options.tenantDomain}'. This can happen if the application has not been installed by the administrator of the tenant.`);
		if (!['client_credentials', 'authorization_code', 'refresh_token'].includes(grantType ?? '')) {
			return this.entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
		}
		const assertion = form.get('client_assertion');
		if (assertion) {
			const tokenUrls = [this.options.tenantId, this.options.tenantDomain, tenant].map((name) => `${origin}/${name}/oauth2/v2.0/token`);
			const refusal = await this.verifyAssertion(app, assertion, tokenUrls);
			if (refusal) return refusal;
		} else if (secret === undefined || secret === '') {
			if (grantType === 'client_credentials' || app.clientSecret) {
				return this.entraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
			}
		} else if (secret !== app.clientSecret) {
			return this.entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
		}
		const appIdAcr = assertion ? '2' : secret ? '1' : '0';

		if (grantType === 'client_credentials') {
			const scope = form.get('scope') ?? '';
			const match = /^(.*)\/\.default$/.exec(scope.trim());
			const resource = match ? resourceOf(match[1]) : undefined;
			if (!match || !resource) return this.entraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
			const roles = app.applicationPermissions[resource.api];
			return json(200, {
				token_type: 'Bearer',
				expires_in: this.tokenLifetimeSeconds,
				ext_expires_in: this.tokenLifetimeSeconds,
				access_token: await this.accessToken({ app, audience: resource.audience(match[1]), appIdAcr, roles }),
			});
		}

		let grant: RefreshGrant;
		if (grantType === 'authorization_code') {
			const code = form.get('code') ?? '';
			const pending = this.codes.get(code);
			this.codes.delete(code);
			if (!pending || pending.clientId !== app.clientId || pending.expiresAt < this.options.now().getTime()) {
				return this.entraError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity, or was already redeemed. Send a new interactive authorization request for this user and resource.');
			}
			if (form.get('redirect_uri') !== pending.redirectUri) return this.entraError(400, 'invalid_grant', 50148, 'The redirect URI does not match the one used in the authorization request.');
			if (pending.codeChallenge) {
				const verifier = form.get('code_verifier') ?? '';
				const computed = pending.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
				if (computed !== pending.codeChallenge) return this.entraError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
			}
			grant = { clientId: app.clientId, user: pending.user, scopes: pending.scopes };
		} else {
			const refreshToken = form.get('refresh_token') ?? '';
			const known = this.refreshTokens.get(refreshToken);
			if (!known || known.clientId !== app.clientId) return this.entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token is not valid.');
			this.refreshTokens.delete(refreshToken);
			grant = known;
		}
		return await this.delegatedAnswer(app, grant, appIdAcr);
	}

	private async delegatedAnswer(app: AppRegistration, grant: RefreshGrant, appIdAcr: string): Promise<HttpAnswer> {
		const resourceScopes = grant.scopes.filter((scope) => scope.includes('/'));
		const resourceIdentifier = resourceScopes[0]?.slice(0, resourceScopes[0].lastIndexOf('/')) ?? 'https://graph.microsoft.com';
		const resource = resourceOf(resourceIdentifier) ?? resourceOf('https://graph.microsoft.com')!;
		const permissions = resourceScopes.filter((scope) => scope.startsWith(resourceIdentifier)).map((scope) => scope.slice(resourceIdentifier.length + 1)).filter((scope) => scope !== '.default');
		const answer: Record<string, unknown> = {
			token_type: 'Bearer',
			scope: resourceScopes.join(' '),
			expires_in: this.tokenLifetimeSeconds,
			ext_expires_in: this.tokenLifetimeSeconds,
			access_token: await this.accessToken({ app, audience: resource.audience(resourceIdentifier), appIdAcr, scp: permissions.join(' '), user: grant.user }),
		};
		if (grant.scopes.includes('offline_access')) {
			const refreshToken = random();
			this.refreshTokens.set(refreshToken, grant);
			answer.refresh_token = refreshToken;
		}
		if (grant.scopes.includes('openid')) {
			answer.id_token = await new SignJWT({ tid: this.options.tenantId, oid: grant.user.objectId, preferred_username: grant.user.userPrincipalName, name: grant.user.displayName })
				.setProtectedHeader({ alg: 'RS256', kid: 'emulator-signing-key', typ: 'JWT' })
				.setIssuer(`https://login.microsoftonline.com/${this.options.tenantId}/v2.0`)
				.setAudience(app.clientId)
				.setIssuedAt(this.nowSeconds())
				.setExpirationTime(this.nowSeconds() + 3600)
				.sign(this.signingKey);
		}
		return json(200, answer);
	}

	private async accessToken(token: { app: AppRegistration; audience: string; appIdAcr: string; roles?: string[]; scp?: string; user?: UserAccount }): Promise<string> {
		const issuedAt = this.nowSeconds();
		const claims: JWTPayload & Record<string, unknown> = {
			aud: token.audience,
			iss: `https://sts.windows.net/${this.options.tenantId}/`,
			iat: issuedAt,
			nbf: issuedAt,
			exp: issuedAt + this.tokenLifetimeSeconds,
			appid: token.app.clientId,
			appidacr: token.appIdAcr,
			idp: `https://sts.windows.net/${this.options.tenantId}/`,
			oid: token.user?.objectId ?? `${token.app.clientId.slice(0, 24)}${'0'.repeat(12)}`,
			sub: token.user?.objectId ?? token.app.clientId,
			tid: this.options.tenantId,
			uti: randomUUID().replace(/-/g, '').slice(0, 22),
			ver: '1.0',
		};
		this.issuedTokenIds.push(String(claims.uti));
		if (token.roles?.length) claims.roles = token.roles;
		if (token.user) {
			claims.scp = token.scp ?? '';
			claims.upn = token.user.userPrincipalName;
			claims.name = token.user.displayName;
		} else {
			claims.idtyp = 'app';
		}
		return await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'emulator-signing-key' }).sign(this.signingKey);
	}

	async checkAccessToken(authorizationHeader: string | undefined, acceptedAudiences: string[]): Promise<TokenCheck> {
		const bearer = /^Bearer\s+(\S*)$/i.exec(authorizationHeader ?? '');
		if (!bearer || bearer[1] === '' || bearer[1] === 'undefined') return { ok: false, reason: 'missing' };
		let claims: JWTPayload & Record<string, unknown>;
		try {
			// Only the signature is checked here; times are checked against the emulator's own clock below.
			const { payload } = await compactVerify(bearer[1], this.signingKey);
			claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload & Record<string, unknown>;
		} catch (error) {
			const code = (error as { code?: string }).code;
			return { ok: false, reason: code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? 'badSignature' : 'malformed' };
		}
		if (typeof claims.exp !== 'number' || claims.exp <= this.nowSeconds()) return { ok: false, reason: 'expired' };
		if (this.expiredTokenIds.has(String(claims.uti))) return { ok: false, reason: 'expired' };
		if (claims.tid !== this.options.tenantId) return { ok: false, reason: 'wrongTenant' };
		const normalize = (audience: string) => audience.replace(/\/+$/, '').toLowerCase();
		if (!acceptedAudiences.map(normalize).includes(normalize(String(claims.aud)))) return { ok: false, reason: 'wrongAudience' };
		const app = this.options.apps.find((candidate) => candidate.clientId === claims.appid);
		if (!app) return { ok: false, reason: 'revoked' };
		const user = this.options.users.find((candidate) => candidate.objectId === claims.oid && typeof claims.scp === 'string');
		if (user) return { ok: true, claims, kind: 'delegated', permissions: String(claims.scp).split(' ').filter(Boolean), user, app };
		return { ok: true, claims, kind: 'application', permissions: Array.isArray(claims.roles) ? claims.roles.map(String) : [], app };
	}
}

function json(status: number, payload: unknown): HttpAnswer {
	return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(payload) };
}
