import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { legacyHuntingRetirementText, rowOutputOptions } from '../../descriptions/common';
import { quotedForMessage } from '../../model/values';
import { isAgentToolCall } from '../common/agentTool';
import { parameterError } from '../common/errors';
import { matchingOption, optionValue, readNonEmptyText } from '../common/values';
import { isIsoTimespan } from './timespan';

/** Defender stops a hunting result at this many rows. */
export const huntingRowCap = 100000;

/** Rows an AI agent's call returns unless Row Limit says otherwise: enough to reason over, small enough for a model. */
export const agentToolRowLimit = 100;

const timespanOptions = [
	{ name: 'Custom', value: 'custom', description: 'An ISO 8601 duration or interval of your own' },
	{ name: 'Last 24 Hours', value: 'P1D' },
	{ name: 'Last 30 Days', value: 'P30D', description: 'What Defender uses when no time range is given' },
	{ name: 'Last 7 Days', value: 'P7D' },
	{ name: 'Last Hour', value: 'PT1H' },
];

const outputOptions = [
	{ name: 'One Item per Row', value: 'rowItems', description: 'Each result row becomes one item' },
	{
		name: 'One Item With All Rows',
		value: 'singleItem',
		description: 'A single item holding schema, rows and rowCount (and totalRowCount when Row Limit cut the result)',
	},
];

/** Time Range and Custom Time Range, shared with the investigation templates (which run on the same hunting API). */
export const timeRangeProperties: INodeProperties[] = [
	{
		displayName: 'Time Range',
		name: 'timespan',
		type: 'options',
		default: 'P30D',
		description:
			'Which data the query sees (Defender uses the last 30 days when none is given; some tables keep more, e.g. P90D). On the legacy Defender XDR API this setting has no effect: filter time in the query instead, e.g. | where Timestamp > ago(7d).',
		options: timespanOptions,
	},
	{
		displayName: 'Custom Time Range',
		name: 'customTimespan',
		type: 'string',
		default: 'P3D',
		required: true,
		displayOptions: { show: { timespan: ['custom'] } },
		placeholder: 'e.g. P3D or 2025-01-01T00:00:00Z/2025-01-02T00:00:00Z',
		description:
			'ISO 8601 duration (P3D, PT12H, P90D) counted back from now, a single instant (from then until now), or an interval: start/end, start/duration or duration/end',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: legacyHuntingRetirementText,
		name: 'legacyHuntingRetirementNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 10 },
		default: '',
		required: true,
		noDataExpression: false,
		placeholder: 'Write a KQL query (example below)',
		hint: 'Example: DeviceProcessEvents | where FileName =~ "powershell.exe" | take 100',
		description:
			'Advanced hunting query in KQL (Kusto Query Language) over the Defender tables, e.g. DeviceProcessEvents, EmailEvents, IdentityLogonEvents',
	},
	...timeRangeProperties,
	rowOutputOptions(
		{ choices: outputOptions, description: "How the result rows leave the node. Without this option, an AI agent's call gets One Item With All Rows, so the model sees how many rows there were." },
		{
			defaultRows: agentToolRowLimit,
			description: `Max number of rows to return. Without this option the node returns every row Defender returns (up to ${huntingRowCap.toLocaleString('en-US')}), except to an AI agent, whose call gets at most ${agentToolRowLimit}.`,
		},
	),
];

export const option: INodePropertyOptions = { name: 'Run', value: 'run', description: 'Run a KQL advanced hunting query and return its rows', action: 'Run an advanced hunting query' };

export const description = updateDisplayOptions({ show: { resource: ['huntingQuery'], operation: ['run'] } }, properties);

export function readTimespan(context: IExecuteFunctions, itemIndex: number): string {
	const chosen = context.getNodeParameter('timespan', itemIndex, 'P30D');
	const preset = matchingOption(chosen, timespanOptions) ?? String(chosen).trim();
	const timespan =
		preset === 'custom' ? String(context.getNodeParameter('customTimespan', itemIndex, '')).trim() : preset;
	if (!isIsoTimespan(timespan)) {
		throw parameterError(
			context,
			itemIndex,
			`Time range ${quotedForMessage(timespan)} is not an ISO 8601 duration, instant or interval`,
			'Use a duration such as P7D or PT12H, an instant such as 2025-01-01T00:00:00Z (until now), or an interval such as 2025-01-01T00:00:00Z/2025-01-02T00:00:00Z.',
		);
	}
	return timespan;
}

const capNotice = `Defender returned its maximum of ${huntingRowCap.toLocaleString('en-US')} rows, so the result is probably cut off. Narrow the query (shorter time range, filters, summarize) to see everything.`;

const limitNotice = (returned: number, total: number) =>
	`Only the first ${returned.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows are returned (Row Limit). Narrow the query (summarize, top, filters) or raise Row Limit to see more.`;

interface HuntingOutputSettings {
	output: string;
	rowLimit: number | undefined;
}

/** Output and Row Limit as set, or, where unset, what suits the caller: a workflow gets every row, an AI agent a bounded result. */
function readOutputSettings(context: IExecuteFunctions, itemIndex: number): HuntingOutputSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const agent = isAgentToolCall(context);
	const output = options.output === undefined ? (agent ? 'singleItem' : 'rowItems') : optionValue(context, itemIndex, 'Output', options.output, outputOptions);
	if (options.rowLimit === undefined) return { output, rowLimit: agent ? agentToolRowLimit : undefined };
	const rowLimit = Number(options.rowLimit);
	if (!Number.isInteger(rowLimit) || rowLimit < 1) {
		throw parameterError(context, itemIndex, `Row Limit ${quotedForMessage(options.rowLimit)} is not a whole number of 1 or more`);
	}
	return { output, rowLimit };
}

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const query = readNonEmptyText(context, itemIndex, 'query', 'Query');
	const timespan = readTimespan(context, itemIndex);
	const { output, rowLimit } = readOutputSettings(context, itemIndex);
	const result = await backend.runHuntingQuery(query, { timespan });
	const rows = rowLimit === undefined ? result.rows : result.rows.slice(0, rowLimit);
	const cut = rows.length < result.rows.length;
	const notices = [cut ? limitNotice(rows.length, result.rows.length) : undefined, result.rows.length >= huntingRowCap ? capNotice : undefined];
	const notice = notices.filter((text) => text !== undefined).join(' ') || undefined;
	if (notice) context.addExecutionHints?.({ message: notice, type: 'warning', location: 'outputPane' });
	if (output === 'singleItem') {
		const single: IDataObject = { schema: result.schema, rows, rowCount: rows.length };
		if (cut) single.totalRowCount = result.rows.length;
		if (notice) Object.assign(single, { truncated: true, notice });
		return [single];
	}
	return rows;
}
