import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { presented } from '../../api/presentation';
import { simplifyOption, updateFieldsCollection } from '../../descriptions/common';
import { alertLocator } from '../../descriptions/resourceLocators';
import { alertStatusOptions } from '../../model/enums';
import type { AlertChanges } from '../../model/records';
import { assertSomethingToUpdate, readSharedChanges, readUpdateFields, sharedUpdateFields } from '../common/changes';
import { readAlertId } from '../common/locator';
import { readSimplify } from '../common/output';

const properties: INodeProperties[] = [alertLocator, updateFieldsCollection(sharedUpdateFields('alert', alertStatusOptions)), simplifyOption('alert')];

export const option: INodePropertyOptions = { name: 'Update', value: 'update', description: 'Change status, assignee, classification or determination of an alert', action: 'Update an alert' };

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['update'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> {
	const alertId = readAlertId(context, itemIndex);
	const changes: AlertChanges = readSharedChanges(context, itemIndex, readUpdateFields(context, itemIndex), alertStatusOptions);
	assertSomethingToUpdate(context, itemIndex, Object.keys(changes).length);
	return [presented(await backend.updateAlert(alertId, changes), readSimplify(context, itemIndex))];
}
