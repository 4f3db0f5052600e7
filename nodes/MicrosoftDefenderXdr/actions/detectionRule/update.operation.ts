import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { updateFieldsCollection } from '../../descriptions/common';
import { parameterError } from '../common/errors';
import { detectionRuleBody, readRequiredText, ruleFieldProperties } from '../common/response';
import { detectionRuleIdField } from './fields';

const properties: INodeProperties[] = [
	detectionRuleIdField,
	updateFieldsCollection(Object.values(ruleFieldProperties)),
];

export const option: INodePropertyOptions = { name: 'Update', value: 'update', description: 'Change a rule\'s query, frequency, status or alert', action: 'Update a custom detection rule' };

export const description = updateDisplayOptions({ show: { resource: ['detectionRule'], operation: ['update'] } }, properties);

/** Alert fields live inside detectionAction, which PATCH replaces whole: the rule is read first so the others are kept. */
const nestedAlertFields = ['alertTitle', 'alertDescription', 'severity', 'recommendedActions', 'detectionAction'];

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const ruleId = readRequiredText(context, itemIndex, 'ruleId', 'Rule ID');
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (Object.keys(fields).length === 0) throw parameterError(context, itemIndex, 'Nothing to update: add at least one field under Update Fields');
	// Checked once before any request, then again with the rule's current alert to merge into.
	detectionRuleBody(context, itemIndex, fields);
	const current = Object.keys(fields).some((name) => nestedAlertFields.includes(name)) ? await backend.getDetectionRule(ruleId) : {};
	const changes = detectionRuleBody(context, itemIndex, fields, current);
	return [await backend.updateDetectionRule(ruleId, changes)];
}
