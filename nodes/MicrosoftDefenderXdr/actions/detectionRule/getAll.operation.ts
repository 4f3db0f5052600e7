import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { filteredListProperties, readFilteredList } from '../common/response';

const properties: INodeProperties[] = filteredListProperties({
	placeholder: "e.g. status eq 'enabled'",
	description:
		'An OData $filter on the properties the v1.0 page names: displayName, description, status, createdBy, createdDateTime, lastModifiedBy, lastModifiedDateTime, queryCondition/queryText, schedule/frequency, and the alert template title, description, category, recommendedActions and severity',
});

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List custom detection rules, optionally filtered', action: 'Get many custom detection rules' };

export const description = updateDisplayOptions({ show: { resource: ['detectionRule'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	return await readFilteredList(context, itemIndex, (filter) => backend.listDetectionRules(filter));
}
