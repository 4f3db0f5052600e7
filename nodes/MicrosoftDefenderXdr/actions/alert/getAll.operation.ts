import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { alertReading, presentedRecord } from '../../api/presentation';
import {
	alphabetical,
	assignmentFilters,
	entitiesOption,
	optionsCollection,
	rawFilterOption,
	returnAllAndLimit,
	simplifyOption,
	sortOption,
	timeRangeFilters,
} from '../../descriptions/common';
import {
	alertServiceSourceOptions,
	alertStatusOptions,
	allDeterminationOptions,
	classificationOptions,
	severityOptions,
} from '../../model/enums';
import type { AlertQuery } from '../../model/records';
import { incidentReference } from '../../model/references';
import { trimmedText, withoutUndefined } from '../../model/values';
import { requireReferencedId } from '../common/locator';
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
			...assignmentFilters('alert'),
			...timeRangeFilters,
			{
				displayName: 'Incident ID',
				name: 'incidentId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 924521',
				description:
					'Only alerts of this incident (its numeric ID or portal link), read through the incident; combines with the other filters except Raw OData Filter',
			},
			rawFilterOption("e.g. createdDateTime ge 2026-01-01T00:00:00Z and severity eq 'high'"),
			{
				displayName: 'Service Source',
				name: 'serviceSource',
				type: 'multiOptions',
				default: [],
				options: alertServiceSourceOptions,
				description: 'Only alerts raised by one of these products',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'multiOptions',
				default: [],
				options: severityOptions,
				description: 'Only alerts with one of these severities',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: alertStatusOptions,
				description: 'Only alerts with one of these statuses',
			},
		]),
	},
	{ ...simplifyOption('alert'), default: true },
	optionsCollection([entitiesOption('alert'), sortOption]),
];

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List alerts, filtered by severity, status, source, incident and dates', action: 'Get many alerts' };

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['getAll'] } }, properties);

function readIncidentFilter(context: IExecuteFunctions, itemIndex: number, value: unknown): string | undefined {
	const text = trimmedText(typeof value === 'number' ? String(value) : value);
	return text === undefined ? undefined : requireReferencedId(context, itemIndex, text, incidentReference);
}

function readQuery(context: IExecuteFunctions, itemIndex: number): AlertQuery {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return withoutUndefined<AlertQuery>({
		severities: nonEmpty(optionValues(context, itemIndex, 'Severity', filters.severity, severityOptions)),
		statuses: nonEmpty(optionValues(context, itemIndex, 'Status', filters.status, alertStatusOptions)),
		serviceSources: nonEmpty(optionValues(context, itemIndex, 'Service Source', filters.serviceSource, alertServiceSourceOptions)),
		assignedTo: trimmedText(filters.assignedTo),
		classifications: nonEmpty(optionValues(context, itemIndex, 'Classification', filters.classification, classificationOptions)),
		determinations: nonEmpty(optionValues(context, itemIndex, 'Determination', filters.determination, allDeterminationOptions)),
		incidentId: readIncidentFilter(context, itemIndex, filters.incidentId),
		...readTimeRange(context, itemIndex, filters),
		rawFilter: trimmedText(filters.rawFilter),
		orderBy: readOrderBy(context, itemIndex, options),
	});
}

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const query = readQuery(context, itemIndex);
	const limit = readLimit(context, itemIndex);
	const presentation = readPresentation(context, itemIndex);
	const alerts = await collect(backend.listAlerts(query, { limit, ...alertReading(presentation) }), limit);
	return alerts.map((alert) => presentedRecord(alert, presentation));
}
