import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { alertReading, presentedRecord } from '../../api/presentation';
import { entitiesOption, optionsCollection, returnAllAndLimit, simplifyOption, sortOption, triageFilters } from '../../descriptions/common';
import { alertServiceSourceOptions, alertStatusOptions } from '../../model/enums';
import type { AlertQuery } from '../../model/records';
import { incidentReference } from '../../model/references';
import { trimmedText, withoutUndefined } from '../../model/values';
import { requireReferencedId } from '../common/locator';
import { collect, readLimit, readPresentation } from '../common/output';
import { nonEmpty, readTriageQuery } from '../common/query';
import { optionValues } from '../common/values';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	triageFilters('alert', alertStatusOptions, "e.g. createdDateTime ge 2026-01-01T00:00:00Z and severity eq 'high'", [
		{
			displayName: 'Incident ID',
			name: 'incidentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 924521',
			description:
				'Only alerts of this incident (its numeric ID or portal link), read through the incident; combines with the other filters except Raw OData Filter',
		},
		{
			displayName: 'Service Source',
			name: 'serviceSource',
			type: 'multiOptions',
			default: [],
			options: alertServiceSourceOptions,
			description: 'Only alerts raised by one of these products',
		},
	]),
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
	const { filters, query } = readTriageQuery(context, itemIndex, alertStatusOptions);
	return withoutUndefined<AlertQuery>({
		...query,
		serviceSources: nonEmpty(optionValues(context, itemIndex, 'Service Source', filters.serviceSource, alertServiceSourceOptions)),
		incidentId: readIncidentFilter(context, itemIndex, filters.incidentId),
	});
}

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	const presentation = readPresentation(context, itemIndex);
	const alerts = await collect(backend.listAlerts(readQuery(context, itemIndex), { limit, wholeList: limit === undefined ? true : undefined, ...alertReading(presentation) }), limit);
	return alerts.map((alert) => presentedRecord(alert, presentation));
}
