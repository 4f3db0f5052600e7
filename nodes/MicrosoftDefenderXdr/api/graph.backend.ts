import type { IDataObject } from 'n8n-workflow';

import { graphEnumSpelling, type EnumField } from '../model/enums';
import type { AlertChanges, AlertQuery, AlertRecord, HuntingResult, IncidentChanges, IncidentQuery, IncidentRecord, ListOptions, ReadOptions } from '../model/records';
import { textOf, withoutUndefined } from '../model/values';
import { allOf, anyOf, compareInstant, odataString } from '../transport/odata';
import { keysetPages, listPages, slicedKeysetPages, type KeysetList } from '../transport/paging';
import type { ApiRequest, DefenderClient } from '../transport/request';
import type { DefenderBackend } from './backend';
import { addCommentOnce, commentsOf } from './comments';
import { huntingRequest, readHuntingAnswer } from './hunting';
import { filteredPages, hasAllTags, mappedPages } from './pages';
import { alertRecord, incidentRecord, requireItem, type SummaryShape } from './summaries';

/** `$top` ceilings (docs/api-contract.md, 2.2): 50 for incidents (more is a 400), 1000 for alerts. */
const incidentPageSize = 50;
const alertPageSize = 1000;

/**
 * What the summaries read (api/summaries.ts), asked for with `$select` when Simplify is on so each page carries
 * only these (docs/api-contract.md, 2.4). Tags are read for the local tag filter, comments for the count.
 */
const incidentSummaryFields = [
	'id', 'displayName', 'severity', 'status', 'classification', 'determination', 'assignedTo', 'customTags',
	'createdDateTime', 'lastUpdateDateTime', 'incidentWebUrl', 'redirectIncidentId', 'comments',
].join(',');
const alertSummaryFields = [
	'id', 'incidentId', 'title', 'severity', 'status', 'classification', 'determination', 'category', 'categories',
	'serviceSource', 'assignedTo', 'createdDateTime', 'lastUpdateDateTime', 'alertWebUrl',
].join(',');
/** Pages requested at a time once the count is known; well under Graph's 150 requests a minute in bursts. */
const parallelPages = 4;

/** Without it Graph hides enum members added after v1.0 (such as status awaitingAction) as unknownFutureValue. */
const preferHeaders = { Prefer: 'include-unknown-enum-members' };

/** What every request about one incident or alert carries: its path, the Prefer header, its name for "not found". */
type ItemTarget = Required<Pick<ApiRequest, 'path' | 'headers' | 'subject'>>;

function incidentTarget(incidentId: string): ItemTarget {
	return { path: `/security/incidents/${encodeURIComponent(incidentId)}`, headers: preferHeaders, subject: `Incident ${incidentId}` };
}

function alertTarget(alertId: string): ItemTarget {
	return { path: `/security/alerts_v2/${encodeURIComponent(alertId)}`, headers: preferHeaders, subject: `Alert ${alertId}` };
}

const sortFields = {
	incident: { createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
	alert: { createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
};

const graphShape: SummaryShape = {
	incidentFields: {
		id: 'id',
		title: 'displayName',
		tags: 'customTags',
		createdAt: 'createdDateTime',
		updatedAt: 'lastUpdateDateTime',
		url: 'incidentWebUrl',
	},
	alertFields: { id: 'id', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime', url: 'alertWebUrl' },
	spell: graphEnumSpelling,
};

/** The typed alert filters, applied to alerts read through their incident. */
function alertMatches(alert: IDataObject, query: AlertQuery): boolean {
	const within = (values: readonly string[] | undefined, field: EnumField) => !values?.length || values.includes(graphEnumSpelling(alert[field], field));
	const created = Date.parse(textOf(alert.createdDateTime));
	const updated = Date.parse(textOf(alert.lastUpdateDateTime));
	const since = (bound: string | undefined, instant: number) => bound === undefined || instant >= Date.parse(bound);
	const before = (bound: string | undefined, instant: number) => bound === undefined || instant < Date.parse(bound);
	return (
		within(query.severities, 'severity') &&
		within(query.statuses, 'status') &&
		within(query.serviceSources, 'serviceSource') &&
		within(query.classifications, 'classification') &&
		within(query.determinations, 'determination') &&
		(query.assignedTo === undefined || textOf(alert.assignedTo).toLowerCase() === query.assignedTo.toLowerCase()) &&
		since(query.createdAfter, created) &&
		before(query.createdBefore, created) &&
		since(query.updatedAfter, updated) &&
		before(query.updatedBefore, updated)
	);
}

/** A failure Graph answered with HTTP 5xx (after the retries the request policy allows). */
function isServerError(error: unknown): boolean {
	const httpCode = (error as { httpCode?: unknown } | undefined)?.httpCode;
	return typeof httpCode === 'string' && httpCode.startsWith('5');
}

/** The filters incidents and alerts share, in the order they are sent. */
function sharedFilters(query: IncidentQuery | AlertQuery): Array<string | undefined> {
	return [
		query.assignedTo !== undefined ? `assignedTo eq ${odataString(query.assignedTo)}` : undefined,
		anyOf('classification', query.classifications),
		anyOf('determination', query.determinations),
		compareInstant('createdDateTime', 'ge', query.createdAfter),
		compareInstant('createdDateTime', 'lt', query.createdBefore),
		compareInstant('lastUpdateDateTime', 'ge', query.updatedAfter),
		compareInstant('lastUpdateDateTime', 'lt', query.updatedBefore),
		query.rawFilter ? `(${query.rawFilter})` : undefined,
	];
}

const incidentFilter = (query: IncidentQuery) => allOf([anyOf('status', query.statuses), anyOf('severity', query.severities), ...sharedFilters(query)]);

const alertFilter = (query: AlertQuery) =>
	allOf([anyOf('severity', query.severities), anyOf('status', query.statuses), anyOf('serviceSource', query.serviceSources), ...sharedFilters(query)]);

function orderByOf(orderBy: IncidentQuery['orderBy']): string | undefined {
	return orderBy ? `${sortFields.incident[orderBy.field]} ${orderBy.direction}` : undefined;
}

/** A list request of incidents or alerts: the typed filter, the order asked for, and `$expand`/`$select` as given. */
function listRequest(
	operation: 'listIncidents' | 'listAlerts',
	path: string,
	query: IncidentQuery | AlertQuery,
	filter: string | undefined,
	options: { $expand?: string; $select?: string },
): ApiRequest {
	return { operation, method: 'GET', path, headers: preferHeaders, query: withoutUndefined({ $filter: filter, $orderby: orderByOf(query.orderBy), ...options }) };
}

/** The Microsoft Graph security API (`/v1.0/security/...`), camelCase like our own interface. */
export class GraphBackend implements DefenderBackend {
	readonly api = 'graph' as const;

	constructor(private readonly client: DefenderClient) {}

	listIncidents(query: IncidentQuery, options: ListOptions = {}): AsyncIterable<IncidentRecord[]> {
		const tags = query.tags?.length ? query.tags : undefined;
		const requestFor = (expand: boolean) => (bounded: IncidentQuery) =>
			listRequest('listIncidents', '/security/incidents', bounded, incidentFilter(bounded), {
				$expand: expand ? 'alerts' : undefined,
				$select: options.summaryOnly ? incidentSummaryFields : undefined,
			});
		// Tags are filtered here (Graph cannot), so the limit applies after filtering.
		const paging = { pageSize: incidentPageSize, limit: tags ? undefined : options.limit, wholeList: options.wholeList };
		const pages = query.includeAlerts
			? this.incidentsWithAlerts(() => this.pagesOf(query, requestFor(true), paging), () => this.pagesOf(query, requestFor(false), paging))
			: this.pagesOf(query, requestFor(false), paging);
		const kept = filteredPages(pages, tags ? (incident) => hasAllTags(incident.customTags, tags) : undefined);
		return mappedPages(kept, (incident) => incidentRecord(incident, graphShape, query.includeAlerts, options));
	}

	/**
	 * Incidents with their alerts: the list with `$expand=alerts`, or, when that list fails with a server error
	 * before its first page (reported again and again on large tenants), the list without it and each incident's
	 * alerts read on their own (Get incident with `$expand=alerts`, documented). An incident whose alerts cannot
	 * be read is still listed, with `alertsUnavailable` saying why, never left out.
	 */
	private async *incidentsWithAlerts(expanded: () => AsyncIterable<IDataObject[]>, plain: () => AsyncIterable<IDataObject[]>): AsyncGenerator<IDataObject[]> {
		const pages = expanded()[Symbol.asyncIterator]();
		let failure: unknown;
		const first = await pages.next().catch((error: unknown) => {
			failure = error;
			return undefined;
		});
		if (first === undefined) {
			if (!isServerError(failure)) throw failure;
			for await (const page of plain()) {
				const withAlerts: IDataObject[] = [];
				for (const incident of page) withAlerts.push(await this.withOwnAlerts(incident));
				yield withAlerts;
			}
			return;
		}
		for (let page = first; !page.done; page = await pages.next()) yield page.value;
	}

	private async withOwnAlerts(incident: IDataObject): Promise<IDataObject> {
		try {
			const { alerts } = await this.readIncident(textOf(incident.id), { includeAlerts: true });
			return { ...incident, alerts };
		} catch (error) {
			const reason = error instanceof Error ? error.message : 'an unknown failure';
			return { ...incident, alertsUnavailable: `The incident's alerts could not be read: ${reason}` };
		}
	}

	/**
	 * The pages of a list. Return All and any sorted list move a time window on the sorted timestamp (keyset
	 * paging), so they never depend on how deep `$skip` reaches on a large tenant; Return All without a sort reads
	 * newest first, as Graph lists by default. A caller that reads the whole list at once (the node's Return All)
	 * has it read in time slices at once, so it waits on several requests at a time instead of one. A limited,
	 * unsorted list follows Graph's next links (read ahead).
	 */
	private pagesOf<Query extends IncidentQuery | AlertQuery>(
		query: Query,
		requestFor: (bounded: Query) => ApiRequest,
		paging: { pageSize: number; limit?: number; wholeList?: boolean },
	): AsyncIterable<IDataObject[]> {
		if (query.orderBy === undefined && paging.limit !== undefined) {
			return listPages(this.client, { request: requestFor(query), pageSize: paging.pageSize, limit: paging.limit, skipPaging: false, parallelPages });
		}
		const orderBy = query.orderBy ?? ({ field: 'createdAt', direction: 'desc' } as const);
		const bounds = orderBy.field === 'createdAt' ? ({ after: 'createdAfter', before: 'createdBefore' } as const) : ({ after: 'updatedAfter', before: 'updatedBefore' } as const);
		const graphField = sortFields.incident[orderBy.field];
		const list: KeysetList = {
			requestFor: (window) => requestFor({ ...query, orderBy, [bounds.after]: window.after, [bounds.before]: window.before }),
			timestampOf: (item) => textOf(item[graphField]),
			idOf: (item) => textOf(item.id),
			window: { after: query[bounds.after], before: query[bounds.before] },
			pageSize: paging.pageSize,
			limit: paging.limit,
		};
		if (!paging.wholeList) return keysetPages(this.client, list);
		return slicedKeysetPages(this.client, list, {
			probeFor: (direction) => {
				const request = requestFor({ ...query, orderBy: { field: orderBy.field, direction: direction === 'ascending' ? 'asc' : 'desc' } });
				// A probe reads one item's timestamp: no alerts expanded, no other fields.
				return { ...request, query: withoutUndefined({ ...request.query, $expand: undefined, $select: `id,${graphField}` }) };
			},
			direction: orderBy.direction === 'asc' ? 'ascending' : 'descending',
			slices: parallelPages,
		});
	}

	async getIncident(incidentId: string, options: ReadOptions & { includeAlerts?: boolean } = {}): Promise<IncidentRecord> {
		const incident = await this.readIncident(incidentId, options);
		return incidentRecord(incident, graphShape, options.includeAlerts, options);
	}

	/** One incident as Graph returns it, refused when the answer is not an incident. */
	private async readIncident(incidentId: string, options: { includeAlerts?: boolean; summaryOnly?: boolean }): Promise<IDataObject> {
		const query = withoutUndefined({
			$expand: options.includeAlerts ? 'alerts' : undefined,
			$select: options.summaryOnly ? incidentSummaryFields : undefined,
		});
		const incident = await this.client.request({
			operation: 'getIncident',
			method: 'GET',
			...incidentTarget(incidentId),
			query: Object.keys(query).length > 0 ? query : undefined,
		});
		return requireItem(this.client, incident, graphShape.incidentFields.id, `Incident ${incidentId}`);
	}

	async updateIncident(incidentId: string, changes: IncidentChanges): Promise<IncidentRecord> {
		const incident = await this.client.request({
			operation: 'updateIncident',
			method: 'PATCH',
			...incidentTarget(incidentId),
			body: withoutUndefined({
				status: changes.status,
				assignedTo: changes.assignedTo,
				classification: changes.classification,
				determination: changes.determination,
				customTags: changes.tags,
			}),
		});
		return incidentRecord(incident, graphShape);
	}

	async addIncidentComment(incidentId: string, comment: string): Promise<IDataObject> {
		return { incidentId, comments: await this.addComment('addIncidentComment', incidentTarget(incidentId), comment) };
	}

	listAlerts(query: AlertQuery, options: ListOptions = {}): AsyncIterable<AlertRecord[]> {
		if (query.incidentId !== undefined) return this.alertsOfIncident(query.incidentId, query, options);
		const requestFor = (bounded: AlertQuery) =>
			listRequest('listAlerts', '/security/alerts_v2', bounded, alertFilter(bounded), { $select: options.summaryOnly ? alertSummaryFields : undefined });
		const pages = this.pagesOf(query, requestFor, { pageSize: alertPageSize, limit: options.limit, wholeList: options.wholeList });
		return mappedPages(pages, (alert) => alertRecord(alert, graphShape, options));
	}

	/**
	 * An incident's alerts through the documented route, the incident with `$expand=alerts` (alerts_v2 documents no
	 * incidentId filter); the other filters, the order and the limit apply here.
	 */
	private async *alertsOfIncident(incidentId: string, query: AlertQuery, options: ListOptions): AsyncGenerator<AlertRecord[]> {
		if (query.rawFilter !== undefined) {
			throw this.client.configurationError(
				'A raw OData filter cannot be combined with Incident ID',
				"Graph reads an incident's alerts through the incident, where no OData filter applies. Use the typed filters (severity, status, ...) with Incident ID, or remove Incident ID to filter all alerts.",
			);
		}
		const incident = await this.readIncident(incidentId, { includeAlerts: true });
		const alerts = (Array.isArray(incident.alerts) ? incident.alerts : []).filter(
			(alert): alert is IDataObject => typeof alert === 'object' && alert !== null,
		);
		const kept = alerts.filter((alert) => alertMatches(alert, query));
		if (query.orderBy) {
			const field = sortFields.alert[query.orderBy.field];
			const direction = query.orderBy.direction === 'asc' ? 1 : -1;
			kept.sort((first, second) => direction * (Date.parse(textOf(first[field])) - Date.parse(textOf(second[field]))));
		}
		const limited = options.limit === undefined ? kept : kept.slice(0, options.limit);
		if (limited.length > 0) yield limited.map((alert) => alertRecord(alert, graphShape, options));
	}

	async getAlert(alertId: string, options: ReadOptions = {}): Promise<AlertRecord> {
		const alert = await this.client.request({
			operation: 'getAlert',
			method: 'GET',
			...alertTarget(alertId),
			query: options.summaryOnly ? { $select: alertSummaryFields } : undefined,
		});
		return alertRecord(requireItem(this.client, alert, graphShape.alertFields.id, `Alert ${alertId}`), graphShape, options);
	}

	async updateAlert(alertId: string, changes: AlertChanges): Promise<AlertRecord> {
		const alert = await this.client.request({
			operation: 'updateAlert',
			method: 'PATCH',
			...alertTarget(alertId),
			body: withoutUndefined({ ...changes }),
		});
		return alertRecord(alert, graphShape);
	}

	async addAlertComment(alertId: string, comment: string): Promise<IDataObject> {
		return { alertId, comments: await this.addComment('addAlertComment', alertTarget(alertId), comment) };
	}

	async runHuntingQuery(query: string, options: { timespan?: string } = {}): Promise<HuntingResult> {
		const answer = await this.client.request({
			...huntingRequest,
			path: '/security/runHuntingQuery',
			body: withoutUndefined({ Query: query, Timespan: options.timespan }),
		});
		return readHuntingAnswer(this.client, answer);
	}

	async runTemplateQuery(query: string, options: { timespan?: string } = {}): Promise<HuntingResult> {
		return await this.runHuntingQuery(query, options);
	}

	/**
	 * Graph answers a comment with the item's whole comment list, which is returned; the comment is added once (see
	 * addCommentOnce).
	 */
	private async addComment(operation: 'addIncidentComment' | 'addAlertComment', target: ItemTarget, comment: string): Promise<IDataObject[]> {
		const readComments = async () => commentsOf(await this.client.request({ operation, method: 'GET', ...target }));
		return await addCommentOnce(comment, readComments, async (reconcile) => {
			const answer = await this.client.request({
				operation,
				method: 'POST',
				path: `${target.path}/comments`,
				body: { '@odata.type': 'microsoft.graph.security.alertComment', comment },
				subject: target.subject,
				reconcile: async () => {
					const landed = await reconcile();
					return landed && { value: landed };
				},
			});
			return commentsOf(answer);
		});
	}
}
