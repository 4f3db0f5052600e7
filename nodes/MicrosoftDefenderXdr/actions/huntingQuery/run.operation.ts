import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { quotedForMessage } from '../../model/values';
import { parameterError } from '../common/errors';
import { readNonEmptyText } from '../common/values';
import { isIsoTimespan } from './timespan';

/** Defender stops a hunting result at this many rows. */
export const huntingRowCap = 100000;

const properties: INodeProperties[] = [
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
	{
		displayName: 'Time Range',
		name: 'timespan',
		type: 'options',
		default: 'P30D',
		description:
			'Which data the query sees (Defender uses the last 30 days when none is given; some tables keep more, e.g. P90D). On the legacy Defender XDR API this setting has no effect: filter time in the query instead, e.g. | where Timestamp > ago(7d).',
		options: [
			{ name: 'Custom', value: 'custom', description: 'An ISO 8601 duration or interval of your own' },
			{ name: 'Last 24 Hours', value: 'P1D' },
			{ name: 'Last 30 Days', value: 'P30D', description: 'What Defender uses when no time range is given' },
			{ name: 'Last 7 Days', value: 'P7D' },
			{ name: 'Last Hour', value: 'PT1H' },
		],
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'rowItems',
				description: 'How the result rows leave the node',
				options: [
					{ name: 'One Item per Row', value: 'rowItems', description: 'Each result row becomes one item' },
					{
						name: 'One Item With All Rows',
						value: 'singleItem',
						description: 'A single item holding schema, rows and rowCount',
					},
				],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['huntingQuery'], operation: ['run'] } }, properties);

function readTimespan(context: IExecuteFunctions, itemIndex: number): string {
	const preset = String(context.getNodeParameter('timespan', itemIndex, 'P30D')).trim();
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

const truncationNotice = `Defender returned its maximum of ${huntingRowCap.toLocaleString('en-US')} rows, so the result is probably cut off. Narrow the query (shorter time range, filters, summarize) to see everything.`;

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const query = readNonEmptyText(context, itemIndex, 'query', 'Query');
	const timespan = readTimespan(context, itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result = await backend.runHuntingQuery(query, { timespan });
	const truncated = result.rows.length >= huntingRowCap;
	if (truncated) context.addExecutionHints?.({ message: truncationNotice, type: 'warning', location: 'outputPane' });
	if (options.output === 'singleItem') {
		const single: IDataObject = { schema: result.schema, rows: result.rows, rowCount: result.rows.length };
		if (truncated) Object.assign(single, { truncated: true, notice: truncationNotice });
		return [single];
	}
	return result.rows;
}
