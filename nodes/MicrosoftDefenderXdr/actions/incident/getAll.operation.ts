import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { incidentReading, presentedRecord } from '../../api/presentation';
import {
	alphabetical,
	assignmentFilters,
	entitiesOption,
	incidentTagsFilter,
	rawFilterOption,
	returnAllAndLimit,
	simplifyOption,
	sortOption,
	timeRangeFilters,
} from '../../descriptions/common';
import {
	allDeterminationOptions,
	classificationOptions,
	incidentStatusOptions,
	severityOptions,
} from '../../model/enums';
import type { IncidentQuery } from '../../model/records';
import { listOf, trimmedText, withoutUndefined } from '../../model/values';
import { collect, readLimit, readPresentation } from '../common/output';
import { nonEmpty, readOrderBy } from '../common/query';
import { optionValues, readTimeRange } from '../common/values';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: alphabetical([
			...assignmentFilters('incident'),
			...timeRangeFilters,
			rawFilterOption("e.g. assignedTo eq 'analyst@contoso.com'"),
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'multiOptions',
				default: [],
				options: severityOptions,
				description: 'Only incidents with one of these severities',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: incidentStatusOptions,
				description: 'Only incidents with one of these statuses',
			},
			incidentTagsFilter,
		]),
	},
	{ ...simplifyOption('incident'), default: true },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			entitiesOption('incident'),
			{
				displayName: 'Include Alerts',
				name: 'includeAlerts',
				type: 'boolean',
				default: false,
				description: 'Whether to include each incident\'s alerts in the output (slower; the legacy API always includes them)',
			},
			sortOption,
		],
	},
];

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List incidents, filtered by status, severity, dates, tags and more', action: 'Get many incidents' };

export const description = updateDisplayOptions({ show: { resource: ['incident'], operation: ['getAll'] } }, properties);

function readQuery(context: IExecuteFunctions, itemIndex: number, includeAlerts: boolean): IncidentQuery {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return withoutUndefined<IncidentQuery>({
		statuses: nonEmpty(optionValues(context, itemIndex, 'Status', filters.status, incidentStatusOptions)),
		severities: nonEmpty(optionValues(context, itemIndex, 'Severity', filters.severity, severityOptions)),
		assignedTo: trimmedText(filters.assignedTo),
		classifications: nonEmpty(optionValues(context, itemIndex, 'Classification', filters.classification, classificationOptions)),
		determinations: nonEmpty(optionValues(context, itemIndex, 'Determination', filters.determination, allDeterminationOptions)),
		...readTimeRange(context, itemIndex, filters),
		tags: nonEmpty(listOf(filters.tags)),
		rawFilter: trimmedText(filters.rawFilter),
		includeAlerts: includeAlerts || undefined,
		orderBy: readOrderBy(context, itemIndex, options),
	});
}

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const presentation = readPresentation(context, itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { includeAlerts, ...reading } = incidentReading(presentation, options.includeAlerts === true);
	const query = readQuery(context, itemIndex, includeAlerts);
	const limit = readLimit(context, itemIndex);
	const incidents = await collect(backend.listIncidents(query, { limit, ...reading }), limit);
	return incidents.map((incident) => presentedRecord(incident, presentation));
}
