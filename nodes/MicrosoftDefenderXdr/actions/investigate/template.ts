import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { rowOutputOptions } from '../../descriptions/common';
import {
	batchRowCap,
	entityLookup,
	lookupBatches,
	rowAnswers,
	templateQuery,
	type EntityKind,
	type EntityLookup,
	type LookupBatch,
	type TemplateName,
} from '../../model/investigation';
import type { HuntingResult } from '../../model/records';
import { quotedForMessage } from '../../model/values';
import { isAgentToolCall } from '../common/agentTool';
import { parameterError } from '../common/errors';
import type { OperationBatchExecute } from '../common/types';
import { optionValue } from '../common/values';
import { readTimespan, timeRangeProperties } from '../huntingQuery/run.operation';

/** Rows per input item unless Row Limit says otherwise: bounded for a workflow and for an AI agent alike. */
export const defaultRowsPerValue = 100;
const maximumRowsPerValue = 100_000;

const outputOptions = [
	{
		name: 'One Item per Input Item',
		value: 'singleItem',
		description: 'For each input item one item holding the value, schema, rows and rowCount (also when there are no rows)',
	},
	{ name: 'One Item per Row', value: 'rowItems', description: 'Each result row becomes one item, paired with the input item it answers' },
];

/** A template's editor fields: its own value fields, Time Range, and Output and Row Limit in Options. */
function templateProperties(operation: string, ownFields: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['investigate'], operation: [operation] } }, [
		...ownFields,
		...timeRangeProperties,
		rowOutputOptions(
			{ choices: outputOptions, description: "How the rows leave the node. Without this option, an AI agent's call gets One Item per Input Item, so the model sees when there are no rows." },
			{ defaultRows: defaultRowsPerValue, maximum: maximumRowsPerValue, description: `Max number of rows to return for each input item (default ${defaultRowsPerValue})` },
		),
	]);
}

/** The value field every template has; its label and description say what the template takes. */
export function valueField(displayName: string, description: string, placeholder: string): INodeProperties {
	return { displayName, name: 'value', type: 'string', default: '', required: true, placeholder, description };
}

/** The value field of the templates about one device: its Defender ID, and what the template answers about it. */
export function deviceIdField(answers: string): INodeProperties {
	return valueField(
		'Device ID',
		`The device's Defender ID (40 hexadecimal characters, DeviceId in hunting, mdeDeviceId in alert evidence). Answers: ${answers}`,
		'e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	);
}

interface ItemRequest {
	itemIndex: number;
	lookup: EntityLookup;
	timespan: string;
	rowsPerValue: number;
	output: string;
}

function readRequest(context: IExecuteFunctions, itemIndex: number, template: TemplateName, kind: EntityKind | undefined): ItemRequest {
	const found = entityLookup(template, kind, context.getNodeParameter('value', itemIndex, ''));
	if ('problem' in found) throw parameterError(context, itemIndex, found.problem);
	const timespan = readTimespan(context, itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const output = options.output === undefined ? (isAgentToolCall(context) ? 'singleItem' : 'rowItems') : optionValue(context, itemIndex, 'Output', options.output, outputOptions);
	const rowsPerValue = options.rowLimit === undefined ? defaultRowsPerValue : Number(options.rowLimit);
	if (!Number.isInteger(rowsPerValue) || rowsPerValue < 1 || rowsPerValue > maximumRowsPerValue) {
		throw parameterError(context, itemIndex, `Row Limit ${quotedForMessage(options.rowLimit)} is not a whole number from 1 to ${maximumRowsPerValue.toLocaleString('en-US')}`);
	}
	return { itemIndex, lookup: found, timespan, rowsPerValue, output };
}

function inBatch(request: ItemRequest, batch: LookupBatch): boolean {
	const value = request.lookup.value.toLowerCase();
	return request.lookup.column === batch.column && request.lookup.form === batch.form && batch.values.some((candidate) => candidate.toLowerCase() === value);
}

/** One item's answer from its batch's result: its own rows, within Row Limit, with a notice when rows are cut or may be missing. */
function itemAnswer(request: ItemRequest, result: HuntingResult, rowCap: number, notices: string[]): IDataObject[] {
	const rows = result.rows.filter((row) => rowAnswers(row, request.lookup));
	const kept = rows.slice(0, request.rowsPerValue);
	const value = quotedForMessage(request.lookup.value);
	const notice = [
		kept.length < rows.length ? `Only the first ${kept.length.toLocaleString('en-US')} rows for ${value} are returned (Row Limit).` : undefined,
		result.rows.length >= rowCap
			? `Defender's answer for the batch holding ${value} reached its row cap (${rowCap.toLocaleString('en-US')} rows: Row Limit for each value), so rows for it may be missing. Raise Row Limit, narrow Time Range or send fewer items at once.`
			: undefined,
	]
		.filter((text) => text !== undefined)
		.join(' ');
	if (notice) notices.push(notice);
	if (request.output === 'rowItems') return kept;
	const single: IDataObject = { value: request.lookup.value, schema: result.schema, rows: kept, rowCount: kept.length };
	return [notice ? { ...single, truncated: true, notice } : single];
}

/**
 * Runs a template for many input items: each value is checked first (a bad one fails its own item, before any
 * request), then items with the same Time Range and Row Limit share one query per batch of values, and each
 * item gets the rows that answer its value. A failed request fails the items of its batch only.
 */
async function runTemplate(
	context: IExecuteFunctions,
	itemIndexes: number[],
	backend: DefenderBackend,
	template: TemplateName,
	readKind?: (context: IExecuteFunctions, itemIndex: number) => EntityKind,
): Promise<Array<IDataObject[] | Error>> {
	const outcomes = new Map<number, IDataObject[] | Error>();
	const groups = new Map<string, ItemRequest[]>();
	for (const itemIndex of itemIndexes) {
		try {
			const request = readRequest(context, itemIndex, template, readKind?.(context, itemIndex));
			const key = `${request.timespan}\n${request.rowsPerValue}`;
			groups.set(key, [...(groups.get(key) ?? []), request]);
		} catch (error) {
			outcomes.set(itemIndex, error as Error);
		}
	}
	const notices: string[] = [];
	for (const requests of groups.values()) {
		const { timespan, rowsPerValue } = requests[0];
		for (const batch of lookupBatches(requests.map((request) => request.lookup), rowsPerValue)) {
			const members = requests.filter((request) => inBatch(request, batch));
			const rowCap = batchRowCap(batch, rowsPerValue);
			try {
				const result = await backend.runTemplateQuery(templateQuery(template, batch, rowCap), { timespan });
				for (const member of members) outcomes.set(member.itemIndex, itemAnswer(member, result, rowCap, notices));
			} catch (error) {
				for (const member of members) outcomes.set(member.itemIndex, error as Error);
			}
		}
	}
	if (notices.length > 0) {
		const more = notices.length > 1 ? ` (${notices.length - 1} more input items have a notice; choose One Item per Input Item in Options to see each)` : '';
		context.addExecutionHints?.({ message: `${notices[0]}${more}`, type: 'warning', location: 'outputPane' });
	}
	return itemIndexes.map((itemIndex) => outcomes.get(itemIndex) ?? []);
}

/**
 * An investigation template as an operation, from its Operation entry and its own fields: its editor fields, and a
 * runner that serves every input item at once, so items share requests.
 */
export function investigationTemplate(
	option: INodePropertyOptions & { value: TemplateName },
	ownFields: INodeProperties[],
	readKind?: (context: IExecuteFunctions, itemIndex: number) => EntityKind,
): { option: INodePropertyOptions; description: INodeProperties[]; executeBatch: OperationBatchExecute } {
	return {
		option,
		description: templateProperties(option.value, ownFields),
		executeBatch: async (context, itemIndexes, backend) => await runTemplate(context, itemIndexes, backend, option.value, readKind),
	};
}
