import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { isolationTypeOptions } from '../../model/endpoint';
import { deviceActionProperties, runDeviceActionForItem } from '../common/endpoint';
import { optionValue } from '../common/values';

const properties = deviceActionProperties([
	{ displayName: 'Isolation Type', name: 'isolationType', type: 'options', options: isolationTypeOptions, default: 'Full', description: 'How completely the device is cut off' },
]);

export const option: INodePropertyOptions = { name: 'Isolate', value: 'isolate', description: 'Isolate a device from the network', action: 'Isolate a device' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['isolate'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const isolationType = optionValue(context, itemIndex, 'Isolation Type', context.getNodeParameter('isolationType', itemIndex, 'Full'), isolationTypeOptions);
	return [await runDeviceActionForItem(context, itemIndex, backend, 'isolate', { IsolationType: isolationType })];
}
