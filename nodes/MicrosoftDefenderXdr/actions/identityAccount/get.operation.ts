import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { identityAccountIdField } from './fields';
import { readRequiredText } from '../common/response';

const properties: INodeProperties[] = [identityAccountIdField];

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: 'Get an identity account by ID', action: 'Get an identity account' };

export const description = updateDisplayOptions({ show: { resource: ['identityAccount'], operation: ['get'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const identityAccountId = readRequiredText(context, itemIndex, 'identityAccountId', 'Identity Account ID');
	return [await backend.getIdentityAccount(identityAccountId)];
}
