import type { IDataObject } from 'n8n-workflow';

import { toGraphEnum, toLegacyEnum } from '../model/enums';
import type { HuntingResult, IncidentChanges, IncidentQuery, IncidentRecord, ListOptions, ReadOptions } from '../model/records';
import { textOf, withoutUndefined } from '../model/values';
import { allOf, compareInstant, odataString } from '../transport/odata';
import { listPages } from '../transport/paging';
import type { DefenderClient } from '../transport/request';
import type { DefenderBackend } from './backend';
import { addCommentOnce, commentsOf } from './comments';
import { huntingRequest, readHuntingAnswer } from './hunting';
import { filteredPages, hasAllTags, mappedPages } from './pages';
import { incidentRecord, requireItem, type SummaryShape } from './summaries';

/**
 * Whether a failed request says its endpoint is retired: HTTP 410 Gone, or an answer that says "retired". Microsoft
 * documents no such answer yet, so both are read.
 */
function saysRetired(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const { httpCode, description } = error as Error & { httpCode?: unknown; description?: unknown };
	return httpCode === '410' || /\b(has been|is now|is|was) retired\b/i.test(`${error.message} ${typeof description === 'string' ? description : ''}`);
}

/** The legacy API caps `$top` at 100 and documents neither `$orderby` nor a next link. */
const incidentPageSize = 100;

/** Which time field a sort follows, and the query bounds on it. */
interface TimeBounds {
	field: 'createdTime' | 'lastUpdateTime';
	after: 'createdAfter' | 'updatedAfter';
	before: 'createdBefore' | 'updatedBefore';
}

const timeBounds: Record<'createdAt' | 'updatedAt', TimeBounds> = {
	createdAt: { field: 'createdTime', after: 'createdAfter', before: 'createdBefore' },
	updatedAt: { field: 'lastUpdateTime', after: 'updatedAfter', before: 'updatedBefore' },
};

function sortedByTime(incidents: IDataObject[], field: TimeBounds['field'], direction: 'asc' | 'desc'): IDataObject[] {
	const sign = direction === 'asc' ? 1 : -1;
	return [...incidents].sort((first, second) => sign * (Date.parse(textOf(first[field])) - Date.parse(textOf(second[field]))));
}

function* inPages(incidents: IDataObject[]): Generator<IDataObject[]> {
	for (let start = 0; start < incidents.length; start += incidentPageSize) yield incidents.slice(start, start + incidentPageSize);
}

/** Legacy incidents embed their alerts, whose fields are named as in the legacy alerts schema. */
const legacyShape: SummaryShape = {
	incidentFields: { id: 'incidentId', title: 'incidentName', tags: 'tags', createdAt: 'createdTime', updatedAt: 'lastUpdateTime' },
	alertFields: { id: 'alertId', createdAt: 'creationTime', updatedAt: 'lastUpdatedTime' },
	spell: toGraphEnum,
};

function within<Value extends string>(values: readonly Value[] | undefined, actual: unknown): boolean {
	return !values?.length || values.includes(toGraphEnum(actual) as Value);
}

/** The legacy Defender XDR API (`/api/...`, switched off by Microsoft on 2027-02-01). */
export class LegacyBackend implements DefenderBackend {
	readonly api = 'legacy' as const;

	constructor(private readonly client: DefenderClient) {}

	listIncidents(query: IncidentQuery, options: ListOptions = {}): AsyncIterable<IncidentRecord[]> {
		const keep = (incident: IDataObject) =>
			within(query.statuses, incident.status) &&
			within(query.severities, incident.severity) &&
			within(query.classifications, incident.classification) &&
			within(query.determinations, incident.determination) &&
			hasAllTags(incident.tags, query.tags ?? []);
		const filtersHere = Boolean(
			(query.statuses?.length ?? 0) > 1 ||
				query.severities?.length ||
				query.classifications?.length ||
				query.determinations?.length ||
				query.tags?.length,
		);
		const bounds = query.orderBy?.direction === 'asc' ? timeBounds[query.orderBy.field] : undefined;
		let read: AsyncIterable<IDataObject[]>;
		if (bounds && query[bounds.after] !== undefined && query[bounds.before] === undefined) {
			read = this.oldestFirst(query, bounds);
		} else if (query.orderBy) {
			read = this.sorted(this.pages(query), query.orderBy);
		} else {
			read = this.pages(query, filtersHere ? undefined : options.limit);
		}
		const pages = filteredPages(read, filtersHere ? keep : undefined);
		return mappedPages(pages, (incident) => incidentRecord(incident, legacyShape, query.includeAlerts, options));
	}

	/** The API's pages for the query's server-side filters, unsorted. */
	private pages(query: IncidentQuery, limit?: number): AsyncIterable<IDataObject[]> {
		// The legacy filter only joins comparisons with `and`: one status can be asked for, several are filtered here.
		const oneStatus = query.statuses?.length === 1 ? query.statuses[0] : undefined;
		const filter = allOf([
			oneStatus ? `status eq ${odataString(toLegacyEnum(oneStatus, 'status'))}` : undefined,
			query.assignedTo !== undefined ? `assignedTo eq ${odataString(query.assignedTo)}` : undefined,
			compareInstant('createdTime', 'ge', query.createdAfter),
			compareInstant('createdTime', 'lt', query.createdBefore),
			compareInstant('lastUpdateTime', 'ge', query.updatedAfter),
			compareInstant('lastUpdateTime', 'lt', query.updatedBefore),
			// The user's filter may hold `or`: parenthesized, it cannot capture the typed filters around it.
			query.rawFilter ? `(${query.rawFilter})` : undefined,
		]);
		return listPages(this.client, {
			request: { operation: 'listIncidents', method: 'GET', path: '/incidents', query: withoutUndefined({ $filter: filter }) },
			pageSize: incidentPageSize,
			limit,
			skipPaging: true,
		});
	}

	/** The legacy API cannot sort, so a sorted list is read whole (bounded by its time filter) and sorted here. */
	private async *sorted(
		pages: AsyncIterable<IDataObject[]>,
		orderBy: NonNullable<IncidentQuery['orderBy']>,
	): AsyncGenerator<IDataObject[]> {
		const all: IDataObject[] = [];
		for await (const page of pages) all.push(...page);
		yield* inPages(sortedByTime(all, timeBounds[orderBy.field].field, orderBy.direction));
	}

	/**
	 * Oldest first from a lower bound (the trigger's window) without reading everything after it. The API cannot
	 * sort, so the time range is read in slices sized to fit one page: a slice that overflows is halved, one that
	 * fits is sorted and handed on, and the next slice's width follows the density just seen. An idle poll is one
	 * request, a backlog costs about one request per page handed on, and the caller can stop (per-poll maximum,
	 * poll deadline) between slices instead of waiting for the whole backlog.
	 */
	private async *oldestFirst(query: IncidentQuery, bounds: TimeBounds): AsyncGenerator<IDataObject[]> {
		const slice = (lower: number, upper?: number): IncidentQuery => ({
			...query,
			orderBy: undefined,
			[bounds.after]: new Date(lower).toISOString(),
			[bounds.before]: upper === undefined ? undefined : new Date(upper).toISOString(),
		});
		const firstPage = async (sliceQuery: IncidentQuery) => {
			for await (const page of this.pages(sliceQuery, incidentPageSize)) return page;
			return [];
		};
		const timesOf = (incidents: IDataObject[]) => incidents.map((incident) => Date.parse(textOf(incident[bounds.field])));
		let lower = Date.parse(String(query[bounds.after]));
		let newestSeen = Number.NEGATIVE_INFINITY;
		let width = 0;
		for (;;) {
			if (lower > newestSeen) {
				const open = await firstPage(slice(lower));
				if (open.length < incidentPageSize) {
					yield* inPages(sortedByTime(open, bounds.field, 'asc'));
					return;
				}
				const times = timesOf(open);
				newestSeen = Math.max(...times);
				// A first guess from the span of one full page; the slices correct it as they go.
				width ||= Math.max(1, Math.max(...times) - Math.min(...times));
			}
			let items: IDataObject[] | undefined;
			while (items === undefined) {
				if (width <= 1) {
					// One millisecond holds more than a page (a burst with one timestamp): read it whole.
					width = 1;
					items = [];
					for await (const page of this.pages(slice(lower, lower + 1))) items.push(...page);
				} else {
					const candidate = await firstPage(slice(lower, lower + width));
					if (candidate.length < incidentPageSize) items = candidate;
					else width = Math.floor(width / 2);
				}
			}
			yield* inPages(sortedByTime(items, bounds.field, 'asc'));
			lower += width;
			// Aim at four fifths of a page next time, growing at most eightfold over empty stretches.
			width = Math.max(1, Math.floor(width * Math.min(8, (incidentPageSize * 0.8) / Math.max(items.length, 1))));
		}
	}

	async getIncident(incidentId: string, options: ReadOptions & { includeAlerts?: boolean } = {}): Promise<IncidentRecord> {
		const incident = await this.client.request({
			operation: 'getIncident',
			method: 'GET',
			path: `/incidents/${encodeURIComponent(incidentId)}`,
			subject: `Incident ${incidentId}`,
		});
		return incidentRecord(requireItem(this.client, incident, legacyShape.incidentFields.id, `Incident ${incidentId}`), legacyShape, options.includeAlerts, options);
	}

	async updateIncident(incidentId: string, changes: IncidentChanges): Promise<IncidentRecord> {
		if (changes.status === 'awaitingAction') {
			throw this.client.configurationError(
				'The legacy Defender XDR API cannot set the status "Awaiting Action"',
				'Use Active, In Progress or Resolved, or switch the credential to the Microsoft Graph security API.',
			);
		}
		const incident = await this.client.request({
			operation: 'updateIncident',
			method: 'PATCH',
			path: `/incidents/${encodeURIComponent(incidentId)}`,
			body: withoutUndefined({
				status: changes.status && toLegacyEnum(changes.status, 'status'),
				assignedTo: changes.assignedTo,
				classification: changes.classification && toLegacyEnum(changes.classification, 'classification'),
				determination: changes.determination && toLegacyEnum(changes.determination, 'determination'),
				tags: changes.tags,
			}),
			subject: `Incident ${incidentId}`,
		});
		return incidentRecord(incident, legacyShape);
	}

	/** The legacy API appends `comment` on PATCH; the comment is added once (see addCommentOnce). */
	async addIncidentComment(incidentId: string, comment: string): Promise<IDataObject> {
		const path = `/incidents/${encodeURIComponent(incidentId)}`;
		const subject = `Incident ${incidentId}`;
		const readComments = async () => commentsOf(await this.client.request({ operation: 'getIncident', method: 'GET', path, subject }));
		const comments = await addCommentOnce(comment, readComments, async (reconcile) => {
			const incident = await this.client.request({
				operation: 'addIncidentComment',
				method: 'PATCH',
				path,
				body: { comment },
				subject,
				reconcile: async () => {
					const landed = await reconcile();
					return landed && { comments: landed };
				},
			});
			return commentsOf(incident);
		});
		return { incidentId, comments };
	}

	private alertsUnavailable(): never {
		throw this.client.configurationError(
			'Alerts are not available on the legacy Defender XDR API: switch the credential to Microsoft Graph',
			'The legacy API has no alerts endpoint (incidents embed their alerts). Set the credential\'s API to "Microsoft Graph Security API", the default; Microsoft switches the legacy API off on 2027-02-01.',
		);
	}

	listAlerts(): AsyncIterable<never> {
		return this.alertsUnavailable();
	}

	async getAlert(): Promise<never> {
		return this.alertsUnavailable();
	}

	async updateAlert(): Promise<never> {
		return this.alertsUnavailable();
	}

	async addAlertComment(): Promise<IDataObject> {
		return this.alertsUnavailable();
	}

	/** The legacy API has no time range parameter; the query filters time itself. */
	async runHuntingQuery(query: string): Promise<HuntingResult> {
		let answer: IDataObject;
		try {
			answer = await this.client.request({ ...huntingRequest, path: '/advancedhunting/run', body: { Query: query } });
		} catch (error) {
			throw saysRetired(error) ? this.huntingRetired() : error;
		}
		return readHuntingAnswer(this.client, answer);
	}

	async runTemplateQuery(): Promise<HuntingResult> {
		throw this.client.configurationError(
			'Investigate is not available on the legacy Defender XDR API: switch the credential to Microsoft Graph',
			'The investigation templates run on Microsoft Graph\'s runHuntingQuery (permission ThreatHunting.Read.All). The legacy hunting endpoint is being retired (MC1220762) and Microsoft switches the legacy API off on 2027-02-01. Set the credential\'s API to "Microsoft Graph Security API", the default.',
		);
	}

	/** Microsoft's notice MC1220762: retirement of this advanced hunting API began in January 2026. */
	private huntingRetired(): Error {
		return this.client.configurationError(
			'The legacy Defender XDR advanced hunting API is retired: switch the credential to Microsoft Graph',
			'Microsoft is retiring the legacy advanced hunting API (notice MC1220762; retirement began in January 2026, and the API stops working after 2027-02-01), and it answered that it is retired. Set the credential\'s API to "Microsoft Graph Security API", the default: the same KQL runs there (runHuntingQuery), with the ThreatHunting.Read.All permission.',
		);
	}
}
