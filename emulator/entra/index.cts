import { createHash, randomBytes } from 'node:crypto';

import type { JWTPayload } from 'jose';

import { EntraRefusal, errorBody, errorPage, jsonAnswer, redirectAnswer } from './answers.cjs';
import { authenticateClient, presentedCredentials, type ClientAuthenticationMethod } from './clientAuthentication.cjs';
import { DelegatedSessions, type DelegatedGrant } from './delegation.cjs';
import { openIdScopes, resourceOrRefuse, splitScope, type Resource } from './resources.cjs';
import { SigningKey } from './signing.cjs';
import type { AppRegistration, EntraOptions, HttpAnswer, HttpExchange, TokenCheck, UserAccount } from './types.cjs';

export type { AppRegistration, EntraOptions, HttpAnswer, HttpExchange, TokenCheck, TokenRejection, UserAccount } from './types.cjs';
export { defaultEntraOptions } from './defaults.cjs';
export { certificateThumbprint } from './clientAuthentication.cjs';

/**
 * Microsoft Entra ID as the nodes, n8n's OAuth2 client and Microsoft's own msal-node use it: client credentials
 * with a secret (body or Basic) or a certificate assertion, the authorization code flow with PKCE, refresh
 * tokens, OpenID metadata (v1 and v2), signing keys and msal's instance discovery. Tokens are RS256 JWTs shaped
 * like Entra's v1 access tokens, which Graph and the Defender API receive (docs/api-contract.md, section 7).
 */

/** How a URL names the tenant: by ID or domain, or through a multi-tenant alias that client credentials refuse. */
type TenantReference = { kind: 'tenant' | 'multiTenant'; segment: string };

const multiTenantAliases = ['common', 'organizations'];
const supportedGrantTypes = ['client_credentials', 'authorization_code', 'refresh_token'];
const endpointPaths = {
	tokenV2: 'oauth2/v2.0/token',
	tokenV1: 'oauth2/token',
	authorize: 'oauth2/v2.0/authorize',
	logout: 'oauth2/v2.0/logout',
	metadataV2: 'v2.0/.well-known/openid-configuration',
	metadataV1: '.well-known/openid-configuration',
	keysV2: 'discovery/v2.0/keys',
	keysV1: 'discovery/keys',
} as const;
type Endpoint = keyof typeof endpointPaths;

/** A service principal's object ID, stable per app so tokens and logs agree across restarts. */
function servicePrincipalId(clientId: string): string {
	const hex = createHash('sha1').update(`service-principal:${clientId}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Entra's `sub` for a user is pairwise: the same user looks different to each app. */
function pairwiseSubject(clientId: string, objectId: string): string {
	return createHash('sha256').update(`${clientId}:${objectId}`).digest('base64url');
}

/** `uti`: Entra's unique token identifier, 22 base64url characters. */
function uniqueTokenId(): string {
	return randomBytes(16).toString('base64url').slice(0, 22);
}

export class EntraService {
	readonly counters = { tokenRequests: 0 };

	private tokenLifetimeSeconds: number;

	private signedInUserPrincipalName: string;

	/** Tokens still usable, by uti; expireAllTokens() moves them to the expired set (a frozen clock cannot expire them). */
	private readonly liveTokenIds = new Set<string>();

	private readonly expiredTokenIds = new Set<string>();

	private readonly sessions: DelegatedSessions;

	private constructor(
		private readonly options: EntraOptions,
		private readonly signingKey: SigningKey,
	) {
		this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
		this.signedInUserPrincipalName = options.users.find((user) => user.consent === 'grant')?.userPrincipalName ?? options.users[0]?.userPrincipalName ?? '';
		this.sessions = new DelegatedSessions(options.now, options.tenantDomain);
	}

	static async create(options: EntraOptions): Promise<EntraService> {
		return new EntraService(options, await SigningKey.generate());
	}

	/** Another tenant of the same cloud: Entra signs every tenant's tokens with the same keys, so only `tid` tells them apart. */
	anotherTenant(options: EntraOptions): EntraService {
		return new EntraService(options, this.signingKey);
	}

	get tenantId(): string {
		return this.options.tenantId;
	}

	getUser(objectId: string): UserAccount | undefined {
		return this.options.users.find((user) => user.objectId === objectId);
	}

	/** The user the authorize endpoint signs in when the request has no login_hint (there is no sign-in page). */
	setSignedInUser(userPrincipalName: string): void {
		if (!this.userByPrincipalName(userPrincipalName)) throw new Error(`No user ${userPrincipalName} in the emulator's tenant.`);
		this.signedInUserPrincipalName = userPrincipalName;
	}

	setTokenLifetimeSeconds(seconds: number): void {
		this.tokenLifetimeSeconds = seconds;
	}

	/** Every access token issued so far fails as expired; refresh tokens and new sign-ins keep working. */
	expireAllTokens(): void {
		for (const tokenId of this.liveTokenIds) this.expiredTokenIds.add(tokenId);
		this.liveTokenIds.clear();
	}

	resetCounters(): void {
		this.counters.tokenRequests = 0;
	}

	async handle(exchange: HttpExchange, origin: string): Promise<HttpAnswer | undefined> {
		const [tenantSegment, ...rest] = exchange.url.pathname.split('/').filter(Boolean);
		const path = rest.join('/');
		if (tenantSegment === 'common' && path === 'discovery/instance') return this.instanceDiscovery(exchange, origin);
		const endpoint = (Object.keys(endpointPaths) as Endpoint[]).find((candidate) => endpointPaths[candidate] === path);
		if (!tenantSegment || !endpoint) return undefined;
		const now = this.options.now();
		if (endpoint === 'tokenV1' || endpoint === 'tokenV2') this.counters.tokenRequests++;
		try {
			const tenant = this.tenantReference(tenantSegment);
			switch (endpoint) {
				case 'tokenV1':
				case 'tokenV2':
					return jsonAnswer(200, await this.token(exchange, origin, tenant, endpoint === 'tokenV1' ? 1 : 2));
				case 'authorize':
					return this.authorize(exchange);
				case 'logout':
					return this.logout(exchange);
				case 'metadataV1':
				case 'metadataV2':
					return jsonAnswer(200, this.metadata(origin, tenant, endpoint === 'metadataV1' ? 1 : 2));
				case 'keysV1':
				case 'keysV2':
					return jsonAnswer(200, { keys: [await this.signingKey.publicJwk(endpoint === 'keysV1' ? this.v1Issuer() : this.v2Issuer('{tenantid}'))] });
			}
		} catch (error) {
			if (!(error instanceof EntraRefusal)) throw error;
			return endpoint === 'authorize' ? errorPage(error, now) : errorBody(error, now);
		}
	}

	private tenantReference(segment: string): TenantReference {
		const lower = segment.toLowerCase();
		if (lower === this.options.tenantId.toLowerCase() || lower === this.options.tenantDomain.toLowerCase()) return { kind: 'tenant', segment };
		if (multiTenantAliases.includes(lower)) return { kind: 'multiTenant', segment };
		if (!/^[0-9a-f-]{36}$/i.test(segment) && !segment.includes('.')) {
			throw new EntraRefusal(400, 'invalid_request', 900023, `Specified tenant identifier '${segment}' is neither a valid DNS name, nor a valid external domain.`);
		}
		throw new EntraRefusal(400, 'invalid_request', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
	}

	private v1Issuer(): string {
		return `https://sts.windows.net/${this.options.tenantId}/`;
	}

	private v2Issuer(tenantId = this.options.tenantId): string {
		return `https://login.microsoftonline.com/${tenantId}/v2.0`;
	}

	private userByPrincipalName(userPrincipalName: string): UserAccount | undefined {
		return this.options.users.find((user) => user.userPrincipalName.toLowerCase() === userPrincipalName.toLowerCase());
	}

	private nowSeconds(): number {
		return Math.floor(this.options.now().getTime() / 1000);
	}

	/** OpenID metadata whose issuer is Entra's but whose endpoints are the emulator's own. */
	private metadata(origin: string, tenant: TenantReference, version: 1 | 2): Record<string, unknown> {
		const base = `${origin}/${tenant.segment}`;
		const tenantId = tenant.kind === 'tenant' ? this.options.tenantId : '{tenantid}';
		return {
			token_endpoint: version === 2 ? `${base}/${endpointPaths.tokenV2}` : `${base}/${endpointPaths.tokenV1}`,
			token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
			jwks_uri: version === 2 ? `${base}/${endpointPaths.keysV2}` : `${base}/${endpointPaths.keysV1}`,
			response_modes_supported: ['query', 'fragment', 'form_post'],
			subject_types_supported: ['pairwise'],
			id_token_signing_alg_values_supported: ['RS256'],
			response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
			scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
			issuer: version === 2 ? this.v2Issuer(tenantId) : `https://sts.windows.net/${tenantId}/`,
			request_uri_parameter_supported: false,
			userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
			authorization_endpoint: `${base}/${endpointPaths.authorize}`,
			end_session_endpoint: `${base}/${endpointPaths.logout}`,
			http_logout_supported: true,
			frontchannel_logout_supported: true,
			claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
			tenant_region_scope: 'WW',
			cloud_instance_name: 'microsoftonline.com',
			cloud_graph_host_name: 'graph.windows.net',
			msgraph_host: 'graph.microsoft.com',
		};
	}

	/** msal's instance discovery: the emulator's host is an alias of the public cloud. */
	private instanceDiscovery(exchange: HttpExchange, origin: string): HttpAnswer {
		const host = new URL(origin).host;
		const authorizationEndpoint = exchange.url.searchParams.get('authorization_endpoint');
		const tenant = authorizationEndpoint && URL.canParse(authorizationEndpoint) ? (new URL(authorizationEndpoint).pathname.split('/').filter(Boolean)[0] ?? 'common') : 'common';
		return jsonAnswer(200, {
			tenant_discovery_endpoint: `${origin}/${tenant}/${endpointPaths.metadataV2}`,
			'api-version': '1.1',
			metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host, 'login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] }],
		});
	}

	private logout(exchange: HttpExchange): HttpAnswer {
		const target = exchange.url.searchParams.get('post_logout_redirect_uri');
		if (target && URL.canParse(target)) return redirectAnswer(new URL(target));
		return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body><p>You signed out of your account.</p></body></html>' };
	}

	/**
	 * The authorize endpoint without a sign-in page: the user is the login_hint or the emulator's signed-in user.
	 * Problems with the app, the redirect URI or the user show an error page; everything else goes back to the
	 * redirect URI as `error`/`error_description`, with the state, as Entra does.
	 */
	private authorize(exchange: HttpExchange): HttpAnswer {
		const query = exchange.url.searchParams;
		const clientId = query.get('client_id');
		if (!clientId) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
		const app = this.options.apps.find((candidate) => candidate.clientId === clientId);
		if (!app) throw this.unknownClient(clientId);
		const redirectUri = query.get('redirect_uri');
		if (!redirectUri) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'.");
		if (!URL.canParse(redirectUri)) throw new EntraRefusal(400, 'invalid_request', 90102, "'redirect_uri' value must be a valid absolute URI.");
		const hint = query.get('login_hint') ?? this.signedInUserPrincipalName;
		const user = this.userByPrincipalName(hint);
		if (!user) {
			throw new EntraRefusal(400, 'invalid_request', 50034, `The user account {EUII Hidden} does not exist in the ${this.options.tenantId} directory. To sign into this application, the account must be added to the directory.`);
		}
		const target = new URL(redirectUri);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		try {
			if (query.get('response_type') !== 'code') {
				throw new EntraRefusal(400, 'unsupported_response_type', 700054, `response_type '${query.get('response_type') ?? ''}' is not enabled for the application.`);
			}
			const scopes = (query.get('scope') ?? '').split(/\s+/).filter(Boolean);
			if (scopes.length === 0) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
			for (const scope of scopes.filter((candidate) => !openIdScopes.includes(candidate))) resourceOrRefuse(splitScope(scope).resourceIdentifier, this.options.tenantDomain);
			if (user.consent === 'refuse') {
				target.searchParams.set('error', 'access_denied');
				target.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
				return redirectAnswer(target);
			}
			const code = this.sessions.issueCode(
				{ app, user, scopes },
				{ redirectUri, codeChallenge: query.get('code_challenge') ?? undefined, codeChallengeMethod: query.get('code_challenge_method') ?? undefined, nonce: query.get('nonce') ?? undefined },
			);
			target.searchParams.set('code', code);
			return redirectAnswer(target);
		} catch (error) {
			if (!(error instanceof EntraRefusal)) throw error;
			target.searchParams.set('error', error.error);
			target.searchParams.set('error_description', error.message);
			return redirectAnswer(target);
		}
	}

	private unknownClient(clientId: string): EntraRefusal {
		return new EntraRefusal(
			400,
			'unauthorized_client',
			700016,
			`Application with identifier '${clientId}' was not found in the directory '${this.options.tenantDomain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
		);
	}

	/** Where a client assertion may say it is going: the token endpoint as the client addressed it, by tenant ID or domain. */
	private assertionAudiences(exchange: HttpExchange, origin: string, tenant: TenantReference): string[] {
		const hosts = [...new Set([origin, exchange.url.origin, 'https://login.microsoftonline.com'])];
		const tenants = [...new Set([tenant.segment, this.options.tenantId, this.options.tenantDomain])];
		const audiences = hosts.flatMap((host) => tenants.flatMap((name) => [`${host}/${name}/${endpointPaths.tokenV2}`, `${host}/${name}/${endpointPaths.tokenV1}`]));
		return [exchange.url.origin + exchange.url.pathname, ...audiences, this.v2Issuer()];
	}

	private async token(exchange: HttpExchange, origin: string, tenant: TenantReference, version: 1 | 2): Promise<Record<string, unknown>> {
		if (exchange.method !== 'POST') {
			throw new EntraRefusal(400, 'invalid_request', 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${exchange.method} request.`);
		}
		const form = new URLSearchParams(exchange.body);
		const grantType = form.get('grant_type');
		if (!grantType) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
		const credentials = presentedCredentials(exchange, form);
		if (!credentials.clientId) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
		const app = this.options.apps.find((candidate) => candidate.clientId === credentials.clientId);
		if (!app) throw this.unknownClient(credentials.clientId);
		if (!supportedGrantTypes.includes(grantType)) throw new EntraRefusal(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
		if (grantType === 'client_credentials' && tenant.kind === 'multiTenant') {
			throw new EntraRefusal(400, 'invalid_request', 50059, 'No tenant-identifying information found in either the request or implied by any provided credentials.');
		}
		const method = await authenticateClient(app, credentials, grantType, this.assertionAudiences(exchange, origin, tenant), this.options.now());
		// The v1 endpoint names the API with `resource`; it grants what `<resource>/.default` grants on v2.
		const resourceParameter = form.get('resource');
		const requestedScope = version === 1 ? (resourceParameter ? `${resourceParameter}/.default` : null) : form.get('scope');

		if (grantType === 'client_credentials') {
			const resource = this.applicationResource(requestedScope, version);
			const roles = app.applicationPermissions[resource.api];
			const issued = await this.accessToken({ app, method, resource, roles });
			return this.tokenAnswer(version, issued, resource, {});
		}
		let grant: DelegatedGrant;
		if (grantType === 'authorization_code') {
			const { consent, nonce } = this.sessions.redeemCode(app, form);
			grant = this.sessions.grantFor(consent, requestedScope, nonce);
		} else {
			grant = this.sessions.grantFor(this.sessions.useRefreshToken(app, form), requestedScope);
		}
		return await this.delegatedAnswer(grant, method, version, form.get('client_info') === '1');
	}

	/** Client credentials take exactly one `<resource>/.default` scope. */
	private applicationResource(requestedScope: string | null, version: 1 | 2): Resource {
		if (!requestedScope?.trim()) {
			if (version === 1) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'resource'.");
			throw new EntraRefusal(400, 'invalid_scope', 70011, "The provided request must include a 'scope' input parameter.");
		}
		const scopes = requestedScope.trim().split(/\s+/);
		if (!scopes.some((scope) => scope.endsWith('/.default'))) {
			throw new EntraRefusal(400, 'invalid_scope', 1002012, `The provided value for scope ${requestedScope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
		}
		if (scopes.length > 1) {
			throw new EntraRefusal(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${requestedScope} is not valid.`);
		}
		return resourceOrRefuse(splitScope(scopes[0]).resourceIdentifier, this.options.tenantDomain);
	}

	private async delegatedAnswer(grant: DelegatedGrant, method: ClientAuthenticationMethod, version: 1 | 2, wantsClientInfo: boolean): Promise<Record<string, unknown>> {
		const { app, user } = grant.consent;
		// With no API permission asked for, Entra issues a Graph token whose scp lists the OpenID scopes.
		const scp = grant.permissions.length > 0 ? grant.permissions.join(' ') : grant.openIdScopes.filter((scope) => scope !== 'offline_access').join(' ');
		const issued = await this.accessToken({ app, method, resource: grant.resource, user, scp });
		const extra: Record<string, unknown> = {};
		if (grant.consent.scopes.includes('offline_access')) extra.refresh_token = this.sessions.issueRefreshToken(grant.consent);
		if (grant.openIdScopes.includes('openid')) extra.id_token = await this.idToken(app, user, grant.nonce);
		if (wantsClientInfo) extra.client_info = Buffer.from(JSON.stringify({ uid: user.objectId, utid: this.options.tenantId })).toString('base64url');
		extra.scope = version === 2 ? grant.grantedScope : scp;
		return this.tokenAnswer(version, issued, grant.resource, extra);
	}

	/** v2 answers with numbers; v1 with strings and the resource, as the two endpoints do. */
	private tokenAnswer(version: 1 | 2, issued: { accessToken: string; claims: JWTPayload }, resource: Resource, extra: Record<string, unknown>): Record<string, unknown> {
		if (version === 2) return { token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, ext_expires_in: this.tokenLifetimeSeconds, access_token: issued.accessToken, ...extra };
		return {
			token_type: 'Bearer',
			expires_in: String(this.tokenLifetimeSeconds),
			ext_expires_in: String(this.tokenLifetimeSeconds),
			expires_on: String(issued.claims.exp),
			not_before: String(issued.claims.nbf),
			resource: resource.identifier,
			access_token: issued.accessToken,
			...extra,
		};
	}

	/** An access token shaped like Entra's v1 tokens: `roles` for an app, `scp` and the user's names for a user. */
	private async accessToken(token: { app: AppRegistration; method: ClientAuthenticationMethod; resource: Resource; roles?: string[]; user?: UserAccount; scp?: string }): Promise<{ accessToken: string; claims: JWTPayload }> {
		const issuedAt = this.nowSeconds();
		const tokenId = uniqueTokenId();
		const claims: JWTPayload & Record<string, unknown> = {
			aud: token.resource.audience,
			iss: this.v1Issuer(),
			iat: issuedAt,
			nbf: issuedAt,
			exp: issuedAt + this.tokenLifetimeSeconds,
			app_displayname: token.app.name,
			appid: token.app.clientId,
			appidacr: token.method,
			idp: this.v1Issuer(),
			tid: this.options.tenantId,
			uti: tokenId,
			ver: '1.0',
		};
		if (token.user) {
			Object.assign(claims, {
				acr: '1',
				amr: ['pwd'],
				idtyp: 'user',
				name: token.user.displayName,
				oid: token.user.objectId,
				scp: token.scp ?? '',
				sub: pairwiseSubject(token.app.clientId, token.user.objectId),
				unique_name: token.user.userPrincipalName,
				upn: token.user.userPrincipalName,
			});
		} else {
			Object.assign(claims, { idtyp: 'app', oid: servicePrincipalId(token.app.clientId), sub: servicePrincipalId(token.app.clientId) });
			// Entra leaves `roles` out entirely when the app holds no permission on the API.
			if (token.roles?.length) claims.roles = [...token.roles];
		}
		this.liveTokenIds.add(tokenId);
		// Graph's tokens carry a `nonce` header that defeats naive signature checks by clients (section 3).
		const header: Record<string, string> = token.resource.api === 'graph' ? { nonce: randomBytes(32).toString('base64url') } : {};
		return { accessToken: await this.signingKey.sign(claims, header), claims };
	}

	private async idToken(app: AppRegistration, user: UserAccount, nonce: string | undefined): Promise<string> {
		const issuedAt = this.nowSeconds();
		const claims: JWTPayload & Record<string, unknown> = {
			aud: app.clientId,
			iss: this.v2Issuer(),
			iat: issuedAt,
			nbf: issuedAt,
			exp: issuedAt + 3600,
			name: user.displayName,
			oid: user.objectId,
			preferred_username: user.userPrincipalName,
			sub: pairwiseSubject(app.clientId, user.objectId),
			tid: this.options.tenantId,
			uti: uniqueTokenId(),
			ver: '2.0',
		};
		if (nonce !== undefined) claims.nonce = nonce;
		return await this.signingKey.sign(claims);
	}

	/** Validates `Authorization: Bearer` for an API that accepts the given audiences, in the order Microsoft's APIs do. */
	async checkAccessToken(authorizationHeader: string | undefined, acceptedAudiences: string[]): Promise<TokenCheck> {
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? '');
		if (!bearer) return { ok: false, reason: 'missing' };
		const verified = await this.signingKey.verify(bearer[1], this.options.now());
		if (!verified.ok) return verified;
		const claims = verified.claims;
		if (this.expiredTokenIds.has(String(claims.uti))) return { ok: false, reason: 'expired' };
		if (claims.tid !== this.options.tenantId) return { ok: false, reason: 'wrongTenant' };
		const normalize = (audience: string) => audience.replace(/\/+$/, '').toLowerCase();
		if (!acceptedAudiences.map(normalize).includes(normalize(String(claims.aud)))) return { ok: false, reason: 'wrongAudience' };
		// Deleted apps and users lose their tokens' effect at once here (Entra would let them run to expiry).
		const app = this.options.apps.find((candidate) => candidate.clientId === claims.appid);
		if (!app) return { ok: false, reason: 'revoked' };
		if (claims.idtyp === 'app') {
			return { ok: true, claims, kind: 'application', permissions: Array.isArray(claims.roles) ? claims.roles.map(String) : [], app };
		}
		const user = this.getUser(String(claims.oid));
		if (!user) return { ok: false, reason: 'revoked' };
		return { ok: true, claims, kind: 'delegated', permissions: String(claims.scp ?? '').split(' ').filter(Boolean), user, app };
	}
}
