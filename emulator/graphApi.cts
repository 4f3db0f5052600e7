import type { EmulatorClock } from './clock.cjs';
import { HuntingQueryError, runHunting, type HuntingTables } from './hunting/index.cjs';
import {
	errorAnswer,
	header,
	integerOption,
	jsonAnswer,
	optionalText,
	readJsonBody,
	stringArray,
	type Caller,
	type HttpAnswer,
	type HttpExchange,
} from './http.cjs';
import {
	alertStatuses,
	classifications,
	determinations,
	graphAlert,
	graphIncident,
	incidentStatuses,
	serviceSourceEnum,
	severities,
	type Presentation,
	type StoredAlert,
	type StoredIncident,
} from './model.cjs';
import { compileFilter, compileOrderBy, ODataQueryError, type QuerySchema } from './odata/index.cjs';
import { parseTimespan, type ApiSurface, type Route } from './routes.cjs';
import { ApiRefusal, canonicalDetermination, type DefenderStore } from './store.cjs';

const withFuture = (members: readonly string[]) => [...members, 'unknownFutureValue'];

/** Every property of each CSDL entity type (docs/api-contract.md, section 5), for `$select` and for refusals. */
const incidentProperties = [
	'id', 'assignedTo', 'classification', 'comments', 'createdDateTime', 'customTags', 'description', 'determination', 'displayName',
	'incidentWebUrl', 'lastModifiedBy', 'lastUpdateDateTime', 'priorityScore', 'redirectIncidentId', 'resolvingComment', 'severity',
	'status', 'summary', 'systemTags', 'tenantId',
];
const alertProperties = [
	'id', 'actorDisplayName', 'additionalData', 'alertPolicyId', 'alertWebUrl', 'assignedTo', 'categories', 'category', 'classification',
	'comments', 'createdDateTime', 'customDetails', 'description', 'detectionSource', 'detectorId', 'determination', 'evidence',
	'firstActivityDateTime', 'incidentId', 'incidentWebUrl', 'investigationState', 'lastActivityDateTime', 'lastUpdateDateTime',
	'mitreTechniques', 'productName', 'providerAlertId', 'recommendedActions', 'resolvedDateTime', 'serviceSource', 'severity', 'status',
	'systemTags', 'tenantId', 'threatDisplayName', 'threatFamilyName', 'title',
];

/** `$filter` on exactly the properties the list page names (contract 2.1); `$orderby` on its dates (2.3). */
const incidentSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'microsoft.graph.security.incident',
	fields: {
		assignedTo: { type: 'string' },
		classification: { type: 'enum', members: withFuture(classifications) },
		createdDateTime: { type: 'dateTime' },
		determination: { type: 'enum', members: withFuture(determinations) },
		lastUpdateDateTime: { type: 'dateTime' },
		severity: { type: 'enum', members: withFuture(severities) },
		status: { type: 'enum', members: withFuture(incidentStatuses) },
	},
	properties: [...incidentProperties, 'alerts'],
	sortable: ['createdDateTime', 'lastUpdateDateTime'],
};

const alertSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'microsoft.graph.security.alert',
	fields: {
		assignedTo: { type: 'string' },
		classification: { type: 'enum', members: withFuture(classifications) },
		createdDateTime: { type: 'dateTime' },
		determination: { type: 'enum', members: withFuture(determinations) },
		lastUpdateDateTime: { type: 'dateTime' },
		serviceSource: { type: 'enum', members: [...serviceSourceEnum], enumTypeName: 'microsoft.graph.security.serviceSource' },
		severity: { type: 'enum', members: withFuture(severities) },
		status: { type: 'enum', members: withFuture(alertStatuses) },
	},
	properties: alertProperties,
	sortable: ['createdDateTime', 'lastUpdateDateTime'],
};

/** `$top` ceilings (contract 2.2): 50 for incidents, 1000 for alerts. */
const incidentTopLimit = 50;
const alertTopLimit = 1000;

const incidentRead = { application: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'], delegated: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'] };
const incidentWrite = { application: ['SecurityIncident.ReadWrite.All'], delegated: ['SecurityIncident.ReadWrite.All'] };
const alertRead = { application: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'], delegated: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'] };
const alertWrite = { application: ['SecurityAlert.ReadWrite.All'], delegated: ['SecurityAlert.ReadWrite.All'] };
const hunting = { application: ['ThreatHunting.Read.All'], delegated: ['ThreatHunting.Read.All'] };

/** The query options each route documents (contract 1 and 2); `$skiptoken` only as the server's own next link. */
const listIncidentOptions = ['$count', '$filter', '$skip', '$top', '$expand', '$orderby', '$select', '$skiptoken'];
const listAlertOptions = ['$count', '$filter', '$skip', '$top', '$orderby', '$select', '$skiptoken'];
const getIncidentOptions = ['$expand', '$select'];
const getAlertOptions = ['$select'];

/** How the emulator writes `@odata.nextLink`: Microsoft does not document the shape, so clients see both. */
export type NextLinkScheme = 'skip' | 'skiptoken';

export interface GraphDependencies {
	store: DefenderStore;
	clock: EmulatorClock;
	tenantId: string;
	huntingTables: () => HuntingTables;
	/** The emulator's own origin. */
	origin: () => string;
	/** Where next links point (the emulator's own origin unless a test says otherwise). */
	nextLinkOrigin: () => string;
	nextLinkScheme: () => NextLinkScheme;
	/**
	 * Whether list routes ignore `$orderby` (accepted, not applied), as a server may: the list pages of incidents
	 * and alerts_v2 do not document the option (contract 2.3), so clients must be correct in any order.
	 */
	ignoresOrderBy: () => boolean;
	/**
	 * How deep `$skip` reaches, if it is capped: no next link leads past it and a deeper `$skip` reads nothing, as
	 * large tenants report for alerts_v2 (Elastic's integration, issues 20234 and 18144). Undefined: no cap.
	 */
	skipCeiling: () => number | undefined;
	/** Whether `$expand=alerts` on the incident list fails with HTTP 500, as reported on a tenant of 45,000 users. */
	failsListExpand: () => boolean;
}

function presentation(exchange: HttpExchange, tenantId: string): Presentation {
	const prefer = header(exchange, 'prefer') ?? '';
	return { tenantId, includeUnknownEnumMembers: /include-unknown-enum-members/i.test(prefer) };
}

/** Filters are evaluated on every member, whatever the client may see (a filter on a new member still matches). */
const everyMember = (tenantId: string): Presentation => ({ tenantId, includeUnknownEnumMembers: true });

/** `$expand` names the one navigation property the security types have. */
function checkExpand(exchange: HttpExchange): void {
	const expand = exchange.url.searchParams.get('$expand');
	if (expand !== null && expand !== 'alerts') {
		throw new ApiRefusal(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${expand}' that can be expanded.`);
	}
}

/** The `$select` list, checked against the type's properties (contract 2.4); undefined when absent. */
function selectionOf(exchange: HttpExchange, properties: readonly string[], typeName: string): string[] | undefined {
	const text = exchange.url.searchParams.get('$select');
	if (text === null) return undefined;
	const names = text.split(',').map((name) => name.trim());
	for (const name of names) {
		if (!properties.includes(name)) {
			throw new ApiRefusal(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.security.${typeName}'.`);
		}
	}
	return names;
}

/** Only the selected properties (and the expanded alerts), as OData answers a `$select`. */
function project(shape: Record<string, unknown>, selection: string[] | undefined): Record<string, unknown> {
	if (!selection) return shape;
	const projected: Record<string, unknown> = {};
	for (const name of [...selection, 'alerts']) if (name in shape) projected[name] = shape[name];
	return projected;
}

/** `@odata.context` names the selected properties, as OData does: `$metadata#security/incidents(id,status)`. */
function contextOf(origin: string, entitySet: string, selection: string[] | undefined, entity = false): string {
	const columns = selection ? `(${selection.join(',')})` : '';
	return `${origin}/v1.0/$metadata#${entitySet}${columns}${entity ? '/$entity' : ''}`;
}

/** `$filter` and `$orderby` of a Graph list, with Graph's 400 for a query it refuses (also used by responseApi.cts). */
export function compileQuery<Entity extends Record<string, unknown>>(exchange: HttpExchange, schema: QuerySchema, entities: Entity[], ignoresOrderBy = false): Entity[] {
	const filterText = exchange.url.searchParams.get('$filter');
	const orderByText = exchange.url.searchParams.get('$orderby');
	try {
		const kept = filterText ? entities.filter(compileFilter(filterText, schema)) : entities;
		if (!orderByText) return kept;
		// Checked even when ignored: an invalid `$orderby` is still a 400.
		const order = compileOrderBy(orderByText, schema);
		return ignoresOrderBy ? kept : [...kept].sort(order);
	} catch (error) {
		if (error instanceof ODataQueryError) throw new ApiRefusal(400, 'BadRequest', error.message);
		throw error;
	}
}

const skipTokenPrefix = 'emulator-page-';

/** Where this page starts: `$skip`, or the opaque `$skiptoken` of one of the server's own next links. */
function startOf(exchange: HttpExchange): number {
	const token = exchange.url.searchParams.get('$skiptoken');
	if (token === null) return integerOption(exchange, '$skip') ?? 0;
	const decoded = Buffer.from(token, 'base64url').toString('utf8');
	if (!decoded.startsWith(skipTokenPrefix) || !/^\d{1,9}$/.test(decoded.slice(skipTokenPrefix.length))) {
		throw new ApiRefusal(400, 'BadRequest', `The skip token '${token}' is not valid.`);
	}
	return Number(decoded.slice(skipTokenPrefix.length));
}

interface PageRequest<Item> {
	exchange: HttpExchange;
	dependencies: GraphDependencies;
	entitySet: string;
	selection: string[] | undefined;
	matches: Item[];
	topLimit: number;
	shape: (item: Item) => Record<string, unknown>;
}

/** One page of a list with Graph's `@odata.count` and `@odata.nextLink` (every other option kept). */
function pageOf<Item>({ exchange, dependencies, entitySet, selection, matches, topLimit, shape }: PageRequest<Item>): HttpAnswer {
	const top = integerOption(exchange, '$top');
	if (top !== undefined && top > topLimit) {
		throw new ApiRefusal(400, 'BadRequest', `The limit of '${topLimit}' for Top query has been exceeded. The value from the incoming request is '${top}'.`);
	}
	const pageSize = top ?? topLimit;
	const skip = startOf(exchange);
	const reach = Math.min(matches.length, dependencies.skipCeiling() ?? matches.length);
	const page = matches.slice(skip, Math.min(skip + pageSize, Math.max(reach, skip)));
	const payload: Record<string, unknown> = { '@odata.context': contextOf(dependencies.origin(), entitySet, selection) };
	if (exchange.url.searchParams.get('$count') === 'true') payload['@odata.count'] = matches.length;
	if (skip + pageSize < reach) {
		const next = new URL(exchange.url.pathname + exchange.url.search, dependencies.nextLinkOrigin());
		next.searchParams.set('$top', String(pageSize));
		next.searchParams.delete('$skip');
		next.searchParams.delete('$skiptoken');
		if (dependencies.nextLinkScheme() === 'skip') next.searchParams.set('$skip', String(skip + pageSize));
		else next.searchParams.set('$skiptoken', Buffer.from(`${skipTokenPrefix}${skip + pageSize}`).toString('base64url'));
		payload['@odata.nextLink'] = next.toString();
	}
	payload.value = page.map((item) => project(shape(item), selection));
	return jsonAnswer(200, payload);
}

function incidentOr404(store: DefenderStore, id: string): StoredIncident {
	const incident = store.visibleIncident(id);
	if (!incident) throw new ApiRefusal(404, 'NotFound', `Incident with id '${id}' was not found.`);
	return incident;
}

function alertOr404(store: DefenderStore, id: string): StoredAlert {
	const alert = store.visibleAlert(id);
	if (!alert) throw new ApiRefusal(404, 'NotFound', `Alert with id '${id}' was not found.`);
	return alert;
}

function graphEnumInput(value: unknown, field: string): string | undefined {
	const text = optionalText(value, field);
	if (text === null) throw new ApiRefusal(400, 'BadRequest', `The property '${field}' cannot be null.`);
	return text === undefined ? undefined : field === 'determination' ? canonicalDetermination(text) : text;
}

/** A PATCH sets only the documented fields (contract 3): a read-only or unknown property is a 400, not ignored. */
function onlyProperties(body: Record<string, unknown>, settable: string[], properties: readonly string[], type: string): void {
	for (const key of Object.keys(body)) {
		if (settable.includes(key) || key.startsWith('@odata')) continue;
		if (properties.includes(key)) throw new ApiRefusal(400, 'BadRequest', `The property '${key}' on type '${type}' is read-only and cannot be set.`);
		throw new ApiRefusal(400, 'BadRequest', `The property '${key}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`);
	}
}

function commentText(exchange: HttpExchange): string {
	const body = readJsonBody(exchange);
	const comment = body.comment;
	if (typeof comment !== 'string' || comment.trim() === '') throw new ApiRefusal(400, 'BadRequest', "The property 'comment' is required and must be a non-empty string.");
	return comment;
}

export function graphSurface(dependencies: GraphDependencies): ApiSurface {
	const { store, clock, tenantId } = dependencies;
	const origin = () => dependencies.origin();

	const routes: Route[] = [
		{
			method: 'GET',
			pattern: /^\/security\/incidents$/,
			permissions: incidentRead,
			writes: false,
			family: 'graph',
			queryOptions: listIncidentOptions,
			handle: (exchange) => {
				checkExpand(exchange);
				const selection = selectionOf(exchange, incidentProperties, 'incident');
				const shown = presentation(exchange, tenantId);
				const expand = exchange.url.searchParams.get('$expand') === 'alerts';
				if (expand && dependencies.failsListExpand()) throw new ApiRefusal(500, 'InternalServerError', 'An error has occurred.');
				// The stored record carries every filterable and sortable field under its Graph name, so only the
				// page that is returned is shaped (this keeps large seeded tenants fast).
				const byNewest = store.visibleIncidents().sort((first, second) => second.id - first.id);
				const matches = compileQuery(exchange, incidentSchema, byNewest as unknown as Array<Record<string, unknown>>, dependencies.ignoresOrderBy()) as unknown as StoredIncident[];
				return pageOf({
					exchange,
					dependencies,
					entitySet: 'security/incidents',
					selection,
					matches,
					topLimit: incidentTopLimit,
					shape: (incident) => graphIncident(incident, shown, expand ? store.alertsOf(incident) : undefined),
				});
			},
		},
		{
			method: 'GET',
			pattern: /^\/security\/incidents\/([^/]+)$/,
			permissions: incidentRead,
			writes: false,
			family: 'graph',
			queryOptions: getIncidentOptions,
			handle: (exchange, [id]) => {
				checkExpand(exchange);
				const selection = selectionOf(exchange, incidentProperties, 'incident');
				const incident = incidentOr404(store, id);
				const expand = exchange.url.searchParams.get('$expand') === 'alerts';
				const shape = graphIncident(incident, presentation(exchange, tenantId), expand ? store.alertsOf(incident) : undefined);
				return jsonAnswer(200, { '@odata.context': contextOf(origin(), 'security/incidents', selection, true), ...project(shape, selection) });
			},
		},
		{
			method: 'PATCH',
			pattern: /^\/security\/incidents\/([^/]+)$/,
			permissions: incidentWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, [id], caller) => {
				const incident = incidentOr404(store, id);
				const body = readJsonBody(exchange);
				onlyProperties(body, ['status', 'assignedTo', 'classification', 'determination', 'customTags'], incidentProperties, 'microsoft.graph.security.incident');
				const status = graphEnumInput(body.status, 'status');
				if (status === 'redirected' || status === 'unknownFutureValue') throw new ApiRefusal(400, 'BadRequest', `The status '${status}' cannot be set.`);
				store.updateIncident(
					incident,
					{
						status,
						assignedTo: optionalText(body.assignedTo, 'assignedTo'),
						classification: graphEnumInput(body.classification, 'classification'),
						determination: graphEnumInput(body.determination, 'determination'),
						customTags: body.customTags === undefined ? undefined : stringArray(body.customTags, 'customTags'),
					},
					caller.displayName,
				);
				return jsonAnswer(200, { '@odata.context': `${origin()}/v1.0/$metadata#security/incidents/$entity`, ...graphIncident(incident, presentation(exchange, tenantId)) });
			},
		},
		{
			method: 'POST',
			pattern: /^\/security\/incidents\/([^/]+)\/comments$/,
			permissions: incidentWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, [id], caller) => {
				const incident = incidentOr404(store, id);
				store.updateIncident(incident, { comment: commentText(exchange) }, caller.displayName);
				return jsonAnswer(200, {
					'@odata.context': `${origin()}/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`,
					value: graphIncident(incident, presentation(exchange, tenantId)).comments,
				});
			},
		},
		{
			method: 'GET',
			pattern: /^\/security\/alerts_v2$/,
			permissions: alertRead,
			writes: false,
			family: 'graph',
			queryOptions: listAlertOptions,
			handle: (exchange) => {
				const selection = selectionOf(exchange, alertProperties, 'alert');
				const shown = presentation(exchange, tenantId);
				const byNewest = store.visibleAlerts().sort((first, second) => Date.parse(second.createdDateTime) - Date.parse(first.createdDateTime));
				const byId = new Map(byNewest.map((alert) => [alert.id, alert]));
				const matches = compileQuery(exchange, alertSchema, byNewest.map((alert) => graphAlert(alert, everyMember(tenantId))), dependencies.ignoresOrderBy());
				return pageOf({
					exchange,
					dependencies,
					entitySet: 'security/alerts_v2',
					selection,
					matches,
					topLimit: alertTopLimit,
					shape: (alert) => graphAlert(byId.get(String(alert.id))!, shown),
				});
			},
		},
		{
			method: 'GET',
			pattern: /^\/security\/alerts_v2\/([^/]+)$/,
			permissions: alertRead,
			writes: false,
			family: 'graph',
			queryOptions: getAlertOptions,
			handle: (exchange, [id]) => {
				const selection = selectionOf(exchange, alertProperties, 'alert');
				const shape = graphAlert(alertOr404(store, id), presentation(exchange, tenantId));
				return jsonAnswer(200, { '@odata.context': contextOf(origin(), 'security/alerts_v2', selection, true), ...project(shape, selection) });
			},
		},
		{
			method: 'PATCH',
			pattern: /^\/security\/alerts_v2\/([^/]+)$/,
			permissions: alertWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, [id]) => {
				const alert = alertOr404(store, id);
				const body = readJsonBody(exchange);
				onlyProperties(body, ['status', 'assignedTo', 'classification', 'determination'], alertProperties, 'microsoft.graph.security.alert');
				store.updateAlert(alert, {
					status: graphEnumInput(body.status, 'status'),
					assignedTo: optionalText(body.assignedTo, 'assignedTo'),
					classification: graphEnumInput(body.classification, 'classification'),
					determination: graphEnumInput(body.determination, 'determination'),
				});
				return jsonAnswer(200, { '@odata.context': `${origin()}/v1.0/$metadata#security/alerts_v2/$entity`, ...graphAlert(alert, presentation(exchange, tenantId)) });
			},
		},
		{
			method: 'POST',
			pattern: /^\/security\/alerts_v2\/([^/]+)\/comments$/,
			permissions: alertWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, [id], caller) => {
				const alert = store.addAlertComment(alertOr404(store, id), commentText(exchange), caller.displayName);
				return jsonAnswer(200, {
					'@odata.context': `${origin()}/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`,
					value: graphAlert(alert, presentation(exchange, tenantId)).comments,
				});
			},
		},
		{
			method: 'POST',
			pattern: /^\/security\/runHuntingQuery$/,
			permissions: hunting,
			writes: false,
			family: 'hunting',
			queryOptions: [],
			handle: (exchange) => {
				const body = readJsonBody(exchange);
				if (typeof body.Query !== 'string' || body.Query.trim() === '') throw new ApiRefusal(400, 'BadRequest', "The property 'Query' is required.");
				if (body.Timespan !== undefined && typeof body.Timespan !== 'string') throw new ApiRefusal(400, 'BadRequest', "The property 'Timespan' must be a string.");
				const now = clock.now();
				try {
					const run = runHunting(body.Query, { tables: dependencies.huntingTables(), now, window: parseTimespan(body.Timespan as string | undefined, now) });
					return jsonAnswer(200, {
						'@odata.context': `${origin()}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`,
						schema: run.schema.map(({ name, type }) => ({ name, type })),
						results: run.results,
					});
				} catch (error) {
					if (error instanceof HuntingQueryError) throw new ApiRefusal(error.status, error.code, error.message);
					throw error;
				}
			},
		},
	];

	return {
		basePath: '/v1.0',
		audiences: ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
		routes,
		refuse: errorAnswer,
		missingPermission: (route, caller: Caller) => {
			const accepted = caller.kind === 'application' ? route.permissions.application : route.permissions.delegated;
			return caller.kind === 'application'
				? errorAnswer(403, 'Forbidden', `Missing application roles. API required roles: ${accepted.join(',')}. Application roles: ${caller.permissions.join(',') || 'none'}.`)
				: errorAnswer(403, 'Forbidden', `Missing scope permissions on the request. API requires one of '${accepted.join(', ')}'. Scopes on the request '${caller.permissions.join(' ')}'`);
		},
		missingRole: () => errorAnswer(403, 'Forbidden', 'The signed-in user is not allowed to perform this action: a Security Operator or Security Administrator role is required.'),
		undocumentedOption: (name) => errorAnswer(400, 'BadRequest', `Query option '${name}' is not allowed. Make sure that it is supported.`),
		unknownPath: (path) => errorAnswer(400, 'BadRequest', `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? ''}'.`),
	};
}
