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
		placeholder: "e.g. displayName eq 'Ana Analyst'",
		description: 'An OData $filter on the identity account\'s properties (displayName, domain, isEnabled, cloudSecurityIdentifier, onPremisesSecurityIdentifier)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['identityAccount'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	const filter = trimmedText(context.getNodeParameter('filter', itemIndex, ''));
	return await collect(backend.listIdentityAccounts(filter), limit);
}
