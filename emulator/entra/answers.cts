import { randomUUID } from 'node:crypto';

import type { HttpAnswer } from './types.cjs';

/**
 * A refusal in Entra's words: thrown anywhere inside a request and turned into Entra's error body (token
 * endpoint), an error page (authorize) or an error redirect by the endpoint that caught it.
 */
export class EntraRefusal extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly code: number,
		readonly description: string,
	) {
		super(`AADSTS${code}: ${description}`);
	}
}

/** Entra writes "2024-05-01 10:00:00Z" in error bodies. */
function entraTimestamp(now: Date): string {
	return now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function jsonAnswer(status: number, payload: unknown): HttpAnswer {
	return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', pragma: 'no-cache' }, body: JSON.stringify(payload) };
}

/** The token endpoint's error body, with the trace and correlation IDs Entra appends to every description. */
export function errorBody(refusal: EntraRefusal, now: Date): HttpAnswer {
	const timestamp = entraTimestamp(now);
	const traceId = randomUUID();
	const correlationId = randomUUID();
	return jsonAnswer(refusal.status, {
		error: refusal.error,
		error_description: `${refusal.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
		error_codes: [refusal.code],
		timestamp,
		trace_id: traceId,
		correlation_id: correlationId,
	});
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** What a browser shows when Entra cannot redirect back (unknown app, unknown user): a sign-in error page. */
export function errorPage(refusal: EntraRefusal, now: Date): HttpAnswer {
	const body = [
		'<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body>',
		"<h1>Sorry, but we're having trouble signing you in.</h1>",
		`<p id="error">${escapeHtml(refusal.message)}</p>`,
		`<p>Timestamp: ${entraTimestamp(now)}</p>`,
		'</body></html>',
	].join('');
	return { status: refusal.status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store, no-cache' }, body };
}

export function redirectAnswer(location: URL): HttpAnswer {
	return { status: 302, headers: { location: location.toString(), 'cache-control': 'no-store, no-cache' }, body: '' };
}
