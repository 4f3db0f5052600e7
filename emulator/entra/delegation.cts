import { createHash, randomBytes } from 'node:crypto';

import { EntraRefusal } from './answers.cjs';
import { openIdScopes, resourceOrRefuse, splitScope, type Resource } from './resources.cjs';
import type { AppRegistration, UserAccount } from './types.cjs';

/** What a user agreed to give an app at the consent screen: the scopes exactly as requested. */
export interface Consent {
	app: AppRegistration;
	user: UserAccount;
	scopes: string[];
}

interface AuthorizationCode {
	consent: Consent;
	redirectUri: string;
	codeChallenge?: string;
	codeChallengeMethod: string;
	nonce?: string;
	expiresAt: number;
	redeemed: boolean;
}

interface RefreshGrant {
	consent: Consent;
	expiresAt: number;
}

/** What one delegated token request is granted: one resource, its permissions, and the OpenID scopes. */
export interface DelegatedGrant {
	consent: Consent;
	resource: Resource;
	permissions: string[];
	openIdScopes: string[];
	/** Resource-prefixed permissions then OpenID scopes, as Entra echoes them in `scope`. */
	grantedScope: string;
	nonce?: string;
}

const codeLifetimeMilliseconds = 10 * 60_000;
/** Entra's refresh tokens expire after 90 days without use. */
const refreshLifetimeMilliseconds = 90 * 24 * 3600_000;

function opaqueToken(prefix: string): string {
	return `${prefix}${randomBytes(48).toString('base64url')}`;
}

const invalidGrant = (code: number, description: string) => new EntraRefusal(400, 'invalid_grant', code, description);

/** Codes and refresh tokens of the delegated (authorization code) flow, and what each one grants. */
export class DelegatedSessions {
	private readonly codes = new Map<string, AuthorizationCode>();

	private readonly refreshTokens = new Map<string, RefreshGrant>();

	constructor(
		private readonly now: () => Date,
		private readonly tenantDomain: string,
	) {}

	issueCode(consent: Consent, request: { redirectUri: string; codeChallenge?: string; codeChallengeMethod?: string; nonce?: string }): string {
		const code = opaqueToken('1.A');
		this.codes.set(code, {
			consent,
			redirectUri: request.redirectUri,
			codeChallenge: request.codeChallenge,
			codeChallengeMethod: request.codeChallengeMethod ?? 'plain',
			nonce: request.nonce,
			expiresAt: this.now().getTime() + codeLifetimeMilliseconds,
			redeemed: false,
		});
		return code;
	}

	/** Redeems a code once: the client that asked for it, the same redirect URI, the PKCE verifier if a challenge was given. */
	redeemCode(app: AppRegistration, form: URLSearchParams): { consent: Consent; nonce?: string } {
		const code = form.get('code');
		if (!code) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'.");
		const pending = this.codes.get(code);
		if (!pending) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
		if (pending.redeemed) throw invalidGrant(54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
		if (pending.expiresAt <= this.now().getTime()) {
			throw invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
		}
		if (pending.consent.app.clientId !== app.clientId) throw invalidGrant(70000, 'Provided grant is invalid or malformed.');
		const redirectUri = form.get('redirect_uri');
		if (!redirectUri) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'.");
		if (redirectUri !== pending.redirectUri) {
			throw invalidGrant(500112, `The reply address '${redirectUri}' does not match the reply address '${pending.redirectUri}' provided when requesting Authorization code.`);
		}
		if (pending.codeChallenge !== undefined && !verifierMatches(form.get('code_verifier') ?? '', pending.codeChallenge, pending.codeChallengeMethod)) {
			throw invalidGrant(501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
		}
		pending.redeemed = true;
		return { consent: pending.consent, nonce: pending.nonce };
	}

	/**
	 * Like Entra for confidential web apps, using a refresh token returns a new one and leaves the old one valid
	 * until it expires; clients are expected to keep the newest.
	 */
	useRefreshToken(app: AppRegistration, form: URLSearchParams): Consent {
		const refreshToken = form.get('refresh_token');
		if (!refreshToken) throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'.");
		const grant = this.refreshTokens.get(refreshToken);
		if (!grant) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
		if (grant.consent.app.clientId !== app.clientId) throw invalidGrant(70000, 'Provided grant is invalid or malformed.');
		if (grant.expiresAt <= this.now().getTime()) throw invalidGrant(700082, 'The refresh token has expired due to inactivity. The token was issued on a date and was inactive for 90 days.');
		return grant.consent;
	}

	issueRefreshToken(consent: Consent): string {
		const refreshToken = opaqueToken('0.A');
		this.refreshTokens.set(refreshToken, { consent, expiresAt: this.now().getTime() + refreshLifetimeMilliseconds });
		return refreshToken;
	}

	/**
	 * The grant for one token request: the scopes it names (or, without `scope`, those consented to) must all be
	 * for one resource and consented to; `<resource>/.default` means the app's configured delegated permissions
	 * plus what the user consented to for that resource.
	 */
	grantFor(consent: Consent, requestedScope: string | null, nonce?: string): DelegatedGrant {
		const requested = requestedScope === null ? consent.scopes : requestedScope.split(/\s+/).filter(Boolean);
		const requestedOpenId = requested.filter((scope) => openIdScopes.includes(scope));
		const resourceScopes = requested.filter((scope) => !openIdScopes.includes(scope)).map(splitScope);
		const resourceIdentifiers = [...new Set(resourceScopes.map((scope) => scope.resourceIdentifier.replace(/\/$/, '').toLowerCase()))];
		if (resourceIdentifiers.length > 1 && requestedScope !== null) {
			throw new EntraRefusal(400, 'invalid_scope', 28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${requested.join(' ')} is not valid.`);
		}
		// Without a `scope` parameter (n8n's code exchange), the token is for the first resource consented to.
		const first = resourceScopes.find((scope) => scope.resourceIdentifier.replace(/\/$/, '').toLowerCase() === resourceIdentifiers[0]);
		const resource = resourceOrRefuse(first?.resourceIdentifier ?? 'https://graph.microsoft.com', this.tenantDomain);
		const consented = this.consentedPermissions(consent, resource);
		const permissions: string[] = [];
		for (const { resourceIdentifier, permission } of resourceScopes) {
			if (resourceIdentifier.replace(/\/$/, '').toLowerCase() !== (resourceIdentifiers[0] ?? '')) continue;
			const wanted = permission === '.default' ? consented : [permission];
			for (const name of wanted) {
				if (!consented.some((known) => known.toLowerCase() === name.toLowerCase())) {
					throw invalidGrant(65001, `The user or administrator has not consented to use the application with ID '${consent.app.clientId}' named '${consent.app.name}'. Send an interactive authorization request for this user and resource.`);
				}
				if (!permissions.includes(name)) permissions.push(name);
			}
		}
		const prefix = resource.identifier.replace(/\/$/, '');
		return {
			consent,
			resource,
			permissions,
			openIdScopes: requestedOpenId,
			grantedScope: [...permissions.map((permission) => `${prefix}/${permission}`), ...requestedOpenId].join(' '),
			nonce,
		};
	}

	private consentedPermissions(consent: Consent, resource: Resource): string[] {
		const permissions = new Set<string>();
		for (const scope of consent.scopes.filter((candidate) => !openIdScopes.includes(candidate)).map(splitScope)) {
			if (scope.resourceIdentifier.replace(/\/$/, '').toLowerCase() !== resource.identifier.replace(/\/$/, '').toLowerCase()) continue;
			const names = scope.permission === '.default' ? (consent.app.delegatedPermissions?.[resource.api] ?? []) : [scope.permission];
			for (const name of names) permissions.add(name);
		}
		return [...permissions];
	}
}

function verifierMatches(verifier: string, challenge: string, method: string): boolean {
	if (method === 'S256') return createHash('sha256').update(verifier).digest('base64url') === challenge;
	return method === 'plain' && verifier === challenge;
}
