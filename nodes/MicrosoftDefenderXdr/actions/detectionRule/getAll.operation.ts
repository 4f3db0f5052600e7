import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { returnAllAndLimit } from '../../descriptions/common';
import { trimmedText } from '../../model/values';
import { collect, readLimit } from '../common/output';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'string',
		default: '',
		placeholder: "e.g. status eq 'enabled'",
		description:
			'An OData $filter on the properties the v1.0 page names: displayName, description, status, createdBy, createdDateTime, lastModifiedBy, lastModifiedDateTime, queryCondition/queryText, schedule/frequency, and the alert template title, description, category, recommendedActions and severity',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['detectionRule'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	const filter = trimmedText(context.getNodeParameter('filter', itemIndex, ''));
	return await collect(backend.listDetectionRules(filter), limit);
}
