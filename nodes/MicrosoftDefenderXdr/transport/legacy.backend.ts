import type { IDataObject } from 'n8n-workflow';

import type {
	AlertSummary,
	DefenderBackend,
	HuntingResult,
	IncidentChanges,
	IncidentQuery,
	IncidentSummary,
	ListOptions,
} from './backend';
import { allOf, compareInstant, quoted } from './odata';
import { filteredPages, hasAllTags, listPages } from './paging';
import type { DefenderClient } from './request';
import { alertSummary, commentsOf, incidentSummary, landedLast, readHuntingAnswer, text, withoutUndefined } from './shape';

/** The legacy API caps `$top` at 100 and documents neither `$orderby` nor a next link. */
const incidentPageSize = 100;

/** Legacy spellings that are not simply the Graph value with a capital first letter. */
const legacySpelling: Record<string, string> = {
	unknown: 'UnSpecified',
	notMalicious: 'Clean',
	notEnoughDataToValidate: 'NoEnoughDataToValidate',
};
const legacyDeterminationUnknown = 'NotAvailable';
const graphSpelling: Record<string, string> = {
	unspecified: 'unknown',
	clean: 'notMalicious',
	noenoughdatatovalidate: 'notEnoughDataToValidate',
	notavailable: 'unknown',
};

/** Graph's camelCase enum value in the legacy API's PascalCase. */
export function toLegacyEnum(value: string, field: 'severity' | 'status' | 'classification' | 'determination'): string {
	if (value === 'unknown') {
		if (field === 'severity') return legacySpelling.unknown;
		if (field === 'determination') return legacyDeterminationUnknown;
		return 'Unknown';
	}
	return legacySpelling[value] ?? value.charAt(0).toUpperCase() + value.slice(1);
}

/** The legacy API's PascalCase enum value in Graph's camelCase, the spelling our interface uses. */
export function toGraphEnum(value: unknown): string {
	const spelled = text(value);
	if (!spelled) return 'unknown';
	return graphSpelling[spelled.toLowerCase()] ?? spelled.charAt(0).toLowerCase() + spelled.slice(1);
}

function within<Value extends string>(values: readonly Value[] | undefined, actual: unknown): boolean {
	return !values?.length || values.includes(toGraphEnum(actual) as Value);
}

/** The legacy Defender XDR API (`/api/...`, switched off by Microsoft on 2027-02-01). */
export class LegacyBackend implements DefenderBackend {
	readonly api = 'legacy' as const;

	constructor(private readonly client: DefenderClient) {}

	listIncidents(query: IncidentQuery, options: ListOptions = {}): AsyncIterable<IDataObject[]> {
		// The legacy filter only joins comparisons with `and`: one status can be asked for, several are filtered here.
		const oneStatus = query.statuses?.length === 1 ? query.statuses[0] : undefined;
		const filter = allOf([
			oneStatus ? `status eq ${quoted(toLegacyEnum(oneStatus, 'status'))}` : undefined,
			query.assignedTo !== undefined ? `assignedTo eq ${quoted(query.assignedTo)}` : undefined,
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
		return query.orderBy ? this.sorted(pages, query.orderBy) : pages;
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
		all.sort((first, second) => direction * (Date.parse(text(first[field])) - Date.parse(text(second[field]))));
		for (let start = 0; start < all.length; start += incidentPageSize) yield all.slice(start, start + incidentPageSize);
	}

	async getIncident(incidentId: string): Promise<IDataObject> {
		return await this.client.request({
			operation: 'getIncident',
			method: 'GET',
			path: `/incidents/${encodeURIComponent(incidentId)}`,
			subject: `Incident ${incidentId}`,
		});
	}

	async updateIncident(incidentId: string, changes: IncidentChanges): Promise<IDataObject> {
		if (changes.status === 'awaitingAction') {
			throw this.client.configurationError(
				'The legacy Defender XDR API cannot set the status "Awaiting Action"',
				'Use Active, In Progress or Resolved, or switch the credential to the Microsoft Graph security API.',
			);
		}
		return await this.client.request({
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
	}

	/** The legacy API appends `comment` on PATCH; after an unclear failure the incident is read back first. */
	async addIncidentComment(incidentId: string, comment: string): Promise<IDataObject> {
		const path = `/incidents/${encodeURIComponent(incidentId)}`;
		const subject = `Incident ${incidentId}`;
		const result = (incident: IDataObject) => ({ incidentId, comments: commentsOf(incident) });
		const incident = await this.client.request({
			operation: 'addIncidentComment',
			method: 'PATCH',
			path,
			body: { comment },
			subject,
			reconcile: async () => {
				const current = await this.client.request({ operation: 'getIncident', method: 'GET', path, subject });
				return landedLast(commentsOf(current), comment) ? current : undefined;
			},
		});
		return result(incident);
	}

	private alertsUnavailable(): never {
		throw this.client.configurationError(
			'Alerts are not available on the legacy Defender XDR API: switch the credential to Microsoft Graph',
			'The legacy API has no alerts endpoint (incidents embed their alerts). Set the credential\'s API to "Microsoft Graph Security API", the default; Microsoft switches the legacy API off on 2027-02-01.',
		);
	}

	listAlerts(): AsyncIterable<IDataObject[]> {
		return this.alertsUnavailable();
	}

	async getAlert(): Promise<IDataObject> {
		return this.alertsUnavailable();
	}

	async updateAlert(): Promise<IDataObject> {
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

	summarizeIncident(incident: IDataObject): IncidentSummary {
		return incidentSummary(
			incident,
			{ id: 'incidentId', title: 'incidentName', tags: 'tags', createdAt: 'createdTime', updatedAt: 'lastUpdateTime' },
			toGraphEnum,
		);
	}

	/** Alerts embedded in legacy incidents. */
	summarizeAlert(alert: IDataObject): AlertSummary {
		return alertSummary(alert, { id: 'alertId', createdAt: 'creationTime', updatedAt: 'lastUpdatedTime' }, toGraphEnum);
	}
}
