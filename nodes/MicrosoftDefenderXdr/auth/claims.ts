import type { GrantKind } from '../model/permissions';

/**
 * Reading an Entra access token's claims to explain a refusal. Microsoft tells clients not to verify the
 * signature of tokens for its own APIs, and the API's 401/403 is authoritative anyway: we only decode.
 */

export interface TokenClaims {
	aud?: string;
	tid?: string;
	iss?: string;
	exp?: number;
	nbf?: number;
	iat?: number;
	appid?: string;
	azp?: string;
	roles?: string[];
	scp?: string;
	upn?: string;
	preferred_username?: string;
}

export interface GrantedPermissions {
	kind: GrantKind;
	permissions: string[];
}

function decodeBase64UrlJson(segment: string): unknown {
	if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
	try {
		return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
}

/** The payload of a JWT, or undefined for an opaque, malformed or non-string token. Never throws. */
export function decodeTokenClaims(token: unknown): TokenClaims | undefined {
	if (typeof token !== 'string') return undefined;
	const segments = token.split('.');
	if (segments.length !== 3) return undefined;
	const payload = decodeBase64UrlJson(segments[1]);
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
	return payload as TokenClaims;
}

/**
 * Delegated tokens carry permissions in `scp` (space separated); application tokens in `roles` (an array).
 * A delegated token may also have `roles` (the user's app-role assignments), so `scp` decides.
 */
export function grantedPermissions(claims: TokenClaims): GrantedPermissions {
	if (typeof claims.scp === 'string') {
		return { kind: 'delegated', permissions: claims.scp.split(' ').filter(Boolean) };
	}
	const roles = Array.isArray(claims.roles) ? claims.roles.filter((role) => typeof role === 'string') : [];
	return { kind: 'application', permissions: roles };
}
