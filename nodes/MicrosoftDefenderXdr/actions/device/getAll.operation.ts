import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { filtersCollection, returnAllAndLimit } from '../../descriptions/common';
import { exposureLevelOptions, healthStatusOptions, riskScoreOptions } from '../../model/endpoint';
import { trimmedText, withoutUndefined } from '../../model/values';
import { collect, readLimit } from '../common/output';
import { optionValues, readInstant } from '../common/values';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection([
		{ displayName: 'Name Starts With', name: 'namePrefix', type: 'string', default: '', placeholder: 'e.g. ws-01', description: 'Only devices whose DNS name starts with this text' },
		{ displayName: 'Health Status', name: 'healthStatus', type: 'multiOptions', options: healthStatusOptions, default: [], description: 'Only devices with one of these health statuses' },
		{ displayName: 'Risk Score', name: 'riskScore', type: 'multiOptions', options: riskScoreOptions, default: [], description: 'Only devices with one of these risk scores' },
		{ displayName: 'Exposure Level', name: 'exposureLevel', type: 'multiOptions', options: exposureLevelOptions, default: [], description: 'Only devices with one of these exposure levels' },
		{ displayName: 'OS Platform', name: 'osPlatform', type: 'string', default: '', placeholder: 'e.g. Windows11', description: 'Only devices of this platform, as Defender writes it' },
		{ displayName: 'Tag', name: 'tag', type: 'string', default: '', description: 'Only devices carrying this tag' },
		{ displayName: 'Last Seen After', name: 'lastSeenAfter', type: 'dateTime', default: '', description: 'Only devices that reported after this time (Defender updates it about once a day)' },
	]),
];

export const option: INodePropertyOptions = { name: 'Get Many', value: 'getAll', description: 'List devices, filtered by name, health, risk, exposure, platform, tag and last seen', action: 'Get many devices' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['getAll'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query = withoutUndefined({
		namePrefix: trimmedText(filters.namePrefix),
		healthStatuses: optionValues(context, itemIndex, 'Health Status', filters.healthStatus, healthStatusOptions),
		riskScores: optionValues(context, itemIndex, 'Risk Score', filters.riskScore, riskScoreOptions),
		exposureLevels: optionValues(context, itemIndex, 'Exposure Level', filters.exposureLevel, exposureLevelOptions),
		osPlatform: trimmedText(filters.osPlatform),
		tag: trimmedText(filters.tag),
		lastSeenAfter: readInstant(context, itemIndex, 'Last Seen After', filters.lastSeenAfter),
	});
	return await collect(backend.listDevices(query, { limit }), limit);
}
