import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { simplifyOption } from '../../descriptions/common';
import { alertLocator } from '../../descriptions/resourceLocators';
import { presented } from '../../model/records';
import { alertReference } from '../../model/references';
import { readReferencedId } from '../common/locator';
import { readSimplify } from '../common/output';

const properties: INodeProperties[] = [alertLocator, simplifyOption('alert')];

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['get'] } }, properties);

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const alertId = readReferencedId(context, itemIndex, 'alertId', alertReference);
	const alert = await backend.getAlert(alertId);
	return [presented(alert, readSimplify(context, itemIndex))];
}
