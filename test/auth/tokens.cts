import { generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';

let signingKey: KeyLike | undefined;

/** An RS256 token shaped like Entra's, signed with a throwaway key (clients only decode it). */
export async function mintToken(claims: JWTPayload): Promise<string> {
	signingKey ??= (await generateKeyPair('RS256')).privateKey;
	return await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'test' }).sign(signingKey);
}

export const tenantId = '6a0c3e4f-2b1d-4c5e-9f8a-7b6c5d4e3f21';
export const otherTenantId = '0f1e2d3c-4b5a-4968-8776-655443322110';
export const clientId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

export const audiences = {
	graph: 'https://graph.microsoft.com',
	legacy: 'https://api.security.microsoft.com',
} as const;

export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

export async function applicationToken(api: 'graph' | 'legacy', roles: string[], overrides: JWTPayload = {}) {
	return await mintToken({
		aud: audiences[api],
		iss: `https://sts.windows.net/${tenantId}/`,
		tid: tenantId,
		appid: clientId,
		appidacr: '1',
		roles,
		iat: nowSeconds() - 60,
		nbf: nowSeconds() - 60,
		exp: nowSeconds() + 3600,
		...overrides,
	});
}

export async function delegatedToken(api: 'graph' | 'legacy', scopes: string[], overrides: JWTPayload = {}) {
	return await mintToken({
		aud: audiences[api],
		iss: `https://sts.windows.net/${tenantId}/`,
		tid: tenantId,
		azp: clientId,
		azpacr: '1',
		scp: scopes.join(' '),
		upn: 'analyst@contoso.example',
		// A delegated token's roles are the user's app-role assignments, never API permissions.
		roles: ['SecurityIncident.ReadWrite.All'],
		iat: nowSeconds() - 60,
		nbf: nowSeconds() - 60,
		exp: nowSeconds() + 3600,
		...overrides,
	});
}
