import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { readDeviceActionId } from '../common/endpoint';

export const deviceActionIdField: INodeProperties = {
	displayName: 'Device Action ID',
	name: 'deviceActionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 7560ff7a-6f3a-4b1e-8a8a-3f1b1c3f0c11',
	description: 'The ID (a GUID) of the machine action, as device actions return it',
};

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: 'Get a device action, e.g. to see whether it ended', action: 'Get a device action' };

export const description = updateDisplayOptions({ show: { resource: ['deviceAction'], operation: ['get'] } }, [deviceActionIdField]);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	return [await backend.getDeviceAction(readDeviceActionId(context, itemIndex))];
}
