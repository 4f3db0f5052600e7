import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { quotedForMessage } from '../../model/values';
import { parameterError } from '../common/errors';

export const option: INodePropertyOptions = { name: 'Delete', value: 'delete', description: 'Delete an indicator', action: 'Delete an indicator' };

export const description = updateDisplayOptions({ show: { resource: ['indicator'], operation: ['delete'] } }, [
	{ displayName: 'Indicator ID', name: 'indicatorId', type: 'string', default: '', required: true, placeholder: 'e.g. 995', description: 'The indicator\'s ID, a number, as Create or Update returns it' },
]);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const id = String(context.getNodeParameter('indicatorId', itemIndex, '')).trim();
	if (!/^\d{1,19}$/.test(id)) throw parameterError(context, itemIndex, `Indicator ID ${quotedForMessage(id)} is not a number`);
	await backend.deleteIndicator(id);
	return [{ id, deleted: true }];
}
