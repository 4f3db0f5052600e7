import { randomUUID } from 'node:crypto';

import { jsonAnswer, type HttpAnswer } from '../http.cjs';
import type { TokenRejection } from '../entra/index.cjs';
import type { RateLimit } from '../realism.cjs';
import { ApiRefusal } from '../store.cjs';

/**
 * The Defender for Endpoint API's answers (defender-endpoint-api.md section 2.13): its error body is
 * `{"error":{"code","message","target"}}`, the target being a correlation ID, unlike Graph's `innerError`.
 */
export function endpointError(status: number, code: string, message: string, headers: Record<string, string> = {}): HttpAnswer {
	return jsonAnswer(status, { error: { code, message, target: randomUUID() } }, headers);
}

/** Runs a handler and answers its refusals in the endpoint API's error shape. */
export function answerRefusals(handle: () => HttpAnswer): HttpAnswer {
	try {
		return handle();
	} catch (error) {
		if (error instanceof ApiRefusal) return endpointError(error.status, error.code, error.message);
		throw error;
	}
}

const tokenMessages: Record<TokenRejection, string> = {
	missing: 'Authorization header is missing.',
	malformed: 'The access token is not well formed.',
	badSignature: 'The access token signature is invalid.',
	expired: 'The access token has expired.',
	revoked: 'The access token has expired.',
	wrongTenant: 'The access token was issued for another tenant.',
	wrongAudience: 'The access token audience is not valid for this API; request a token for https://api.securitycenter.microsoft.com.',
};

/**
 * Microsoft's token pages warn that a token for another audience fails with 403 Forbidden on this API, even on
 * api.security.microsoft.com (section 1.3); every other token problem is a 401.
 */
export function rejectedToken(reason: TokenRejection): HttpAnswer {
	if (reason === 'wrongAudience') return endpointError(403, 'Forbidden', tokenMessages.wrongAudience);
	return endpointError(401, 'Unauthorized', tokenMessages[reason], { 'www-authenticate': 'Bearer realm="", error="invalid_token"' });
}

/** 429 with Retry-After in seconds (section 2.13). */
export function throttledAnswer(retryAfterSeconds: number | undefined, limit: RateLimit): HttpAnswer {
	const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
	return endpointError(429, 'TooManyRequests', `Rate limit is exceeded. Allowed ${limit.requests} calls per ${limit.windowSeconds} seconds. Try again in ${retryAfterSeconds ?? 1} seconds.`, headers);
}

/** A body field with the exact (case-sensitive) name, or MissingRequiredParameter. */
export function requiredText(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw new ApiRefusal(400, 'MissingRequiredParameter', `Missing required parameter '${field}'.`);
	}
	if (typeof value !== 'string') throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
	return value;
}
