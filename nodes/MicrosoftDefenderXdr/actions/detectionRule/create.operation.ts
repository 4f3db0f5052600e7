import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import { alphabetical } from '../../descriptions/common';
import { detectionRuleBody, ruleFieldProperties } from '../common/response';

const { displayName, queryText, frequency, alertTitle, severity, ...optional } = ruleFieldProperties;

const properties: INodeProperties[] = [
	{ ...displayName, required: true },
	{ ...queryText, required: true },
	{ ...frequency, required: true },
	{ ...alertTitle, required: true },
	severity,
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add field', default: {}, description: 'Optional fields of the rule and the alert it raises', options: alphabetical(Object.values(optional)) },
];

export const option: INodePropertyOptions = { name: 'Create', value: 'create', description: 'Turn a hunting query into a detection that raises alerts', action: 'Create a custom detection rule' };

export const description = updateDisplayOptions({ show: { resource: ['detectionRule'], operation: ['create'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const parameter = (name: string) => context.getNodeParameter(name, itemIndex, '') as string;
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = detectionRuleBody(context, itemIndex, {
		status: 'enabled',
		...additional,
		displayName: parameter('displayName'),
		queryText: parameter('queryText'),
		frequency: parameter('frequency'),
		alertTitle: parameter('alertTitle'),
		severity: parameter('severity'),
	});
	return [await backend.createDetectionRule(body)];
}
