import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { incidentReading, presentedRecord } from '../../api/presentation';
import { entitiesOption, includeAlertsOption, optionsCollection, simplifyOption } from '../../descriptions/common';
import { incidentLocator } from '../../descriptions/resourceLocators';
import { readIncidentId } from '../common/locator';
import { readPresentation } from '../common/output';

const properties: INodeProperties[] = [incidentLocator, simplifyOption('incident'), optionsCollection([entitiesOption('incident'), includeAlertsOption])];

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: 'Get an incident by ID or portal link', action: 'Get an incident' };

export const description = updateDisplayOptions({ show: { resource: ['incident'], operation: ['get'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const presentation = readPresentation(context, itemIndex);
	const incident = await backend.getIncident(readIncidentId(context, itemIndex), incidentReading(presentation, options.includeAlerts === true));
	return [presentedRecord(incident, presentation)];
}
