import type { IncomingMessage } from 'node:http';

import { ApiRefusal } from './store.cjs';

export interface HttpExchange {
	method: string;
	url: URL;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Who called, as established from a valid access token. */
export interface Caller {
	kind: 'application' | 'delegated';
	permissions: string[];
	clientId: string;
	/** The signed-in user's Defender role (delegated only). */
	defenderRole?: 'reader' | 'operator';
	/** What Defender writes as a comment's author. */
	displayName: string;
	tenantKey: string;
}

export function jsonAnswer(status: number, payload: unknown, headers: Record<string, string> = {}): HttpAnswer {
	return {
		status,
		headers: { 'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8', ...headers },
		body: JSON.stringify(payload),
	};
}

/** Graph's error body (docs/api-contract.md, section 6): `{"error":{"code","message","innerError"}}`. */
export function errorAnswer(status: number, code: string, message: string, headers: Record<string, string> = {}): HttpAnswer {
	const id = requestId();
	return jsonAnswer(status, { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': id, 'client-request-id': id } } }, headers);
}

/** The legacy Defender API's error body: `{"error":{"code","message","target"}}`, target being the tracking ID. */
export function legacyErrorAnswer(status: number, code: string, message: string, headers: Record<string, string> = {}): HttpAnswer {
	return jsonAnswer(status, { error: { code, message, target: requestId() } }, headers);
}

/** Writes one API's error body. */
export type Refuse = (status: number, code: string, message: string, headers?: Record<string, string>) => HttpAnswer;

let requestCounter = 0;
function requestId(): string {
	requestCounter++;
	return `00000000-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}`;
}

export function header(exchange: HttpExchange, name: string): string | undefined {
	const value = exchange.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function readJsonBody(exchange: HttpExchange): Record<string, unknown> {
	if (!exchange.body.trim()) throw new ApiRefusal(400, 'InvalidRequestBody', 'The request body is empty; a JSON object is required.');
	let parsed: unknown;
	try {
		parsed = JSON.parse(exchange.body);
	} catch {
		throw new ApiRefusal(400, 'InvalidRequestBody', 'The request body is not valid JSON.');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ApiRefusal(400, 'InvalidRequestBody', 'The request body must be a JSON object.');
	}
	return parsed as Record<string, unknown>;
}

/** A non-negative integer query option such as `$top` or `$skip`. */
export function integerOption(exchange: HttpExchange, name: string): number | undefined {
	const raw = exchange.url.searchParams.get(name);
	if (raw === null) return undefined;
	if (!/^\d{1,9}$/.test(raw)) throw new ApiRefusal(400, 'BadRequest', `Invalid value '${raw}' for query option '${name}'.`);
	return Number(raw);
}

export function stringArray(value: unknown, field: string): string[] {
	if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
		throw new ApiRefusal(400, 'BadRequest', `The property '${field}' must be an array of strings.`);
	}
	return value as string[];
}

export function optionalText(value: unknown, field: string): string | null | undefined {
	if (value === undefined || value === null) return value as null | undefined;
	if (typeof value !== 'string') throw new ApiRefusal(400, 'BadRequest', `The property '${field}' must be a string.`);
	return value;
}

export function readRequestBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}
