import type { EmulatorClock } from './clock.cjs';
import { HuntingQueryError, runHunting, type HuntingTables } from './hunting/index.cjs';
import { jsonAnswer, legacyErrorAnswer, optionalText, readJsonBody, stringArray, type HttpExchange } from './http.cjs';
import { fromLegacySpelling, incidentStatuses, legacyIncident, legacySpelling, type StoredIncident } from './model.cjs';
import { compileFilter, ODataQueryError, type QuerySchema } from './odata/index.cjs';
import type { ApiSurface, Route } from './routes.cjs';
import { ApiRefusal, type DefenderStore } from './store.cjs';

const incidentSchema: QuerySchema = {
	dialect: 'legacy',
	entityTypeName: 'Incident',
	fields: {
		lastUpdateTime: { type: 'dateTime' },
		createdTime: { type: 'dateTime' },
		status: { type: 'enum', members: incidentStatuses.map((status) => legacySpelling('status', status) as string) },
		assignedTo: { type: 'string' },
	},
	// Every field of the legacy incident (docs/api-contract.md, 5.5): the others exist but cannot be filtered.
	properties: ['incidentId', 'redirectIncidentId', 'incidentName', 'createdTime', 'lastUpdateTime', 'assignedTo', 'classification', 'determination', 'status', 'severity', 'tags', 'comments', 'alerts'],
};

/** The legacy list caps `$top` at 100 and supports only `$filter`, `$top` and `$skip` (contract 2.2). */
const topLimit = 100;

const incidentRead = { application: ['Incident.Read.All', 'Incident.ReadWrite.All'], delegated: ['Incident.Read', 'Incident.ReadWrite'] };
const incidentWrite = { application: ['Incident.ReadWrite.All'], delegated: ['Incident.ReadWrite'] };
const hunting = { application: ['AdvancedHunting.Read.All'], delegated: ['AdvancedHunting.Read'] };

export interface LegacyDependencies {
	store: DefenderStore;
	clock: EmulatorClock;
	huntingTables: () => HuntingTables;
	origin: () => string;
	/**
	 * Whether advanced hunting answers as retired (notice MC1220762: retirement began in 2026). Microsoft documents
	 * no retired answer; the emulator sends 410 Gone with a message saying so.
	 */
	huntingRetired: () => boolean;
}

function incidentOr404(store: DefenderStore, id: string): StoredIncident {
	const incident = store.visibleIncident(id);
	if (!incident) throw new ApiRefusal(404, 'NotFound', `Incident ${id} was not found`);
	return incident;
}

function legacyEnumInput(value: unknown, field: 'status' | 'classification' | 'determination'): string | undefined {
	const text = optionalText(value, field);
	if (text === undefined || text === null) return undefined;
	const member = fromLegacySpelling(field, text);
	if (member === undefined) throw new ApiRefusal(400, 'InvalidInput', `Invalid ${field} value '${text}'.`);
	return member;
}

/** A non-negative integer `$top` or `$skip`, or the legacy API's OData refusal. */
function legacyInteger(exchange: HttpExchange, name: string): number | undefined {
	const raw = exchange.url.searchParams.get(name);
	if (raw === null) return undefined;
	if (!/^\d{1,9}$/.test(raw)) throw new ApiRefusal(400, 'ODataError', `Invalid OData URI query: the value '${raw}' of ${name} is not a non-negative integer.`);
	return Number(raw);
}

function listIncidents(exchange: HttpExchange, store: DefenderStore, origin: string) {
	const top = legacyInteger(exchange, '$top');
	if (top !== undefined && top > topLimit) throw new ApiRefusal(400, 'ODataError', `Invalid OData URI query: the maximum value of $top is ${topLimit}.`);
	const skip = legacyInteger(exchange, '$skip') ?? 0;
	const filterText = exchange.url.searchParams.get('$filter');
	// "The most recent incidents are displayed at the top of the list."
	const newestFirst = store
		.visibleIncidents()
		.sort((first, second) => Date.parse(second.createdDateTime) - Date.parse(first.createdDateTime) || second.id - first.id)
		.map((incident) => legacyIncident(incident, store.alertsOf(incident)));
	let matches = newestFirst;
	try {
		if (filterText) matches = newestFirst.filter(compileFilter(filterText, incidentSchema));
	} catch (error) {
		if (error instanceof ODataQueryError) throw new ApiRefusal(400, 'ODataError', `Invalid OData URI query: ${error.message}`);
		throw error;
	}
	return jsonAnswer(200, { '@odata.context': `${origin}/api/$metadata#Incidents`, value: matches.slice(skip, skip + (top ?? topLimit)) });
}

export function legacySurface(dependencies: LegacyDependencies): ApiSurface {
	const { store, clock } = dependencies;
	const routes: Route[] = [
		{
			method: 'GET',
			pattern: /^\/incidents$/,
			permissions: incidentRead,
			writes: false,
			family: 'legacyIncidents',
			queryOptions: ['$filter', '$top', '$skip'],
			handle: (exchange) => listIncidents(exchange, store, dependencies.origin()),
		},
		{
			method: 'GET',
			pattern: /^\/incidents\/([^/]+)$/,
			permissions: incidentRead,
			writes: false,
			family: 'legacyGet',
			queryOptions: [],
			handle: (_exchange, [id]) => {
				const incident = incidentOr404(store, id);
				return jsonAnswer(200, legacyIncident(incident, store.alertsOf(incident)));
			},
		},
		{
			method: 'PATCH',
			pattern: /^\/incidents\/([^/]+)$/,
			permissions: incidentWrite,
			writes: true,
			family: 'legacyIncidents',
			queryOptions: [],
			handle: (exchange, [id], caller) => {
				const incident = incidentOr404(store, id);
				const body = readJsonBody(exchange);
				for (const key of Object.keys(body)) {
					if (!['status', 'assignedTo', 'classification', 'determination', 'tags', 'comment'].includes(key)) {
						throw new ApiRefusal(400, 'InvalidRequestBody', `Request body is incorrect: '${key}' is not a property that can be updated.`);
					}
				}
				const status = legacyEnumInput(body.status, 'status');
				if (status === 'redirected') throw new ApiRefusal(400, 'InvalidInput', 'Status Redirected cannot be set.');
				// The legacy update page lists Active, Resolved, InProgress and Redirected only.
				if (status === 'awaitingAction') throw new ApiRefusal(400, 'InvalidInput', `Invalid status value '${String(body.status)}'.`);
				const comment = optionalText(body.comment, 'comment');
				store.updateIncident(
					incident,
					{
						status,
						assignedTo: optionalText(body.assignedTo, 'assignedTo'),
						classification: legacyEnumInput(body.classification, 'classification'),
						determination: legacyEnumInput(body.determination, 'determination'),
						customTags: body.tags === undefined ? undefined : stringArray(body.tags, 'tags'),
						comment: comment ?? undefined,
						refusalCode: 'InvalidInput',
					},
					caller.displayName,
				);
				return jsonAnswer(200, legacyIncident(incident, store.alertsOf(incident)));
			},
		},
		{
			method: 'POST',
			pattern: /^\/advancedhunting\/run$/,
			permissions: hunting,
			writes: false,
			family: 'hunting',
			queryOptions: [],
			handle: (exchange) => {
				if (dependencies.huntingRetired()) {
					throw new ApiRefusal(410, 'Gone', 'This API has been retired. Use the Microsoft Graph security API runHuntingQuery instead.');
				}
				const body = readJsonBody(exchange);
				// The legacy API's body keys are case-sensitive.
				if (typeof body.Query !== 'string' || body.Query.trim() === '') throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect: the "Query" property is required.');
				try {
					const run = runHunting(body.Query, { tables: dependencies.huntingTables(), now: clock.now() });
					return jsonAnswer(200, {
						Stats: { ExecutionTime: run.executionTimeSeconds, resource_usage: { cache: { memory: { hits: 0, misses: 0, total: 0 } }, cpu: { 'user time': '00:00:00', 'kernel time': '00:00:00' } }, dataset_statistics: [{ table_row_count: run.results.length, table_size: 0 }] },
						Schema: run.schema.map(({ name, type }) => ({ Name: name, Type: type })),
						Results: run.results,
					});
				} catch (error) {
					if (error instanceof HuntingQueryError) throw new ApiRefusal(error.status, error.code, error.message);
					throw error;
				}
			},
		},
	];
	return {
		basePath: '/api',
		audiences: ['https://api.security.microsoft.com', 'https://security.microsoft.com/mtp', '8ee8fdad-f234-4243-8f3b-15c294843740'],
		routes,
		refuse: legacyErrorAnswer,
		missingPermission: (route, caller) => {
			const accepted = caller.kind === 'application' ? route.permissions.application : route.permissions.delegated;
			return legacyErrorAnswer(403, 'Forbidden', `The application does not have any of the required ${caller.kind === 'application' ? 'application' : 'delegated'} permissions (${accepted.join(', ')}) to access the resource.`);
		},
		missingRole: () => legacyErrorAnswer(403, 'Forbidden', 'The user does not have the required role to update incidents.'),
		undocumentedOption: (name) => legacyErrorAnswer(400, 'ODataError', `Invalid OData URI query: the query option ${name} is not supported.`),
		unknownPath: () => legacyErrorAnswer(404, 'ResourceNotFound', 'Resource not found.'),
	};
}
