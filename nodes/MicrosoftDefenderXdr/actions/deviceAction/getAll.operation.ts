import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { filtersCollection, returnAllAndLimit } from '../../descriptions/common';
import { isMachineId, machineActionStatuses, machineActionTypes, valueOptions } from '../../model/endpoint';
import { quotedForMessage, trimmedText, withoutUndefined } from '../../model/values';
import { parameterError } from '../common/errors';
import { collect, readLimit } from '../common/output';
import { optionValues, readInstant } from '../common/values';

const typeOptions = valueOptions(machineActionTypes);
const statusOptions = valueOptions(machineActionStatuses);

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection([
		{ displayName: 'Device ID', name: 'deviceId', type: 'string', default: '', description: 'Only actions on this device (40 hexadecimal characters)' },
		{ displayName: 'Type', name: 'type', type: 'multiOptions', options: typeOptions, default: [], description: 'Only actions of these types' },
		{ displayName: 'Status', name: 'status', type: 'multiOptions', options: statusOptions, default: [], description: 'Only actions in one of these statuses' },
		{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: 'Only actions requested after this time' },
	]),
];

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List device actions, filtered by device, type, status and time', action: 'Get many device actions' };

export const description = updateDisplayOptions({ show: { resource: ['deviceAction'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const deviceId = trimmedText(filters.deviceId);
	if (deviceId !== undefined && !isMachineId(deviceId)) throw parameterError(context, itemIndex, `Device ID ${quotedForMessage(deviceId)} is not 40 hexadecimal characters`);
	const query = withoutUndefined({
		deviceId: deviceId?.toLowerCase(),
		types: optionValues(context, itemIndex, 'Type', filters.type, typeOptions),
		statuses: optionValues(context, itemIndex, 'Status', filters.status, statusOptions),
		createdAfter: readInstant(context, itemIndex, 'Created After', filters.createdAfter),
	});
	return await collect(backend.listDeviceActions(query, { limit }), limit);
}
