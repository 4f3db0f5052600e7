import { createHash, createPrivateKey, createSign, randomUUID, X509Certificate } from 'node:crypto';

/**
 * The credential test's own sign-in. n8n core does OAuth2 for every API request; a credential test gets no
 * such helper, so it asks Entra for an app-only token itself, once, and keeps nothing.
 */

export interface TokenProbeRequest {
	tokenUrl: string;
	clientId: string;
	scope: string;
	clientSecret?: string;
	/** PEM private key and certificate for a private_key_jwt client assertion. */
	certificate?: { privateKey: string; certificate: string };
}

export type TokenProbeResult =
	| { ok: true; accessToken: string }
	| { ok: false; status: number; error?: string; errorDescription?: string; errorCodes?: number[] };

function base64Url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

/** A client assertion as Entra expects: RS256, x5t = SHA-1 thumbprint of the certificate, aud = token URL. */
export function buildClientAssertion(request: Required<Pick<TokenProbeRequest, 'tokenUrl' | 'clientId' | 'certificate'>>, now: Date): string {
	const certificate = new X509Certificate(request.certificate.certificate);
	const thumbprint = createHash('sha1').update(certificate.raw).digest();
	const issuedAt = Math.floor(now.getTime() / 1000);
	const header = { alg: 'RS256', typ: 'JWT', x5t: base64Url(thumbprint) };
	const payload = {
		aud: request.tokenUrl,
		iss: request.clientId,
		sub: request.clientId,
		jti: randomUUID(),
		nbf: issuedAt,
		iat: issuedAt,
		exp: issuedAt + 600,
	};
	const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(payload))}`;
	const signature = createSign('RSA-SHA256').update(signingInput).sign(createPrivateKey(request.certificate.privateKey));
	return `${signingInput}.${base64Url(signature)}`;
}

export async function requestApplicationToken(request: TokenProbeRequest, now = new Date()): Promise<TokenProbeResult> {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: request.clientId, scope: request.scope });
	if (request.certificate) {
		form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
		form.set('client_assertion', buildClientAssertion({ ...request, certificate: request.certificate }, now));
	} else {
		form.set('client_secret', request.clientSecret ?? '');
	}
	const response = await fetch(request.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: form.toString(),
	});
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (response.ok && typeof body.access_token === 'string') return { ok: true, accessToken: body.access_token };
	return {
		ok: false,
		status: response.status,
		error: typeof body.error === 'string' ? body.error : undefined,
		errorDescription: typeof body.error_description === 'string' ? body.error_description : undefined,
		errorCodes: Array.isArray(body.error_codes) ? (body.error_codes as number[]) : undefined,
	};
}
