import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { isIpAddress } from '../../model/endpoint';
import { quotedForMessage } from '../../model/values';
import { parameterError } from '../common/errors';
import { readInstant } from '../common/values';

const properties: INodeProperties[] = [
	{ displayName: 'IP Address', name: 'ipAddress', type: 'string', default: '', required: true, placeholder: 'e.g. 10.248.240.38', description: 'An internal IP address the device had' },
	{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', required: true, description: 'When the device had the address; Defender searches 15 minutes either side, within the last 30 days' },
];

export const option: INodePropertyOptions = { name: 'Find by IP', value: 'findByIp', description: 'Find the devices that had an internal IP address at a time', action: 'Find devices by IP address' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['findByIp'] } }, properties);

const thirtyDays = 30 * 24 * 3600_000;

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const ip = String(context.getNodeParameter('ipAddress', itemIndex, '')).trim();
	if (!isIpAddress(ip)) throw parameterError(context, itemIndex, `IP Address ${quotedForMessage(ip)} is not an IPv4 address (a.b.c.d) or a full IPv6 address`);
	const time = readInstant(context, itemIndex, 'Time', context.getNodeParameter('time', itemIndex, ''));
	if (time === undefined) throw parameterError(context, itemIndex, 'Time is empty: give the time the device had the address');
	const age = Date.now() - Date.parse(time);
	if (age > thirtyDays || age < -60_000) throw parameterError(context, itemIndex, `Time ${time} is not within the last 30 days, which is all Defender searches`);
	return await backend.findDevicesByIp(ip, time);
}
