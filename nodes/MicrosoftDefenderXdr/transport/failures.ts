import type { IDataObject } from 'n8n-workflow';

/**
 * What went wrong with one HTTP exchange, read from whatever n8n threw. n8n wraps request failures in a
 * NodeApiError whose `cause` is the HTTP client's error (with `response`), or, for network failures, an error
 * with a `code` such as ECONNRESET.
 */
export interface ExchangeFailure {
	/** HTTP status, or undefined when no answer arrived. */
	status?: number;
	headers: Record<string, unknown>;
	body: unknown;
	/** Network error code (ECONNRESET, ETIMEDOUT, ...). */
	networkCode?: string;
	/** The error's own message, already redacted. */
	message: string;
}

const jwtPattern = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const bearerPattern = /Bearer\s+[\w.~+/=-]+/gi;

/** Removes anything that looks like a token from text shown to users or written to logs. */
export function redact(text: string): string {
	return text.replace(bearerPattern, 'Bearer [redacted]').replace(jwtPattern, '[redacted token]');
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

const networkCodes = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_BAD_RESPONSE',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

function findNetworkCode(error: Record<string, unknown>, original: Record<string, unknown>): string | undefined {
	for (const candidate of [original.code, error.code, isRecord(original.cause) ? original.cause.code : undefined]) {
		if (typeof candidate === 'string' && networkCodes.has(candidate)) return candidate;
	}
	const message = `${String(original.message ?? '')} ${String(error.message ?? '')}`;
	if (/socket hang up|aborted|premature close/i.test(message)) return 'ECONNRESET';
	return undefined;
}

export function readExchangeFailure(error: unknown): ExchangeFailure {
	const outer = isRecord(error) ? error : {};
	const original = isRecord(outer.cause) ? outer.cause : isRecord(outer.errorResponse) ? outer.errorResponse : outer;
	const response = isRecord(original.response) ? original.response : undefined;
	const statusText = response?.status ?? response?.statusCode ?? outer.httpCode;
	const status = Number(statusText);
	const message = redact(String(original.message ?? outer.message ?? error));
	return {
		status: Number.isInteger(status) && status >= 100 ? status : undefined,
		headers: isRecord(response?.headers) ? response.headers : {},
		// n8n 1.x keeps no cause on its NodeApiError, only the description it read from the body.
		body: response?.data ?? response?.body ?? (typeof outer.description === 'string' ? { error: { message: outer.description } } : undefined),
		networkCode: response ? undefined : findNetworkCode(outer, original),
		message,
	};
}

/** Some n8n versions hand over error bodies as bytes rather than parsed JSON. */
function bodyText(body: unknown): unknown {
	if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	return body;
}

/** The `error.message` of a Microsoft error body (`{"error":{"code","message"}}`), if there is one. */
export function apiErrorMessage(rawBody: unknown): string | undefined {
	const body = bodyText(rawBody);
	const parsed = typeof body === 'string' ? parseJson(body) : body;
	if (!isRecord(parsed)) return typeof body === 'string' && body.trim() ? redact(body.trim().slice(0, 500)) : undefined;
	const error = parsed.error;
	if (isRecord(error) && typeof error.message === 'string') return redact(error.message);
	if (typeof error === 'string') {
		const description = parsed.error_description;
		return redact(typeof description === 'string' ? description : error);
	}
	if (typeof parsed.message === 'string') return redact(parsed.message);
	return undefined;
}

export function apiErrorCode(rawBody: unknown): string | undefined {
	const body = bodyText(rawBody);
	const parsed = typeof body === 'string' ? parseJson(body) : body;
	if (!isRecord(parsed) || !isRecord(parsed.error)) return undefined;
	return typeof parsed.error.code === 'string' ? parsed.error.code : undefined;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/**
 * How long Defender asks us to wait after a 429: Graph's Retry-After header (seconds or an HTTP date), or the
 * window in the legacy API's "API calls quota exceeded! maximum allowed 45 per 00:01:00" body.
 */
export function retryAfterMilliseconds(failure: ExchangeFailure, now: Date): number | undefined {
	const retryAfter = header(failure.headers, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
	}
	const window = /per\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(apiErrorMessage(failure.body) ?? '');
	if (window) {
		const [, hours, minutes, seconds] = window.map(Number);
		return ((hours * 60 + minutes) * 60 + seconds) * 1000;
	}
	return undefined;
}

export function asRecord(value: unknown): IDataObject | undefined {
	return isRecord(value) && !Array.isArray(value) ? (value as IDataObject) : undefined;
}
