import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { createBackend, type BackendFactory, type DefenderBackend } from '../../nodes/MicrosoftDefenderXdr/api';

/**
 * Canned answers of Microsoft Graph's security API and the legacy Defender XDR API behind the real backends, as
 * n8n's own node tests (Outlook v2) mock the HTTP layer: the node runs `createBackend`'s backend, whose requests go
 * through `helpers.httpRequestWithAuthentication` to the answers here, so summaries come from `api/summaries.ts`.
 * The answers are canned, not an emulator: filters and sorting are not applied (the emulator's tests cover them).
 */

/** A hunting query's columns and rows, served as Graph's `schema` and `results`. */
export interface CannedHuntingResult {
	schema: Array<{ name: string; type: string }>;
	rows: IDataObject[];
}

export interface RecordedCall {
	method: string;
	args: unknown[];
}

export interface CannedRequest {
	method: string;
	url: string;
	qs?: IDataObject;
	body?: unknown;
}

const clientId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const graphPrefix = 'https://graph.microsoft.com/v1.0';
const legacyPrefix = 'https://api.security.microsoft.com/api';
const commentAuthor = { createdByDisplayName: 'n8n', createdDateTime: '2026-01-01T00:00:00Z' };

/** An error as n8n's request helper throws it for an HTTP error status (what the transport reads). */
function httpError(status: number, message: string): Error {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		httpCode: String(status),
		cause: { response: { status, headers: {}, data: { error: { code: status === 404 ? 'NotFound' : 'BadRequest', message } } } },
	});
}

export class CannedDefender {
	/** The items the API serves, in its own shape (Graph's or the legacy API's). */
	incidents: IDataObject[] = [];

	alerts: IDataObject[] = [];

	huntingResult: CannedHuntingResult = { schema: [], rows: [] };

	/** Answers a hunting query by its text when set (the investigation templates). */
	huntingAnswer?: (query: string) => CannedHuntingResult;

	/**
	 * How many items one list page holds, at most (the client's `$top` may ask for fewer); Graph's incident page
	 * maximum by default. A smaller one makes Graph continue with next links.
	 */
	pageSize = 50;

	/** Where each list page served began in the list, to show that an operation stops requesting pages at its limit. */
	pageStarts: number[] = [];

	/** Every call the operation made on the backend interface, in order. */
	calls: RecordedCall[] = [];

	/** Every HTTP request the backend sent. */
	requests: CannedRequest[] = [];

	constructor(readonly api: 'graph' | 'legacy' = 'graph') {}

	callsTo(method: string): RecordedCall[] {
		return this.calls.filter((call) => call.method === method);
	}

	/**
	 * Opens the real backend for the context's credential (on this API) with the canned HTTP layer, recording the
	 * operation's calls on it. Used as the router's backend factory.
	 */
	readonly open = async (context: Parameters<BackendFactory>[0]): Promise<DefenderBackend> => {
		const canned = Object.assign(Object.create(context) as typeof context, {
			getCredentials: async (type: string) => ({ grantType: 'authorizationCode', ...(await context.getCredentials(type)), clientId, api: this.api }),
			helpers: { httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => this.answer(options) },
		});
		const backend = await createBackend(canned, { maxAttempts: 1 });
		return new Proxy(backend, {
			get: (target, property, receiver) => {
				const value: unknown = Reflect.get(target, property, receiver);
				if (typeof value !== 'function') return value;
				return (...args: unknown[]) => {
					this.calls.push({ method: String(property), args });
					return (value as (...parameters: unknown[]) => unknown).apply(target, args);
				};
			},
		});
	};

	private async answer(options: IHttpRequestOptions): Promise<unknown> {
		const method = (options.method ?? 'GET').toUpperCase();
		this.requests.push({ method, url: options.url, qs: options.qs, body: options.body });
		const url = new URL(options.url);
		const query: IDataObject = { ...Object.fromEntries(url.searchParams), ...options.qs };
		const path = `${url.origin}${url.pathname}`;
		const body = (options.body ?? {}) as IDataObject;
		const answered =
			this.api === 'graph' && path.startsWith(graphPrefix)
				? this.graph(method, path.slice(graphPrefix.length), query, body)
				: this.api === 'legacy' && path.startsWith(legacyPrefix)
					? this.legacy(method, path.slice(legacyPrefix.length), query, body)
					: undefined;
		if (answered === undefined) throw httpError(400, `No canned answer for ${method} ${url.pathname}`);
		return structuredClone(answered);
	}

	private page(items: IDataObject[], path: string, query: IDataObject, shown: (item: IDataObject) => IDataObject): IDataObject {
		const start = Number(query.$skiptoken ?? query.$skip ?? 0);
		this.pageStarts.push(start);
		const end = start + Math.min(this.pageSize, Number(query.$top ?? this.pageSize));
		const nextLink = this.api === 'graph' && end < items.length ? { '@odata.nextLink': `${graphPrefix}${path}?$top=${String(query.$top)}&$skiptoken=${end}` } : {};
		return { value: items.slice(start, end).map(shown), ...nextLink };
	}

	private find(items: IDataObject[], idField: string, id: string, kind: string): IDataObject {
		const found = items.find((item) => String(item[idField]) === id);
		if (!found) throw httpError(404, `${kind} ${id} was not found`);
		return found;
	}

	private graph(method: string, path: string, query: IDataObject, body: IDataObject): unknown {
		const withAlerts = query.$expand === 'alerts';
		// Graph embeds an incident's alerts only when asked to ($expand=alerts).
		const shown = ({ alerts, ...incident }: IDataObject) => (withAlerts ? { ...incident, alerts: alerts ?? [] } : incident);
		const [collection, id, rest] = path.replace(/^\/security\//, '').split('/');
		if (collection === 'runHuntingQuery' && method === 'POST') {
			const result = this.huntingAnswer ? this.huntingAnswer(String(body.Query)) : this.huntingResult;
			return { schema: result.schema, results: result.rows };
		}
		const items = collection === 'incidents' ? this.incidents : collection === 'alerts_v2' ? this.alerts : undefined;
		if (!items) return undefined;
		if (id === undefined) return method === 'GET' ? this.page(items, path, query, collection === 'incidents' ? shown : (alert) => alert) : undefined;
		const item = this.find(items, 'id', decodeURIComponent(id), collection === 'incidents' ? 'Incident' : 'Alert');
		if (rest === 'comments' && method === 'POST') {
			item.comments = [...((item.comments as IDataObject[] | undefined) ?? []), { comment: body.comment, ...commentAuthor }];
			return { value: item.comments };
		}
		if (rest !== undefined) return undefined;
		if (method === 'PATCH') Object.assign(item, body);
		return collection === 'incidents' ? shown(item) : item;
	}

	private legacy(method: string, path: string, query: IDataObject, body: IDataObject): unknown {
		const [collection, id] = path.replace(/^\//, '').split('/');
		if (collection !== 'incidents') return undefined;
		if (id === undefined) return method === 'GET' ? this.page(this.incidents, path, query, (incident) => incident) : undefined;
		const incident = this.find(this.incidents, 'incidentId', decodeURIComponent(id), 'Incident');
		if (method === 'PATCH') Object.assign(incident, body);
		// The legacy API always embeds an incident's alerts.
		return incident;
	}
}

/** A Graph incident (microsoft.graph.security.incident) with what the tests need. */
export function incident(id: string, extra: IDataObject = {}): IDataObject {
	return {
		id,
		displayName: `Incident ${id}`,
		severity: 'high',
		status: 'active',
		customTags: [],
		incidentWebUrl: `https://security.microsoft.com/incidents/${id}?tid=t`,
		...extra,
	};
}

/** A Graph alert (microsoft.graph.security.alert). */
export function alert(id: string, extra: IDataObject = {}): IDataObject {
	return { id, title: `Alert ${id}`, severity: 'medium', status: 'new', ...extra };
}

/** A legacy API incident (`/api/incidents`): numeric ID, PascalCase values, its alerts always embedded. */
export function legacyIncident(id: number, extra: IDataObject = {}): IDataObject {
	return {
		incidentId: id,
		incidentName: `Incident ${id}`,
		severity: 'High',
		status: 'Active',
		tags: [],
		alerts: [],
		...extra,
	};
}

/** A legacy API alert as embedded in a legacy incident. */
export function legacyAlert(id: string, extra: IDataObject = {}): IDataObject {
	return { alertId: id, title: `Alert ${id}`, severity: 'Medium', status: 'New', ...extra };
}
