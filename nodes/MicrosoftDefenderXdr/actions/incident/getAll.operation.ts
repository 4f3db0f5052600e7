import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { incidentReading, presentedRecord } from '../../api/presentation';
import {
	entitiesOption,
	includeAlertsOption,
	incidentTagsFilter,
	optionsCollection,
	returnAllAndLimit,
	simplifyOption,
	sortOption,
	triageFilters,
} from '../../descriptions/common';
import { incidentStatusOptions } from '../../model/enums';
import type { IncidentQuery } from '../../model/records';
import { listOf, withoutUndefined } from '../../model/values';
import { collect, readLimit, readPresentation } from '../common/output';
import { nonEmpty, readTriageQuery } from '../common/query';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	triageFilters('incident', incidentStatusOptions, "e.g. assignedTo eq 'analyst@contoso.com'", [incidentTagsFilter]),
	{ ...simplifyOption('incident'), default: true },
	optionsCollection([entitiesOption('incident'), includeAlertsOption, sortOption]),
];

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List incidents, filtered by status, severity, dates, tags and more', action: 'Get many incidents' };

export const description = updateDisplayOptions({ show: { resource: ['incident'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> {
	const presentation = readPresentation(context, itemIndex);
	const { filters, query } = readTriageQuery(context, itemIndex, incidentStatusOptions);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { includeAlerts, ...reading } = incidentReading(presentation, options.includeAlerts === true);
	const incidentQuery = withoutUndefined<IncidentQuery>({ ...query, tags: nonEmpty(listOf(filters.tags)), includeAlerts: includeAlerts || undefined });
	const limit = readLimit(context, itemIndex);
	const incidents = await collect(backend.listIncidents(incidentQuery, { limit, wholeList: limit === undefined ? true : undefined, ...reading }), limit);
	return incidents.map((incident) => presentedRecord(incident, presentation));
}
