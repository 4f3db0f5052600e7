import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { incidentLocator } from '../../descriptions/resourceLocators';
import { incidentReference } from '../../model/references';
import { commentField } from '../common/comment';
import { readReferencedId } from '../common/locator';
import { readNonEmptyText } from '../common/values';

const properties: INodeProperties[] = [incidentLocator, commentField('incident')];

export const option: INodePropertyOptions = { name: 'Add Comment', value: 'addComment', description: 'Add a comment to an incident', action: 'Add a comment to an incident' };

export const description = updateDisplayOptions(
	{ show: { resource: ['incident'], operation: ['addComment'] } },
	properties,
);

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const incidentId = readReferencedId(context, itemIndex, 'incidentId', incidentReference);
	const comment = readNonEmptyText(context, itemIndex, 'comment', 'Comment');
	return [await backend.addIncidentComment(incidentId, comment)];
}
