import type { TokenRejection } from './entra/index.cjs';
import type { Caller, HttpAnswer, HttpExchange, Refuse } from './http.cjs';
import type { RateLimit } from './realism.cjs';
import { ApiRefusal } from './store.cjs';

/** Which rate limit a request counts against (docs/api-contract.md, section 6, and the list pages' limits). */
export type RateFamily =
	| 'graph'
	| 'hunting'
	| 'legacyIncidents'
	| 'legacyGet'
	// Defender for Endpoint (docs/endpoint-api-contract.md): reads, actions and indicator writes each counted together.
	| 'endpointRead'
	| 'endpointAction'
	| 'endpointIndicator'
	| 'endpointImport'
	| 'endpointBatchDelete'
	| 'endpointPackage';

export interface Route {
	method: string;
	/** Matched against the path below the API's base (`/security/incidents/42`). */
	pattern: RegExp;
	/** Any one of these suffices, per token kind. */
	permissions: { application: string[]; delegated: string[] };
	/** Writes need a delegated user with a role that may change things. */
	writes: boolean;
	family: RateFamily;
	/** The query options this route documents (docs/api-contract.md, section 1); any other `$` option is a 400. */
	queryOptions: readonly string[];
	handle(exchange: HttpExchange, parameters: string[], caller: Caller): HttpAnswer;
}

export interface ApiSurface {
	/** Base path of the API (`/v1.0` or `/api`). */
	basePath: string;
	/** Token audiences the API accepts. */
	audiences: string[];
	routes: Route[];
	/** The API's error body. */
	refuse: Refuse;
	/** The API's wording for a token without the permission. */
	missingPermission(route: Route, caller: Caller): HttpAnswer;
	/** The API's wording for a delegated user whose Defender role does not allow a change. */
	missingRole(): HttpAnswer;
	unknownPath(path: string): HttpAnswer;
	/** The API's answer to a query option the route does not document. */
	undocumentedOption(name: string): HttpAnswer;
	/** For APIs sharing a base path: whether a path below it is this API's (default: all of them). */
	serves?(path: string): boolean;
	/** The API's own answer to a token it refuses, when it differs from the server's default. */
	rejectToken?(reason: TokenRejection): HttpAnswer;
	/** The API's own 429, when it differs from the server's default. */
	throttled?(retryAfterSeconds: number | undefined, limit: RateLimit): HttpAnswer;
}

export function findRoute(surface: ApiSurface, method: string, path: string): { route: Route; parameters: string[] } | undefined {
	for (const route of surface.routes) {
		const match = route.pattern.exec(path);
		if (match && route.method === method) return { route, parameters: match.slice(1).map(decodeURIComponent) };
	}
	return undefined;
}

/** Runs a matched route after the permission and role checks, turning refusals into the API's error bodies. */
export function runRoute(surface: ApiSurface, matched: { route: Route; parameters: string[] }, exchange: HttpExchange, caller: Caller): HttpAnswer {
	const { route, parameters } = matched;
	const accepted = caller.kind === 'application' ? route.permissions.application : route.permissions.delegated;
	if (!accepted.some((permission) => caller.permissions.includes(permission))) return surface.missingPermission(route, caller);
	if (caller.kind === 'delegated' && route.writes && caller.defenderRole !== 'operator') return surface.missingRole();
	const undocumented = [...exchange.url.searchParams.keys()].find((name) => name.startsWith('$') && !route.queryOptions.includes(name));
	if (undocumented !== undefined) return surface.undocumentedOption(undocumented);
	try {
		return route.handle(exchange, parameters, caller);
	} catch (error) {
		if (error instanceof ApiRefusal) return surface.refuse(error.status, error.code, error.message);
		throw error;
	}
}

/** Graph's Timespan (docs/api-contract.md, 2.6): a duration back from now, an instant to now, or start/end, start/duration, duration/end. */
export function parseTimespan(text: string | undefined, now: Date): { start: Date; end: Date } {
	const thirtyDays = 30 * 24 * 3600_000;
	if (text === undefined || text === '') return { start: new Date(now.getTime() - thirtyDays), end: now };
	const parts = text.split('/');
	const invalid = () => new ApiRefusal(400, 'BadRequest', `Invalid Timespan '${text}': use an ISO 8601 duration such as P7D, or an interval such as 2024-01-01T00:00:00Z/2024-01-02T00:00:00Z.`);
	const instant = (part: string) => {
		const parsed = Date.parse(part);
		if (!/^\d{4}-\d{2}-\d{2}/.test(part) || Number.isNaN(parsed)) throw invalid();
		return new Date(parsed);
	};
	const duration = (part: string) => {
		const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(part);
		if (!match || part === 'P' || part.endsWith('T')) throw invalid();
		const [, weeks, days, hours, minutes, seconds] = match.map((value) => Number(value ?? 0));
		return ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
	};
	// A single instant is the start, the end being now (contract 2.6).
	if (parts.length === 1) return parts[0].startsWith('P') ? { start: new Date(now.getTime() - duration(parts[0])), end: now } : { start: instant(parts[0]), end: now };
	if (parts.length !== 2) throw invalid();
	const [first, second] = parts;
	if (first.startsWith('P')) {
		const end = instant(second);
		return { start: new Date(end.getTime() - duration(first)), end };
	}
	const start = instant(first);
	if (second.startsWith('P')) return { start, end: new Date(start.getTime() + duration(second)) };
	return { start, end: instant(second) };
}
