import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { EmulatorClock } from './clock.cjs';
import { createEndpointService } from './endpoint/index.cjs';
import { defaultEntraOptions, EntraService, type EntraOptions, type TokenRejection } from './entra/index.cjs';
import { graphSurface, type NextLinkScheme } from './graphApi.cjs';
import { createHuntingTables, huntingDevices, type HuntingTables } from './hunting/index.cjs';
import { errorAnswer, jsonAnswer, readRequestBody, type Caller, type HttpAnswer, type HttpExchange } from './http.cjs';
import { legacySurface } from './legacyApi.cjs';
import { createResponseService } from './responseApi.cjs';
import { graphIncident, type StoredIncident } from './model.cjs';
import { legacyQuotaMessage, Realism, type RandomFaults, type RateLimit, type ScheduledFault } from './realism.cjs';
import { findRoute, runRoute, type ApiSurface, type RateFamily } from './routes.cjs';
import type { NewIncidentSpecification } from './seed.cjs';
import { DefenderStore } from './store.cjs';

export interface EmulatorOptions {
	/** 0 or absent: a free port. */
	port?: number;
	host?: string;
	/** Seeded incidents (default 200). */
	incidents?: number;
	seed?: number;
	/** Rows per seeded hunting table. */
	huntingRowsPerTable?: number;
	/** Start with the clock frozen at this instant. */
	now?: string | Date;
	/** Enforce the documented rate limits (default: off in process, on from the command line). */
	rateLimits?: boolean;
	/** Tenant, apps and users; the default tenant has the apps full, readonly, none, certificate and delegated. */
	entra?: EntraOptions;
	/** How Graph's next links continue a list: `$skip` (default) or an opaque `$skiptoken`. */
	nextLinks?: NextLinkScheme;
	/**
	 * Another tenant with the default apps: a customer tenant of a partner's multi-tenant app registration, which
	 * has the same client IDs in every tenant that consented to it (README, "Partners and MSSPs").
	 */
	customerTenant?: { tenantId: string; tenantDomain: string };
	/** Graph's list routes ignore `$orderby` (undocumented for incidents and alerts_v2; default off). */
	ignoreOrderBy?: boolean;
	/** Graph's lists reach no deeper than this `$skip`, as on large tenants (default: no cap). */
	skipCeiling?: number;
}

export interface RequestLogEntry {
	time: string;
	method: string;
	path: string;
	query: string;
	status: number;
	clientId?: string;
	/** The request body as sent (empty for GET). */
	body: string;
	/** Bytes of the answer's body, for measuring what a client receives. */
	answerBytes: number;
}

/** Paths with their IDs replaced, so counters group calls per endpoint. */
function endpointOf(path: string): string {
	return path
		.split('/')
		.map((segment) => (/^\d+$/.test(segment) || /^da\d+_\d+$/.test(segment) || /^[0-9a-f]{40}$/.test(segment) || /^[0-9a-f-]{36}$/.test(segment) ? '{id}' : segment))
		.join('/');
}

function rejectToken(surface: ApiSurface, reason: TokenRejection): HttpAnswer {
	if (surface.rejectToken) return surface.rejectToken(reason);
	const messages: Record<string, string> = {
		missing: 'Access token is empty.',
		malformed: 'IDX14100: JWT is not well formed.',
		badSignature: 'Access token validation failure: the signature is invalid.',
		expired: 'Lifetime validation failed, the token is expired.',
		revoked: 'Lifetime validation failed, the token is expired.',
		wrongTenant: 'Access token validation failure: the token was issued for another tenant.',
		wrongAudience: 'Access token validation failure. Invalid audience.',
	};
	const code = surface.basePath === '/v1.0' ? 'InvalidAuthenticationToken' : 'Unauthorized';
	return surface.refuse(401, code, messages[reason] ?? 'Access token validation failure.', { 'www-authenticate': 'Bearer realm="", error="invalid_token"' });
}

/** Graph's 429 with Retry-After (left out when undefined, as some gateways do), or the legacy quota body. */
function throttled(surface: ApiSurface, retryAfterSeconds: number | undefined, limit: RateLimit, legacyStyle: boolean): HttpAnswer {
	if (surface.throttled) return surface.throttled(retryAfterSeconds, limit);
	if (legacyStyle || surface.basePath === '/api') return surface.refuse(429, '429', legacyQuotaMessage(limit));
	const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
	return errorAnswer(429, 'TooManyRequests', 'Too many requests. Please retry later.', headers);
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export async function startEmulator(options: EmulatorOptions = {}) {
	const clock = new EmulatorClock();
	if (options.now !== undefined) clock.set(options.now);
	const entraOptions = options.entra ?? { ...(await defaultEntraOptions(() => clock.now())), ...options.customerTenant };
	const entra = await EntraService.create({ ...entraOptions, now: () => clock.now() });
	const seed = options.seed ?? 42;
	const store = new DefenderStore(clock, seed, options.incidents ?? 200);
	const realism = new Realism(options.rateLimits ?? false);
	let huntingTables: HuntingTables | undefined;
	const tables = () => (huntingTables ??= createHuntingTables({ seed, now: clock.now(), rowsPerTable: options.huntingRowsPerTable }));
	let origin = '';
	/** Where Graph's next links point; tests set another host to prove clients refuse to follow it. */
	let nextLinkOrigin: string | undefined;
	let nextLinkScheme: NextLinkScheme = options.nextLinks ?? 'skip';
	/** Undocumented behaviours a real tenant may show (issue 22): `$orderby` ignored. */
	let ignoresOrderBy = options.ignoreOrderBy ?? false;
	let legacyHuntingRetired = false;
	let skipCeiling = options.skipCeiling;
	let failsListExpand = false;
	const endpoint = createEndpointService({ clock, seed, huntingDevices, origin: () => origin });
	const response = createResponseService({ clock, domain: entraOptions.tenantDomain, origin: () => origin });
	// The endpoint API comes first: it shares the legacy API's base path and serves only its own resources.
	const surfaces = [
		endpoint.surface,
		// Identity accounts and custom detection rules (responseApi.cts) share Graph's base path and error bodies.
		response.extend(
			graphSurface({ store, clock, tenantId: entraOptions.tenantId, huntingTables: tables, origin: () => origin, nextLinkOrigin: () => nextLinkOrigin ?? origin, nextLinkScheme: () => nextLinkScheme, ignoresOrderBy: () => ignoresOrderBy, skipCeiling: () => skipCeiling, failsListExpand: () => failsListExpand }),
		),
		legacySurface({ store, clock, huntingTables: tables, origin: () => origin, huntingRetired: () => legacyHuntingRetired }),
	];
	const log: RequestLogEntry[] = [];
	const apiCalls: Record<string, number> = {};
	const sockets = new Set<Socket>();

	async function answerApi(surface: ApiSurface, exchange: HttpExchange, path: string, clientId: { value?: string }): Promise<{ answer: HttpAnswer; fault?: string }> {
		const fault = realism.faultFor(exchange.method, exchange.url.pathname);
		if (fault?.kind === 'reset') return { answer: jsonAnswer(200, {}), fault: 'reset' };
		if (fault?.kind === 'status') {
			if (fault.status === 429) return { answer: throttled(surface, fault.retryAfterSeconds, { requests: 45, windowSeconds: 60 }, fault.legacyQuotaBody === true) };
			return { answer: surface.refuse(fault.status ?? 503, fault.status === 504 ? 'GatewayTimeout' : fault.status === 500 ? 'InternalServerError' : 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry.') };
		}
		const authorization = exchange.headers.authorization;
		const check = await entra.checkAccessToken(Array.isArray(authorization) ? authorization[0] : authorization, surface.audiences);
		if (!check.ok) return { answer: rejectToken(surface, check.reason) };
		clientId.value = check.app.clientId;
		const caller: Caller = {
			kind: check.kind,
			permissions: check.permissions,
			clientId: check.app.clientId,
			defenderRole: check.user?.defenderRole,
			displayName: check.user?.userPrincipalName ?? `API-App:${check.app.clientId}`,
			tenantKey: entraOptions.tenantId,
		};
		const matched = findRoute(surface, exchange.method, path);
		if (!matched) return { answer: surface.unknownPath(path) };
		const wait = realism.throttle(`${caller.tenantKey}|${caller.clientId}`, matched.route.family as RateFamily);
		if (wait) return { answer: throttled(surface, wait.retryAfterSeconds, wait.limit, false) };
		return { answer: runRoute(surface, matched, exchange, caller), fault: fault?.kind };
	}

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const exchange: HttpExchange = {
			method: (request.method ?? 'GET').toUpperCase(),
			url: new URL(request.url ?? '/', origin),
			headers: request.headers,
			body: await readRequestBody(request),
		};
		const pathname = exchange.url.pathname;
		const clientId: { value?: string } = {};
		let answer: HttpAnswer | undefined;
		let fault: string | undefined;
		if (pathname.startsWith('/_emulator/')) {
			answer = administer(exchange);
		} else {
			answer = await entra.handle(exchange, origin);
			if (answer === undefined) {
				const surface = surfaces.find(
					(candidate) =>
						(pathname === candidate.basePath || pathname.startsWith(`${candidate.basePath}/`)) && (candidate.serves?.(pathname.slice(candidate.basePath.length)) ?? true),
				);
				if (surface) {
					const key = `${exchange.method} ${endpointOf(pathname)}`;
					apiCalls[key] = (apiCalls[key] ?? 0) + 1;
					({ answer, fault } = await answerApi(surface, exchange, pathname.slice(surface.basePath.length), clientId));
				} else {
					answer = errorAnswer(404, 'NotFound', `No emulated service at ${pathname}.`);
				}
			}
		}
		log.push({ time: clock.now().toISOString(), method: exchange.method, path: pathname, query: exchange.url.search, status: answer.status, clientId: clientId.value, body: exchange.body, answerBytes: Buffer.byteLength(answer.body) });
		if (realism.latencyMilliseconds > 0) await pause(realism.latencyMilliseconds);
		if (fault === 'reset' || fault === 'resetAfterProcessing') {
			request.socket.destroy();
			return;
		}
		const body = Buffer.from(answer.body, 'utf8');
		response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
		if (fault === 'truncated') {
			// Half the promised bytes, then the connection drops: what a client sees when a proxy cuts an answer.
			response.write(body.subarray(0, Math.floor(body.length / 2)), () => request.socket.destroy());
			return;
		}
		response.end(body);
	}

	const admin = {
		now: () => clock.now(),
		setClock: (instant: string | Date) => clock.set(instant),
		advanceClock: (milliseconds: number) => clock.advance(milliseconds),
		advanceClockMinutes: (minutes: number) => clock.advance(minutes * 60_000),
		useRealClock: () => clock.useRealTime(),
		createIncident: (specification: NewIncidentSpecification = {}) => show(store.createIncident(specification)),
		updateIncident: (id: number | string, changes: Parameters<DefenderStore['updateIncident']>[1], author = 'analyst@contoso.example') => {
			const incident = store.incidents.get(Number(id));
			if (!incident) throw new Error(`No incident ${id}`);
			return show(store.updateIncident(incident, changes, author));
		},
		createAlert: (incidentId: number | string, specification: NewIncidentSpecification = {}) => store.createAlert(Number(incidentId), specification),
		updateAlert: (id: string, changes: Parameters<DefenderStore['updateAlert']>[1]) => {
			const alert = store.alerts.get(id);
			if (!alert) throw new Error(`No alert ${id}`);
			return store.updateAlert(alert, changes);
		},
		/** Adds rows to a hunting table (Timestamp as an instant; the other columns as the table's schema has them). */
		addHuntingRows: (tableName: string, rows: Array<Record<string, unknown>>) => {
			const table = tables()[tableName];
			if (!table) throw new Error(`No hunting table ${tableName}`);
			table.rows.push(...rows.map((row) => ({ ...row, Timestamp: new Date(row.Timestamp as string | Date) })));
			// Newest first, as the seeded tables are.
			table.rows.sort((first, second) => (second.Timestamp as Date).getTime() - (first.Timestamp as Date).getTime());
		},
		/** Every incident, visible or not yet, in Graph's shape with its alerts. */
		listAllIncidents: () => [...store.incidents.values()].map(show),
		setIngestionDelayMinutes: (minutes: number) => {
			store.ingestionDelayMinutes = minutes;
		},
		failNext: (fault: ScheduledFault) => realism.failNext(fault),
		setFaults: (faults: RandomFaults) => realism.setFaults(faults),
		clearFaults: () => realism.clearFaults(),
		setRateLimits: (limits?: Parameters<Realism['setRateLimits']>[0]) => realism.setRateLimits(limits),
		setTokenLifetimeSeconds: (seconds: number) => entra.setTokenLifetimeSeconds(seconds),
		expireAllTokens: () => entra.expireAllTokens(),
		setSignedInUser: (userPrincipalName: string) => entra.setSignedInUser(userPrincipalName),
		setNextLinkOrigin: (foreignOrigin: string | undefined) => {
			nextLinkOrigin = foreignOrigin;
		},
		setNextLinkScheme: (scheme: NextLinkScheme) => {
			nextLinkScheme = scheme;
		},
		/** Graph's list routes accept `$orderby` but serve newest first whatever it says. */
		setIgnoreOrderBy: (ignore: boolean) => {
			ignoresOrderBy = ignore;
		},
		/** Graph's lists reach no deeper than this `$skip` (undefined: no cap). */
		setSkipCeiling: (ceiling: number | undefined) => {
			skipCeiling = ceiling;
		},
		/** The incident list answers HTTP 500 to `$expand=alerts` (a single incident still expands). */
		setFailListExpand: (fail: boolean) => {
			failsListExpand = fail;
		},
		/** The legacy advanced hunting API answers as retired (410 Gone). */
		setLegacyHuntingRetired: (retired: boolean) => {
			legacyHuntingRetired = retired;
		},
		counters: () => ({ tokenRequests: entra.counters.tokenRequests, apiCalls: { ...apiCalls }, totalApiCalls: Object.values(apiCalls).reduce((sum, count) => sum + count, 0) }),
		requestLog: () => [...log],
		resetCounters: () => {
			entra.resetCounters();
			for (const key of Object.keys(apiCalls)) delete apiCalls[key];
			log.length = 0;
		},
		/** The Defender for Endpoint API's machines, actions and indicators. */
		endpoint: endpoint.admin,
		response: response.admin,
		reset: () => {
			store.reset();
			response.admin.reset();
			nextLinkScheme = options.nextLinks ?? 'skip';
			ignoresOrderBy = options.ignoreOrderBy ?? false;
			legacyHuntingRetired = false;
			skipCeiling = options.skipCeiling;
			failsListExpand = false;
			endpoint.admin.reset();
			realism.clearFaults();
			admin.resetCounters();
		},
	};

	function show(incident: StoredIncident) {
		return graphIncident(incident, { tenantId: entraOptions.tenantId, includeUnknownEnumMembers: true }, store.alertsOf(incident));
	}

	/** The same controls over HTTP, for the command-line emulator and the demo. */
	function administer(exchange: HttpExchange): HttpAnswer {
		const body = exchange.body ? (JSON.parse(exchange.body) as Record<string, unknown>) : {};
		const action = `${exchange.method} ${exchange.url.pathname.slice('/_emulator'.length)}`;
		const endpointAnswer = endpoint.administer(action, body);
		if (endpointAnswer) return endpointAnswer;
		switch (action) {
			case 'GET /counters':
				return jsonAnswer(200, admin.counters());
			case 'GET /requests':
				return jsonAnswer(200, admin.requestLog());
			case 'POST /incidents':
				return jsonAnswer(201, admin.createIncident(body as NewIncidentSpecification));
			case 'POST /clock':
				if (body.real === true) admin.useRealClock();
				if (typeof body.set === 'string') admin.setClock(body.set);
				if (typeof body.advanceMinutes === 'number') admin.advanceClockMinutes(body.advanceMinutes);
				return jsonAnswer(200, { now: clock.now().toISOString() });
			case 'POST /faults':
				if (body.clear === true) admin.clearFaults();
				if (body.next) admin.failNext(body.next as ScheduledFault);
				if (body.random) admin.setFaults(body.random as RandomFaults);
				return jsonAnswer(200, { ok: true });
			case 'POST /rate-limits':
				admin.setRateLimits(body.enabled === false ? null : undefined);
				return jsonAnswer(200, { ok: true });
			case 'POST /ingestion-delay':
				admin.setIngestionDelayMinutes(Number(body.minutes ?? 0));
				return jsonAnswer(200, { ok: true });
			case 'POST /tokens/expire':
				admin.expireAllTokens();
				return jsonAnswer(200, { ok: true });
			case 'POST /undocumented':
				if (typeof body.ignoreOrderBy === 'boolean') admin.setIgnoreOrderBy(body.ignoreOrderBy);
				if (typeof body.legacyHuntingRetired === 'boolean') admin.setLegacyHuntingRetired(body.legacyHuntingRetired);
				if (typeof body.skipCeiling === 'number' || body.skipCeiling === null) admin.setSkipCeiling((body.skipCeiling as number | null) ?? undefined);
				if (typeof body.failListExpand === 'boolean') admin.setFailListExpand(body.failListExpand);
				return jsonAnswer(200, { ignoreOrderBy: ignoresOrderBy, legacyHuntingRetired, skipCeiling: skipCeiling ?? null, failListExpand: failsListExpand });
			case 'POST /reset':
				admin.reset();
				return jsonAnswer(200, { ok: true });
			default:
				return errorAnswer(404, 'NotFound', `Unknown emulator control ${action}.`);
		}
	}

	const server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) {
				const answer = errorAnswer(500, 'InternalServerError', `Emulator failure: ${error instanceof Error ? error.message : String(error)}`);
				response.writeHead(answer.status, answer.headers);
				response.end(answer.body);
			}
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	origin = `http://127.0.0.1:${port}`;

	return {
		baseUrl: origin,
		loginUrl: origin,
		apiUrl: origin,
		port,
		tenantId: entraOptions.tenantId,
		tenantDomain: entraOptions.tenantDomain,
		apps: entraOptions.apps.map((app) => ({
			name: app.name,
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			certificatePem: app.certificatePem,
			privateKeyPem: app.privateKeyPem,
			permissions: app.applicationPermissions,
		})),
		users: entraOptions.users.map((user) => ({ ...user })),
		admin,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
