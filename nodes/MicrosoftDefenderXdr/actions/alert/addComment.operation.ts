import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { alertLocator } from '../../descriptions/resourceLocators';
import { alertReference } from '../../model/references';
import { commentField } from '../common/comment';
import { readReferencedId } from '../common/locator';
import { readNonEmptyText } from '../common/values';

const properties: INodeProperties[] = [alertLocator, commentField('alert')];

export const option: INodePropertyOptions = { name: 'Add Comment', value: 'addComment', description: 'Add a comment to an alert', action: 'Add a comment to an alert' };

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['addComment'] } }, properties);

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const alertId = readReferencedId(context, itemIndex, 'alertId', alertReference);
	const comment = readNonEmptyText(context, itemIndex, 'comment', 'Comment');
	return [await backend.addAlertComment(alertId, comment)];
}
