import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { filtersCollection, returnAllAndLimit } from '../../descriptions/common';
import { indicatorActions, indicatorTypes, valueOptions } from '../../model/endpoint';
import { trimmedText, withoutUndefined } from '../../model/values';
import { collect, readLimit } from '../common/output';
import { optionValues } from '../common/values';

const typeOptions = valueOptions(indicatorTypes);
const actionOptions = valueOptions(indicatorActions);

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection([
		{ displayName: 'Type', name: 'indicatorType', type: 'multiOptions', options: typeOptions, default: [], description: 'Only indicators of these types' },
		{ displayName: 'Action', name: 'action', type: 'multiOptions', options: actionOptions, default: [], description: 'Only indicators with these actions' },
		{ displayName: 'Value', name: 'indicatorValue', type: 'string', default: '', description: 'Only the indicator with exactly this value' },
	]),
];

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List indicators', action: 'Get many indicators' };

export const description = updateDisplayOptions({ show: { resource: ['indicator'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query = withoutUndefined({ indicatorTypes: optionValues(context, itemIndex, 'Type', filters.indicatorType, typeOptions), actions: optionValues(context, itemIndex, 'Action', filters.action, actionOptions), value: trimmedText(filters.indicatorValue) });
	return await collect(backend.listIndicators(query, { limit }), limit);
}
