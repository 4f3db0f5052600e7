import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { deviceLocator } from '../../descriptions/endpoint';
import { readDeviceId } from '../common/endpoint';
import { readNonEmptyText } from '../common/values';

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['addTag'] } }, [
	deviceLocator,
	{ displayName: 'Tag', name: 'tag', type: 'string', default: '', required: true, placeholder: 'e.g. contained', description: 'The tag text, as Defender shows it on the device' },
]);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const deviceId = readDeviceId(context, itemIndex);
	return [await backend.tagDevice(deviceId, readNonEmptyText(context, itemIndex, 'tag', 'Tag').trim(), 'Add')];
}
