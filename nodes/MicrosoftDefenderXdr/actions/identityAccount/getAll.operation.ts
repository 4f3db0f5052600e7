import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { filteredListProperties, readFilteredList } from '../common/response';

const properties: INodeProperties[] = filteredListProperties({
	placeholder: "e.g. displayName eq 'Ana Analyst'",
	description: "An OData $filter on the identity account's properties (displayName, domain, isEnabled, cloudSecurityIdentifier, onPremisesSecurityIdentifier)",
});

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List identity accounts, optionally filtered', action: 'Get many identity accounts' };

export const description = updateDisplayOptions({ show: { resource: ['identityAccount'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	return await readFilteredList(context, itemIndex, (filter) => backend.listIdentityAccounts(filter));
}
