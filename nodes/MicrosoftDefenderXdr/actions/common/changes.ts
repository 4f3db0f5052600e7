import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { classificationFields } from '../../descriptions/common';
import type { Classification } from '../../model/enums';
import { withoutUndefined } from '../../model/values';
import { readClassificationChange } from './classification';
import { parameterError } from './errors';
import { optionValue } from './values';

/** Update fields incidents and alerts share: assignee, classification with determination, status. */
export function sharedUpdateFields(itemName: string, statusOptions: INodePropertyOptions[]): INodeProperties[] {
	return [
		{
			displayName: 'Assigned To',
			name: 'assignedTo',
			type: 'string',
			default: '',
			placeholder: 'e.g. analyst@contoso.com',
			description: `Who owns the ${itemName}: a user's sign-in name (UPN). Leave empty to unassign.`,
		},
		...classificationFields(itemName),
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'inProgress',
			options: statusOptions,
			description: `New status of the ${itemName}`,
		},
	];
}

export interface SharedChanges<Status extends string> {
	status?: Status;
	assignedTo?: string;
	classification?: Classification;
	determination?: string;
}

export function readSharedChanges<Status extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	statusOptions: Array<INodePropertyOptions & { value: Status }>,
): SharedChanges<Status> {
	return withoutUndefined({
		status:
			fields.status === undefined ? undefined : optionValue(context, itemIndex, 'Status', fields.status, statusOptions),
		assignedTo: fields.assignedTo === undefined ? undefined : String(fields.assignedTo).trim(),
		...readClassificationChange(context, itemIndex, fields),
	});
}

export function readUpdateFields(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
}

/** Refuses an update that would send nothing, which the APIs would accept silently. */
export function assertSomethingToUpdate(context: IExecuteFunctions, itemIndex: number, changeCount: number): void {
	if (changeCount > 0) return;
	throw parameterError(
		context,
		itemIndex,
		'Nothing to update: Update Fields is empty',
		'Add at least one field under Update Fields, e.g. Status or Classification.',
	);
}
