import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';

import { compactVerify, decodeJwt, decodeProtectedHeader, importX509 } from 'jose';

import { EntraRefusal } from './answers.cjs';
import type { AppRegistration, HttpExchange } from './types.cjs';

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** How the client proved who it is; Entra's `appidacr`: 0 public client, 1 secret, 2 certificate. */
export type ClientAuthenticationMethod = '0' | '1' | '2';

interface PresentedCredentials {
	clientId?: string;
	secret?: string;
	assertion?: string;
	assertionType?: string;
}

/** client_secret_basic: `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 section 2.3.1). */
function basicCredentials(exchange: HttpExchange): { clientId: string; secret: string } | undefined {
	const raw = exchange.headers.authorization;
	const match = /^Basic\s+(\S+)$/i.exec(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const separator = decoded.indexOf(':');
	if (separator < 0) return undefined;
	// Form-encoding per the RFC; a client that skipped it still gets its raw text compared.
	const decode = (text: string) => {
		try {
			return decodeURIComponent(text.replace(/\+/g, ' '));
		} catch {
			return text;
		}
	};
	return { clientId: decode(decoded.slice(0, separator)), secret: decode(decoded.slice(separator + 1)) };
}

export function presentedCredentials(exchange: HttpExchange, form: URLSearchParams): PresentedCredentials {
	const basic = basicCredentials(exchange);
	const assertion = form.get('client_assertion') || undefined;
	let assertedClientId: string | undefined;
	if (assertion) {
		try {
			assertedClientId = decodeJwt(assertion).sub;
		} catch {
			assertedClientId = undefined;
		}
	}
	return {
		clientId: form.get('client_id') || basic?.clientId || assertedClientId,
		secret: form.get('client_secret') || basic?.secret || undefined,
		assertion,
		assertionType: form.get('client_assertion_type') ?? undefined,
	};
}

function sameSecret(presented: string, registered: string): boolean {
	const left = createHash('sha256').update(presented).digest();
	const right = createHash('sha256').update(registered).digest();
	return timingSafeEqual(left, right);
}

export function certificateThumbprint(certificatePem: string, algorithm: 'sha1' | 'sha256'): string {
	return createHash(algorithm).update(new X509Certificate(certificatePem).raw).digest('base64url');
}

const invalidClient = (code: number, description: string) => new EntraRefusal(401, 'invalid_client', code, description);

/**
 * A private_key_jwt client assertion (RFC 7523) as Entra checks it: signed by the registered certificate named by
 * its x5t or x5t#S256 header, iss = sub = client id, aud = the token endpoint, not expired by the emulator's
 * clock, with a jti. `nbf`/`iat` are not held against the emulator's clock, so a clock set in the past still
 * accepts assertions signed with the wall clock.
 */
async function verifyAssertion(app: AppRegistration, assertion: string, acceptedAudiences: string[], now: Date): Promise<void> {
	let header: ReturnType<typeof decodeProtectedHeader>;
	try {
		header = decodeProtectedHeader(assertion);
		decodeJwt(assertion);
	} catch {
		throw invalidClient(50027, 'JWT token is invalid or malformed.');
	}
	const sha1 = app.certificatePem && certificateThumbprint(app.certificatePem, 'sha1');
	const sha256 = app.certificatePem && certificateThumbprint(app.certificatePem, 'sha256');
	if (!app.certificatePem || (header.x5t !== sha1 && header['x5t#S256'] !== sha256)) {
		const presented = String(header['x5t#S256'] ?? header.x5t ?? header.kid ?? '');
		throw invalidClient(700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${presented}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`);
	}
	let claims: Record<string, unknown>;
	try {
		const key = await importX509(app.certificatePem, String(header.alg ?? 'RS256'));
		const { payload } = await compactVerify(assertion, key, { algorithms: ['RS256', 'PS256'] });
		claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
	} catch {
		throw invalidClient(700027, 'Client assertion failed signature validation.');
	}
	if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
		throw invalidClient(700021, `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.`);
	}
	const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map(String);
	const normalize = (url: string) => url.replace(/\/$/, '').toLowerCase();
	if (!audiences.some((audience) => acceptedAudiences.map(normalize).includes(normalize(audience)))) {
		throw invalidClient(50013, `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audiences.join(', ')}' and the expected audience is '${acceptedAudiences[0]}'.`);
	}
	const nowSeconds = Math.floor(now.getTime() / 1000);
	if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
		throw invalidClient(700024, `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, expiry time of assertion ${typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : 'missing'}.`);
	}
	if (typeof claims.jti !== 'string' || claims.jti === '') {
		throw invalidClient(50013, "Assertion is invalid: the 'jti' claim is missing.");
	}
}

/**
 * Checks the client's proof for a token request and says how it was given. Confidential clients must prove
 * themselves; a public client may redeem codes and refresh tokens without a credential, never client credentials.
 */
export async function authenticateClient(
	app: AppRegistration,
	credentials: PresentedCredentials,
	grantType: string,
	acceptedAssertionAudiences: string[],
	now: Date,
): Promise<ClientAuthenticationMethod> {
	if (credentials.assertion) {
		if (credentials.assertionType !== jwtBearerAssertionType) {
			throw new EntraRefusal(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion_type'.");
		}
		await verifyAssertion(app, credentials.assertion, acceptedAssertionAudiences, now);
		return '2';
	}
	if (credentials.secret !== undefined) {
		if (!app.clientSecret || !sameSecret(credentials.secret, app.clientSecret)) {
			throw invalidClient(7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
		}
		return '1';
	}
	if (app.publicClient && grantType !== 'client_credentials') return '0';
	throw invalidClient(7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}
