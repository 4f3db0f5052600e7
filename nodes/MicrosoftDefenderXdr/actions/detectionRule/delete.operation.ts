import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { readRequiredText } from '../common/response';
import { detectionRuleIdField } from './fields';

const properties: INodeProperties[] = [detectionRuleIdField];

export const option: INodePropertyOptions = { name: 'Delete', value: 'delete', description: 'Delete a custom detection rule', action: 'Delete a custom detection rule' };

export const description = updateDisplayOptions({ show: { resource: ['detectionRule'], operation: ['delete'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const ruleId = readRequiredText(context, itemIndex, 'ruleId', 'Rule ID');
	return [await backend.deleteDetectionRule(ruleId)];
}
