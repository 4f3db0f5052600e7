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
	/** A redirect's target, as the answer's Location header gives it. */
	location?: string;
	/** Set when n8n could not get an access token: why, as the sign-in service or n8n said it. */
	signIn?: string;
	/** The attempt ran out of the time it was given. */
	timedOut?: boolean;
}

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const shortestSecret = 8;

/** Runs of token characters, at least as long as the shortest JWT could be. */
const tokenRunPattern = /[\w.~+/=-]{16,}/g;
/** `Bearer` and whatever follows it up to a space or a quote; one pass, no nested repetition. */
const bearerPattern = /\bBearer\s+[^\s"',;]+/gi;

/** A JWT: three base64url parts, the first a JSON header (`eyJ`). */
function isJwtShaped(run: string): boolean {
	const parts = run.split('.');
	for (let index = 0; index + 2 < parts.length; index++) {
		if (parts[index].startsWith('eyJ') && parts[index].length >= 8 && parts[index + 1].length >= 5) return true;
	}
	return false;
}

/**
 * Removes secrets from text shown to users or written to logs: the given ones (the credential's secret and key,
 * the current tokens) whatever their shape, anything after `Bearer`, and anything shaped like a JWT. Linear in
 * the text's length: the patterns have no nested repetition, however many `eyJ` a body repeats.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
	let scrubbed = text;
	for (const secret of secrets) {
		if (secret.length >= shortestSecret && scrubbed.includes(secret)) scrubbed = scrubbed.split(secret).join('[redacted]');
	}
	// The patterns run only where they can match (every item passes here, most texts hold neither).
	if (/bearer/i.test(scrubbed)) scrubbed = scrubbed.replace(bearerPattern, 'Bearer [redacted]');
	if (scrubbed.includes('eyJ')) scrubbed = scrubbed.replace(tokenRunPattern, (run) => (isJwtShaped(run) ? '[redacted token]' : run));
	return scrubbed;
}

/** Text cut to a length a message can show (after redaction, so no secret is cut in half and left readable). */
export function clip(text: string, length = 500): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
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
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'ENOTFOUND',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/** The errors n8n wraps, outermost first (NodeApiError → the HTTP client's or n8n's error → its causes). */
function causeChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	while (isRecord(current) && chain.length < 8 && !chain.includes(current)) {
		chain.push(current);
		current = current.cause ?? current.errorResponse;
	}
	return chain;
}

/** n8n's message when it could not get a token (client credentials), and client-oauth2's refusals (renewals). */
const signInFailure = /Failed to acquire OAuth2 access token:?\s*/i;

function readSignInFailure(chain: Array<Record<string, unknown>>): string | undefined {
	const firstLine = (text: unknown) => String(text).split(/\r?\n/)[0];
	// The sign-in service's own words first (Entra ID's AADSTS description), then client-oauth2's or n8n's.
	for (const error of chain) {
		const body = isRecord(error.body) ? error.body : undefined;
		if (body && typeof body.error === 'string' && !isRecord(error.response)) return firstLine(body.error_description ?? body.error);
	}
	for (const error of chain) {
		const message = typeof error.message === 'string' ? error.message : '';
		if (error.name === 'AuthError' && message) return firstLine(message);
		if (signInFailure.test(message)) return firstLine(message.replace(signInFailure, '')) || 'no reason given';
	}
	return undefined;
}

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
	const chain = causeChain(error);
	const signIn = response ? undefined : readSignInFailure(chain);
	const headers = isRecord(response?.headers) ? response.headers : {};
	if (Number.isInteger(status) && status >= 200 && status < 300) {
		// An error with a success status: the answer began and then the connection dropped (a cut-off body).
		return { headers, body: undefined, networkCode: 'ERR_BAD_RESPONSE', message: 'an answer that was cut off' };
	}
	const networkCode = response ? undefined : (findNetworkCode(outer, original) ?? chain.map((link) => link.code).find((code): code is string => typeof code === 'string' && networkCodes.has(code)));
	return {
		status: Number.isInteger(status) && status >= 100 ? status : undefined,
		headers,
		// n8n 1.x keeps no cause on its NodeApiError, only the description it read from the body.
		body: response?.data ?? response?.body ?? (typeof outer.description === 'string' ? { error: { message: outer.description } } : undefined),
		networkCode,
		message,
		location: header(headers, 'location'),
		signIn: signIn === undefined ? undefined : redact(signIn),
		timedOut: networkCode !== undefined && /timeout of \d+ms exceeded|timed? ?out/i.test(`${String(original.message ?? '')} ${String(outer.message ?? '')}`),
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
	if (!isRecord(parsed)) return typeof body === 'string' && body.trim() ? redact(body.trim()) : undefined;
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
	const retryAfter = header(failure.headers, 'retry-after')?.trim();
	if (retryAfter !== undefined && retryAfter !== '') {
		// A wait of zero, a negative one or a date already past says nothing usable: back off instead of spinning.
		if (/^-?\d+(\.\d+)?$/.test(retryAfter)) return positive(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return positive(date - now.getTime());
	}
	const window = /per\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(apiErrorMessage(failure.body) ?? '');
	if (window) {
		const [, hours, minutes, seconds] = window.map(Number);
		return positive(((hours * 60 + minutes) * 60 + seconds) * 1000);
	}
	return undefined;
}

function positive(milliseconds: number): number | undefined {
	return Number.isFinite(milliseconds) && milliseconds > 0 ? milliseconds : undefined;
}

export function asRecord(value: unknown): IDataObject | undefined {
	return isRecord(value) && !Array.isArray(value) ? (value as IDataObject) : undefined;
}
