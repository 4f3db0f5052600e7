import type { IDataObject } from 'n8n-workflow';

import { toGraphEnum, toLegacyEnum } from '../model/enums';
import type { HuntingResult, IncidentChanges, IncidentQuery, IncidentRecord, ListOptions } from '../model/records';
import { textOf, withoutUndefined } from '../model/values';
import { allOf, compareInstant, odataString } from '../transport/odata';
import { listPages } from '../transport/paging';
import type { DefenderClient } from '../transport/request';
import type { DefenderBackend } from './backend';
import { addCommentOnce, commentsOf } from './comments';
import { readHuntingAnswer } from './hunting';
import { filteredPages, hasAllTags, mappedPages } from './pages';
import { incidentRecord, requireItem, type SummaryShape } from './summaries';

/** The legacy API caps `$top` at 100 and documents neither `$orderby` nor a next link. */
const incidentPageSize = 100;

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
		// The legacy filter only joins comparisons with `and`: one status can be asked for, several are filtered here.
		const oneStatus = query.statuses?.length === 1 ? query.statuses[0] : undefined;
		const filter = allOf([
			oneStatus ? `status eq ${odataString(toLegacyEnum(oneStatus, 'status'))}` : undefined,
			query.assignedTo !== undefined ? `assignedTo eq ${odataString(query.assignedTo)}` : undefined,
			compareInstant('createdTime', 'ge', query.createdAfter),
			compareInstant('createdTime', 'lt', query.createdBefore),
			compareInstant('lastUpdateTime', 'ge', query.updatedAfter),
			compareInstant('lastUpdateTime', 'lt', query.updatedBefore),
			query.rawFilter ? query.rawFilter : undefined,
		]);
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
		const pages = filteredPages(
			listPages(this.client, {
				request: {
					operation: 'listIncidents',
					method: 'GET',
					path: '/incidents',
					query: withoutUndefined({ $filter: filter }),
				},
				pageSize: incidentPageSize,
				limit: filtersHere || query.orderBy ? undefined : options.limit,
				skipPaging: true,
			}),
			filtersHere ? keep : undefined,
		);
		const ordered = query.orderBy ? this.sorted(pages, query.orderBy) : pages;
		return mappedPages(ordered, (incident) => incidentRecord(incident, legacyShape, query.includeAlerts));
	}

	/** The legacy API cannot sort, so a sorted list is read whole (bounded by its time filter) and sorted here. */
	private async *sorted(
		pages: AsyncIterable<IDataObject[]>,
		orderBy: NonNullable<IncidentQuery['orderBy']>,
	): AsyncGenerator<IDataObject[]> {
		const field = orderBy.field === 'createdAt' ? 'createdTime' : 'lastUpdateTime';
		const all: IDataObject[] = [];
		for await (const page of pages) all.push(...page);
		const direction = orderBy.direction === 'asc' ? 1 : -1;
		all.sort((first, second) => direction * (Date.parse(textOf(first[field])) - Date.parse(textOf(second[field]))));
		for (let start = 0; start < all.length; start += incidentPageSize) yield all.slice(start, start + incidentPageSize);
	}

	async getIncident(incidentId: string, options: { includeAlerts?: boolean } = {}): Promise<IncidentRecord> {
		const incident = await this.client.request({
			operation: 'getIncident',
			method: 'GET',
			path: `/incidents/${encodeURIComponent(incidentId)}`,
			subject: `Incident ${incidentId}`,
		});
		return incidentRecord(requireItem(this.client, incident, legacyShape.incidentFields.id, `Incident ${incidentId}`), legacyShape, options.includeAlerts);
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
		const answer = await this.client.request({
			operation: 'runHuntingQuery',
			method: 'POST',
			path: '/advancedhunting/run',
			body: { Query: query },
		});
		return readHuntingAnswer(this.client, answer);
	}
}
