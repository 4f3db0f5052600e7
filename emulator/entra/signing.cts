import { createHash, type KeyObject } from 'node:crypto';

import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload, type KeyLike } from 'jose';

import type { TokenRejection } from './types.cjs';

/**
 * The tenant's token signing key. Entra names its keys by the certificate's SHA-1 thumbprint (kid = x5t); the
 * emulator has no certificate for its generated key, so it uses the SHA-1 of the public key instead, which has
 * the same shape (27 base64url characters).
 */
export class SigningKey {
	private constructor(
		private readonly privateKey: KeyLike,
		private readonly publicKey: KeyLike,
		readonly keyId: string,
	) {}

	static async generate(): Promise<SigningKey> {
		const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
		// jose's Node build hands out Node KeyObjects.
		const publicDer = (publicKey as KeyObject).export({ type: 'spki', format: 'der' });
		return new SigningKey(privateKey, publicKey, createHash('sha1').update(publicDer).digest('base64url'));
	}

	async sign(claims: JWTPayload, extraHeader: Record<string, string> = {}): Promise<string> {
		return await new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t: this.keyId, kid: this.keyId, ...extraHeader }).sign(this.privateKey);
	}

	/** The JWKS entry, as /discovery/v2.0/keys lists it. */
	async publicJwk(issuer: string): Promise<Record<string, unknown>> {
		const jwk = await exportJWK(this.publicKey);
		return { kty: jwk.kty, use: 'sig', kid: this.keyId, x5t: this.keyId, n: jwk.n, e: jwk.e, issuer };
	}

	/** Signature, then lifetime against the given instant with no skew allowance (so expiry tests are exact). */
	async verify(token: string, now: Date): Promise<{ ok: true; claims: JWTPayload & Record<string, unknown> } | { ok: false; reason: TokenRejection }> {
		try {
			const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'], currentDate: now, clockTolerance: 0 });
			return { ok: true, claims: payload as JWTPayload & Record<string, unknown> };
		} catch (error) {
			const code = (error as { code?: string }).code;
			if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { ok: false, reason: 'badSignature' };
			// A token that is not yet valid fails Entra's lifetime validation just like an expired one.
			if (code === 'ERR_JWT_EXPIRED' || (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'nbf')) return { ok: false, reason: 'expired' };
			return { ok: false, reason: 'malformed' };
		}
	}
}
