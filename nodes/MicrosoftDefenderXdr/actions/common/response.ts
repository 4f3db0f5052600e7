import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import type { DescribedOperation } from '../../descriptions/operations';
import {
	alertTemplateFields,
	detectionActionFields,
	detectionRuleSeverities,
	isDuration,
	settableDetectionRuleStatuses,
} from '../../model/response';
import { returnAllAndLimit } from '../../descriptions/common';
import { quotedForMessage, trimmedText, withoutUndefined } from '../../model/values';
import { parameterError } from './errors';
import { collect, readLimit } from './output';
import { optionValue } from './values';

/** One Graph v1.0 response operation (identity accounts, custom detection rules) on one input item. */
export interface ResponseOperationModule extends DescribedOperation {
	execute: (context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend) => Promise<IDataObject[]>;
}

/** Get Many of a response resource: Return All or Limit, and an OData filter that Graph evaluates. */
export function filteredListProperties(filter: { placeholder: string; description: string }): INodeProperties[] {
	return [...returnAllAndLimit(), { displayName: 'Filter', name: 'filter', type: 'string', default: '', ...filter }];
}

export async function readFilteredList(
	context: IExecuteFunctions,
	itemIndex: number,
	list: (filter: string | undefined) => AsyncIterable<IDataObject[]>,
): Promise<IDataObject[]> {
	const limit = readLimit(context, itemIndex);
	return await collect(list(trimmedText(context.getNodeParameter('filter', itemIndex, ''))), limit);
}

export function readRequiredText(context: IExecuteFunctions, itemIndex: number, parameterName: string, label: string): string {
	const text = trimmedText(context.getNodeParameter(parameterName, itemIndex, ''));
	if (text === undefined) throw parameterError(context, itemIndex, `${label} is empty`);
	return text;
}

export const severityOptions: Array<INodePropertyOptions & { value: (typeof detectionRuleSeverities)[number] }> = [
	{ name: 'High', value: 'high' },
	{ name: 'Informational', value: 'informational' },
	{ name: 'Low', value: 'low' },
	{ name: 'Medium', value: 'medium' },
];

export const statusOptions: Array<INodePropertyOptions & { value: (typeof settableDetectionRuleStatuses)[number] }> = [
	{ name: 'Disabled', value: 'disabled' },
	{ name: 'Enabled', value: 'enabled' },
];

/** The rule's fields as the UI names them; Create asks for the required ones, Update for any. */
export const ruleFieldProperties = {
	displayName: { displayName: 'Rule Name', name: 'displayName', type: 'string', default: '', description: 'The display name of the rule' },
	queryText: {
		displayName: 'Query',
		name: 'queryText',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: 'e.g. DeviceProcessEvents | where FileName =~ "mimikatz.exe"',
		description: 'The advanced hunting (KQL) query that defines what the rule detects',
	},
	frequency: {
		displayName: 'Run Frequency',
		name: 'frequency',
		type: 'string',
		default: 'PT1H',
		placeholder: 'e.g. PT1H',
		description: 'How often the rule runs, as an ISO 8601 duration: PT1H hourly, PT3H, PT12H, P1D daily',
	},
	alertTitle: { displayName: 'Alert Title', name: 'alertTitle', type: 'string', default: '', description: 'The title of the alert the rule raises' },
	severity: { displayName: 'Alert Severity', name: 'severity', type: 'options', options: severityOptions, default: 'medium', description: 'The severity of the alert the rule raises' },
	description: { displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the rule is for' },
	status: { displayName: 'Status', name: 'status', type: 'options', options: statusOptions, default: 'enabled', description: 'Whether the rule runs' },
	alertDescription: { displayName: 'Alert Description', name: 'alertDescription', type: 'string', default: '', description: 'The description of the alert the rule raises' },
	recommendedActions: {
		displayName: 'Alert Recommended Actions',
		name: 'recommendedActions',
		type: 'string',
		default: '',
		description: 'What an analyst should do about the alert',
	},
	detectionAction: {
		displayName: 'Detection Action (JSON)',
		name: 'detectionAction',
		type: 'json',
		default: '{}',
		description:
			'Other fields of the v1.0 detectionAction: automatedActions, organizationalScope, and alertTemplate\'s tactics, customDetails and entityMappings, e.g. {"alertTemplate": {"tactics": ["credentialAccess"]}}',
	},
} satisfies Record<string, INodeProperties>;

type RuleFieldName = keyof typeof ruleFieldProperties;

function parsedObject(context: IExecuteFunctions, itemIndex: number, value: unknown): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value);
		} catch {
			throw parameterError(context, itemIndex, 'Detection Action (JSON) is not valid JSON');
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw parameterError(context, itemIndex, 'Detection Action (JSON) must be a JSON object');
	return parsed as IDataObject;
}

function onlyKnownKeys(context: IExecuteFunctions, itemIndex: number, record: IDataObject, known: readonly string[], where: string): void {
	const unknown = Object.keys(record).find((key) => !known.includes(key));
	if (unknown !== undefined) {
		throw parameterError(context, itemIndex, `Detection Action (JSON) has the field ${quotedForMessage(unknown)} ${where}, which Graph v1.0 does not document`, `Allowed ${where}: ${known.join(', ')}.`);
	}
}

/** The Detection Action (JSON) field, checked against the v1.0 detectionAction and alertTemplate pages. */
function readDetectionActionJson(context: IExecuteFunctions, itemIndex: number, value: unknown): IDataObject {
	const action = parsedObject(context, itemIndex, value);
	onlyKnownKeys(context, itemIndex, action, detectionActionFields, 'in detectionAction');
	if (action.alertTemplate !== undefined) {
		if (typeof action.alertTemplate !== 'object' || action.alertTemplate === null || Array.isArray(action.alertTemplate)) {
			throw parameterError(context, itemIndex, 'Detection Action (JSON): alertTemplate must be an object');
		}
		onlyKnownKeys(context, itemIndex, action.alertTemplate as IDataObject, alertTemplateFields, 'in alertTemplate');
	}
	return action;
}

/**
 * The rule's fields in Graph's v1.0 shape, from the given UI values; every value is checked before any request.
 * `current` is the rule as Defender has it (Update), so a changed alert field keeps the others.
 */
export function detectionRuleBody(context: IExecuteFunctions, itemIndex: number, fields: Partial<Record<RuleFieldName, unknown>>, current: IDataObject = {}): IDataObject {
	const text = (name: RuleFieldName) => (fields[name] === undefined ? undefined : String(fields[name]));
	const frequency = text('frequency')?.trim();
	if (frequency !== undefined && !isDuration(frequency)) {
		throw parameterError(context, itemIndex, `Run Frequency ${quotedForMessage(frequency)} is not an ISO 8601 duration`, 'Use a duration such as PT1H (hourly), PT3H, PT12H or P1D (daily).');
	}
	const severity = fields.severity === undefined ? undefined : optionValue(context, itemIndex, 'Alert Severity', fields.severity, severityOptions);
	const status = fields.status === undefined ? undefined : optionValue(context, itemIndex, 'Status', fields.status, statusOptions);
	for (const required of ['displayName', 'queryText', 'alertTitle'] as const) {
		if (fields[required] !== undefined && text(required)!.trim() === '') throw parameterError(context, itemIndex, `${ruleFieldProperties[required].displayName} is empty`);
	}
	const extra = fields.detectionAction === undefined ? {} : readDetectionActionJson(context, itemIndex, fields.detectionAction);
	const currentAction = (current.detectionAction as IDataObject | undefined) ?? {};
	const alertChanges = withoutUndefined({
		...((extra.alertTemplate as IDataObject | undefined) ?? {}),
		title: text('alertTitle'),
		description: text('alertDescription'),
		severity,
		recommendedActions: text('recommendedActions'),
	});
	const actionChanges = withoutUndefined({ automatedActions: extra.automatedActions, organizationalScope: extra.organizationalScope });
	const changesAction = Object.keys(alertChanges).length > 0 || Object.keys(actionChanges).length > 0;
	return withoutUndefined({
		displayName: text('displayName')?.trim(),
		description: text('description'),
		status,
		queryCondition: fields.queryText === undefined ? undefined : { queryText: text('queryText') },
		schedule: frequency === undefined ? undefined : { frequency },
		detectionAction: changesAction
			? { ...currentAction, ...actionChanges, alertTemplate: { ...((currentAction.alertTemplate as IDataObject | undefined) ?? {}), ...alertChanges } }
			: undefined,
	});
}
