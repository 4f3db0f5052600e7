import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import {
	detectIndicatorType,
	indicatorActionOptions,
	indicatorActionProblem,
	indicatorSeverityOptions,
	indicatorTypeOptions,
	indicatorValueProblem,
	type IndicatorType,
} from '../../model/endpoint';
import { listOf, quotedForMessage, trimmedText, withoutUndefined } from '../../model/values';
import { parameterError } from '../common/errors';
import { optionValue, readInstant, readNonEmptyText } from '../common/values';

const properties: INodeProperties[] = [
	{ displayName: 'Value', name: 'indicatorValue', type: 'string', default: '', required: true, placeholder: 'e.g. evil.example, 203.0.113.7 or a SHA-256', description: 'The file hash, IP address, URL, domain or certificate thumbprint' },
	{ displayName: 'Type', name: 'indicatorType', type: 'options', options: indicatorTypeOptions, default: 'automatic', description: 'What the value is; Automatic tells hashes by length, IP addresses, URLs and domains apart' },
	{ displayName: 'Action', name: 'action', type: 'options', options: indicatorActionOptions, default: 'Block', description: 'What Defender does when a device meets the indicator' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', required: true, description: 'Shown in Defender\'s indicator list and in alerts' },
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 2 }, default: '', required: true, description: 'Why the indicator exists, e.g. the incident it came from' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Optional indicator fields',
		options: [
			{ displayName: 'Device Groups', name: 'deviceGroups', type: 'string', default: '', description: 'Comma-separated device group names the indicator applies to; empty means all devices' },
			{ displayName: 'Expiration', name: 'expiration', type: 'dateTime', default: '', description: 'When the indicator stops applying; must be in the future' },
			{ displayName: 'Generate Alert', name: 'generateAlert', type: 'boolean', default: false, description: 'Whether Defender raises an alert when the indicator matches (always on for Audit)' },
			{ displayName: 'Recommended Actions', name: 'recommendedActions', type: 'string', default: '', description: 'What analysts should do when it matches' },
			{ displayName: 'Severity', name: 'severity', type: 'options', options: indicatorSeverityOptions, default: 'Medium', description: 'Severity of the alerts it raises' },
		],
	},
];

export const option: INodePropertyOptions = { name: 'Create or Update', value: 'createOrUpdate', description: 'Block, allow or audit a file, IP address, URL, domain or certificate; many input items are sent as one import', action: 'Create or update an indicator' };

export const description = updateDisplayOptions({ show: { resource: ['indicator'], operation: ['createOrUpdate'] } }, properties);

/** The indicator of one input item, checked before anything is sent. */
function readIndicator(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = readNonEmptyText(context, itemIndex, 'indicatorValue', 'Value').trim();
	const chosenType = optionValue(context, itemIndex, 'Type', context.getNodeParameter('indicatorType', itemIndex, 'automatic'), indicatorTypeOptions);
	let indicatorType: IndicatorType;
	if (chosenType === 'automatic') {
		const detected = detectIndicatorType(value);
		if (!detected) throw parameterError(context, itemIndex, `Cannot tell what kind of indicator ${quotedForMessage(value)} is`, 'Use a SHA-1, SHA-256 or MD5 hash, an IP address, a URL or a domain name, or choose the Type.');
		indicatorType = detected;
	} else {
		indicatorType = chosenType;
	}
	const problem = indicatorValueProblem(indicatorType, value);
	if (problem) throw parameterError(context, itemIndex, problem);
	const action = optionValue(context, itemIndex, 'Action', context.getNodeParameter('action', itemIndex, 'Block'), indicatorActionOptions);
	const actionProblem = indicatorActionProblem(indicatorType, action);
	if (actionProblem) throw parameterError(context, itemIndex, actionProblem);
	const fields = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const expirationTime = readInstant(context, itemIndex, 'Expiration', fields.expiration);
	if (expirationTime !== undefined && Date.parse(expirationTime) <= Date.now()) throw parameterError(context, itemIndex, `Expiration ${expirationTime} is in the past`);
	const deviceGroups = listOf(fields.deviceGroups);
	return withoutUndefined({
		indicatorValue: value,
		indicatorType,
		action,
		title: readNonEmptyText(context, itemIndex, 'title', 'Title'),
		description: readNonEmptyText(context, itemIndex, 'description', 'Description'),
		severity: fields.severity === undefined ? undefined : optionValue(context, itemIndex, 'Severity', fields.severity, indicatorSeverityOptions),
		expirationTime,
		// Defender requires an alert for Audit (section 4.1).
		generateAlert: action === 'Audit' ? true : fields.generateAlert === true,
		recommendedActions: trimmedText(fields.recommendedActions),
		rbacGroupNames: deviceGroups.length > 0 ? deviceGroups : undefined,
	});
}

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	return [await backend.submitIndicator(readIndicator(context, itemIndex))];
}

/** Defender keeps one indicator per type and value (submit and import update it). */
function indicatorKey(indicator: IDataObject): string {
	return `${String(indicator.indicatorType)}|${String(indicator.indicatorValue).toLowerCase()}`;
}

/** An indicator's settings, to tell a repeated item from a conflicting one. */
function settingsOf(indicator: IDataObject): string {
	return JSON.stringify({ ...indicator, indicatorValue: String(indicator.indicatorValue).toLowerCase() });
}

/**
 * Many items: every valid indicator goes through the import endpoint (500 per request); each item gets its own
 * result. The same indicator twice is resolved before sending: with the same settings it is sent once and both
 * items get its result; with other settings the last item wins and the earlier ones are errors naming it.
 */
export async function executeBatch(context: IExecuteFunctions, itemIndexes: number[], backend: EndpointBackend): Promise<Array<IDataObject | Error>> {
	const outcomes: Array<IDataObject | Error> = [];
	const read: Array<{ position: number; indicator: IDataObject }> = [];
	itemIndexes.forEach((itemIndex, position) => {
		try {
			read.push({ position, indicator: readIndicator(context, itemIndex) });
			outcomes.push({});
		} catch (error) {
			outcomes.push(error as Error);
		}
	});
	const last = new Map(read.map((entry) => [indicatorKey(entry.indicator), entry]));
	const sent = [...last.values()];
	const results = new Map(sent.map((entry, index) => [entry, index]));
	const imported = await backend.importIndicators(sent.map((entry) => entry.indicator));
	for (const { position, indicator } of read) {
		const winner = last.get(indicatorKey(indicator))!;
		const itemIndex = itemIndexes[position];
		if (settingsOf(winner.indicator) !== settingsOf(indicator)) {
			outcomes[position] = new NodeOperationError(
				context.getNode(),
				`Not sent: the item with index ${itemIndexes[winner.position]} sets the same indicator (${String(indicator.indicatorType)} ${String(indicator.indicatorValue)}) later in this batch, and Defender keeps one indicator per value`,
				{ itemIndex, description: 'The last item for a value wins; its output says what Defender did. Remove the duplicate, or send the items separately if one should replace the other.' },
			);
			continue;
		}
		const result = imported[results.get(winner)!];
		outcomes[position] = result.ok
			? { id: result.id, ...indicator, imported: true }
			: (result.failure ?? new NodeOperationError(context.getNode(), `Defender refused the indicator ${quotedForMessage(result.indicator)}: ${result.reason}`, { itemIndex }));
	}
	return outcomes;
}
