import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { presented } from '../../api/presentation';
import { simplifyOption, updateFieldsCollection } from '../../descriptions/common';
import { incidentLocator } from '../../descriptions/resourceLocators';
import { settableIncidentStatusOptions } from '../../model/enums';
import type { IncidentChanges } from '../../model/records';
import { assertSomethingToUpdate, readSharedChanges, readUpdateFields, sharedUpdateFields } from '../common/changes';
import { readIncidentId } from '../common/locator';
import { readSimplify } from '../common/output';
import { applyTagChange, readTagChange, sameTagList } from '../common/tags';

const tagHint = 'Comma-separated; tags match without regard to case';

const properties: INodeProperties[] = [
	incidentLocator,
	updateFieldsCollection([
		{
			displayName: 'Add Tags',
			name: 'addTags',
			type: 'string',
			default: '',
			placeholder: 'e.g. phishing, vip',
			description: `Tags to add to the incident's tags. ${tagHint}.`,
		},
		...sharedUpdateFields('incident', settableIncidentStatusOptions),
		{
			displayName: 'Remove Tags',
			name: 'removeTags',
			type: 'string',
			default: '',
			placeholder: 'e.g. triage-pending',
			description: `Tags to remove from the incident's tags. ${tagHint}.`,
		},
		{
			displayName: 'Replace Tags',
			name: 'replaceTags',
			type: 'string',
			default: '',
			placeholder: 'e.g. phishing, vip',
			description: `The incident's complete new list of tags; leave empty to remove all tags. ${tagHint}. Cannot be combined with Add Tags or Remove Tags.`,
		},
	]),
	simplifyOption('incident'),
];

export const option: INodePropertyOptions = { name: 'Update', value: 'update', description: 'Change status, assignee, classification, determination or tags of an incident', action: 'Update an incident' };

export const description = updateDisplayOptions({ show: { resource: ['incident'], operation: ['update'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: DefenderBackend): Promise<IDataObject[]> {
	const incidentId = readIncidentId(context, itemIndex);
	const fields = readUpdateFields(context, itemIndex);
	const changes: IncidentChanges = readSharedChanges(context, itemIndex, fields, settableIncidentStatusOptions);
	const tagChange = readTagChange(context, itemIndex, fields);
	const simplify = readSimplify(context, itemIndex);
	assertSomethingToUpdate(context, itemIndex, Object.keys(changes).length + (tagChange ? 1 : 0));

	if (tagChange?.mode === 'replace') changes.tags = tagChange.tags;
	if (tagChange?.mode === 'edit') {
		// The APIs replace the whole list, so adding or removing starts from the incident's current tags.
		const incident = await backend.getIncident(incidentId);
		const currentTags = incident.summary.tags;
		const newTags = applyTagChange(currentTags, tagChange);
		if (!sameTagList(currentTags, newTags)) changes.tags = newTags;
		if (Object.keys(changes).length === 0) return [presented(incident, simplify)];
	}
	const updated = await backend.updateIncident(incidentId, changes);
	return [presented(updated, simplify)];
}
