import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { alertReading, presentedRecord } from '../../api/presentation';
import { entitiesOption, optionsCollection, simplifyOption } from '../../descriptions/common';
import { alertLocator } from '../../descriptions/resourceLocators';
import { readAlertId } from '../common/locator';
import { readPresentation } from '../common/output';

const properties: INodeProperties[] = [alertLocator, simplifyOption('alert'), optionsCollection([entitiesOption('alert')])];

export const option: INodePropertyOptions = { name: 'Get', value: 'get', description: 'Get an alert by ID or portal link', action: 'Get an alert' };

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['get'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> {
	const presentation = readPresentation(context, itemIndex);
	const alert = await backend.getAlert(readAlertId(context, itemIndex), alertReading(presentation));
	return [presentedRecord(alert, presentation)];
}
