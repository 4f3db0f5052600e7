import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { isSha1 } from '../../model/endpoint';
import { quotedForMessage } from '../../model/values';
import { deviceActionProperties, runDeviceActionForItem } from '../common/endpoint';
import { parameterError } from '../common/errors';

const properties = deviceActionProperties([
	{
		displayName: 'SHA-1',
		name: 'sha1',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 87662bc3d60e4200ceaf7aae249d1c343f4b83c9',
		description: 'SHA-1 hash of the file to stop and quarantine (40 hexadecimal characters)',
	},
]);

export const option: INodePropertyOptions = { name: 'Stop and Quarantine File', value: 'stopAndQuarantineFile', description: 'Stop a file\'s processes and quarantine it', action: 'Stop and quarantine a file on a device' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['stopAndQuarantineFile'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const sha1 = String(context.getNodeParameter('sha1', itemIndex, '')).trim();
	if (!isSha1(sha1)) throw parameterError(context, itemIndex, `SHA-1 ${quotedForMessage(sha1)} is not 40 hexadecimal characters`);
	return [await runDeviceActionForItem(context, itemIndex, backend, 'stopAndQuarantineFile', { Sha1: sha1.toLowerCase() })];
}
