import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { deviceLocator } from '../../descriptions/endpoint';
import { readDeviceId } from '../common/endpoint';

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: 'Get a device by ID or portal link', action: 'Get a device' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['get'] } }, [deviceLocator]);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	return [await backend.getDevice(readDeviceId(context, itemIndex))];
}
