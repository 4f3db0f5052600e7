import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { incidentReading, presentedRecord } from '../../api/presentation';
import { entitiesOption, simplifyOption } from '../../descriptions/common';
import { incidentLocator } from '../../descriptions/resourceLocators';
import { incidentReference } from '../../model/references';
import { readReferencedId } from '../common/locator';
import { readPresentation } from '../common/output';

const properties: INodeProperties[] = [
	incidentLocator,
	simplifyOption('incident'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			entitiesOption('incident'),
			{
				displayName: 'Include Alerts',
				name: 'includeAlerts',
				type: 'boolean',
				default: false,
				description: 'Whether to include the incident\'s alerts in the output (the legacy API always includes them)',
			},
		],
	},
];

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: 'Get an incident by ID or portal link', action: 'Get an incident' };

export const description = updateDisplayOptions({ show: { resource: ['incident'], operation: ['get'] } }, properties);

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const incidentId = readReferencedId(context, itemIndex, 'incidentId', incidentReference);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const presentation = readPresentation(context, itemIndex);
	const incident = await backend.getIncident(incidentId, incidentReading(presentation, options.includeAlerts === true));
	return [presentedRecord(incident, presentation)];
}
