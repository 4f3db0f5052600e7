import { createHash, createPrivateKey, createSign, randomUUID, X509Certificate } from 'node:crypto';

/**
 * A private_key_jwt client assertion as Entra expects it (RS256, x5t = SHA-1 thumbprint of the certificate,
 * aud = token URL), for tests that sign in to the emulator without n8n core. Shipped code leaves this to n8n.
 */

export interface ClientAssertionRequest {
	tokenUrl: string;
	clientId: string;
	/** PEM private key and certificate. */
	certificate: { privateKey: string; certificate: string };
}

function base64Url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

/** A client assertion as Entra expects: RS256, x5t = SHA-1 thumbprint of the certificate, aud = token URL. */
export function buildClientAssertion(request: ClientAssertionRequest, now: Date): string {
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
