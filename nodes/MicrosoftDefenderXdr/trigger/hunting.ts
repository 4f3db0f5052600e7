import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import type { DefenderBackend } from '../api';
import { legacyHuntingRetirementText } from '../descriptions/common';
import type { HuntingResult } from '../model/records';
import {
	durationMilliseconds,
	fingerprintOf,
	readHuntingMemory,
	rememberedKeys,
	rememberPoll,
	rowKey,
	writeHuntingMemory,
	type HuntingMemory,
} from './huntingMemory';

const showForHunting = { show: { event: ['huntingResults'] } };

export const huntingProperties: INodeProperties[] = [
	{
		displayName: legacyHuntingRetirementText,
		name: 'legacyHuntingRetirementNotice',
		type: 'notice',
		default: '',
		displayOptions: showForHunting,
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		required: true,
		displayOptions: showForHunting,
		placeholder: 'DeviceProcessEvents\n| where ProcessCommandLine has "-EncodedCommand"\n| project Timestamp, DeviceId, DeviceName, ReportId',
		description: 'Advanced hunting query in KQL; each poll runs it once and delivers only rows it has not delivered before',
	},
	{
		displayName: 'Key Columns',
		name: 'keyColumns',
		type: 'string',
		default: '',
		displayOptions: showForHunting,
		placeholder: 'e.g. DeviceId, ReportId',
		description:
			'Comma-separated columns that identify a row (a row with the same values in them is not delivered again). Empty: the whole row.',
	},
	{
		displayName: 'Time Range',
		name: 'timespan',
		type: 'options',
		default: 'P1D',
		displayOptions: showForHunting,
		description:
			'How far back each poll looks. Choose more than the poll interval plus Defender\'s ingestion delay, so no row ages out unseen. On the legacy API this is not sent: filter time in the query (| where Timestamp > ago(1d)).',
		options: [
			{ name: 'Custom', value: 'custom', description: 'An ISO 8601 duration of your own' },
			{ name: 'Last 24 Hours', value: 'P1D' },
			{ name: 'Last 7 Days', value: 'P7D' },
			{ name: 'Last Hour', value: 'PT1H' },
		],
	},
	{
		displayName: 'Custom Time Range',
		name: 'customTimespan',
		type: 'string',
		default: 'PT6H',
		required: true,
		displayOptions: { show: { event: ['huntingResults'], timespan: ['custom'] } },
		placeholder: 'e.g. PT6H or P3D',
		description: 'An ISO 8601 duration counted back from each poll, at most 30 days (P30D)',
	},
];

const showInOptionsForHunting = { show: { '/event': ['huntingResults'] } };

export const huntingOptions: INodeProperties[] = [
	{
		displayName: 'Deliver Current Rows on First Activation',
		name: 'deliverExistingRows',
		type: 'boolean',
		default: false,
		displayOptions: showInOptionsForHunting,
		description:
			'Whether the first activation also delivers the rows the query returns now (otherwise it remembers them and delivers only rows that appear later)',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'rowItems',
		displayOptions: showInOptionsForHunting,
		description: 'How the new rows leave the trigger',
		options: [
			{ name: 'One Item per Row', value: 'rowItems', description: 'Each new row becomes one item' },
			{ name: 'One Item With All Rows', value: 'singleItem', description: 'A single item holding schema, rows and rowCount of the new rows' },
		],
	},
];

/** Defender's hunting data reaches back 30 days. */
const longestLookBack = 30 * 24 * 3600_000;

interface HuntingSettings {
	query: string;
	keyColumns: string[];
	timespan: string;
	lookBackMilliseconds: number;
	output: 'rowItems' | 'singleItem';
	deliverExistingRows: boolean;
}

function readHuntingSettings(context: IPollFunctions): HuntingSettings {
	const refuse = (message: string, description: string) => new NodeOperationError(context.getNode(), message, { description });
	const query = String(context.getNodeParameter('query', '')).trim();
	if (!query) throw refuse('The hunting query is empty', 'Enter the KQL query whose new rows should start the workflow.');
	const preset = String(context.getNodeParameter('timespan', 'P1D')).trim();
	const timespan = preset === 'custom' ? String(context.getNodeParameter('customTimespan', '')).trim() : preset;
	const lookBackMilliseconds = durationMilliseconds(timespan);
	if (lookBackMilliseconds === undefined || lookBackMilliseconds > longestLookBack) {
		throw refuse(
			`Time range "${timespan}" is not an ISO 8601 duration of at most 30 days`,
			'Use a duration such as PT6H, P1D or P7D: each poll looks that far back from its own time.',
		);
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const keyColumns = String(context.getNodeParameter('keyColumns', ''))
		.split(',')
		.map((column) => column.trim())
		.filter((column) => column !== '');
	refuseSubMinutePolls(context);
	return {
		query,
		keyColumns,
		timespan,
		lookBackMilliseconds,
		output: options.output === 'singleItem' ? 'singleItem' : 'rowItems',
		deliverExistingRows: options.deliverExistingRows === true,
	};
}

/**
 * Defender allows 45 hunting calls a minute per tenant, shared by every hunting workflow and person there, and a
 * CPU budget per 15 minutes. n8n's poll times can fire every second (a custom cron with a seconds field); one poll
 * a minute at most keeps this trigger to one call a minute.
 */
function refuseSubMinutePolls(context: IPollFunctions): void {
	const pollTimes = context.getNodeParameter('pollTimes', {}) as { item?: IDataObject[] };
	for (const time of pollTimes.item ?? []) {
		const fields = time.mode === 'custom' ? String(time.cronExpression ?? '').trim().split(/\s+/) : [];
		const everyFewSeconds = fields.length === 6 && !/^\d+$/.test(fields[0]);
		const everyZeroMinutes = time.mode === 'everyX' && time.unit === 'minutes' && !(Number(time.value) >= 1);
		if (everyFewSeconds || everyZeroMinutes) {
			throw new NodeOperationError(context.getNode(), 'New hunting results can be polled at most once a minute', {
				description:
					'Defender allows 45 hunting queries a minute per tenant (shared by every workflow and analyst) and a CPU budget per 15 minutes. Choose Every Minute or a longer interval in Poll Times.',
			});
		}
	}
}

/** Fails clearly when a key column is not in the result, instead of treating every row as new. */
function checkKeyColumns(context: IPollFunctions, settings: HuntingSettings, result: HuntingResult): void {
	if (settings.keyColumns.length === 0 || result.rows.length === 0) return;
	const columns = result.schema.length ? result.schema.map((column) => column.name) : Object.keys(result.rows[0]);
	const missing = settings.keyColumns.filter((column) => !columns.includes(column));
	if (missing.length) {
		throw new NodeOperationError(context.getNode(), `Key column "${missing[0]}" is not in the query's result`, {
			description: `The result's columns are: ${columns.join(', ')}. Column names are case-sensitive; project the key columns in the query.`,
		});
	}
}

function outputOf(settings: HuntingSettings, result: HuntingResult, rows: IDataObject[]): INodeExecutionData[][] | null {
	if (rows.length === 0) return null;
	if (settings.output === 'singleItem') return [[{ json: { schema: result.schema, rows, rowCount: rows.length } }]];
	return [rows.map((json) => ({ json }))];
}

/** A row whose `Timestamp` column is later than `instant` (milliseconds); a row without one is not. */
function stampedAfter(row: IDataObject, instant: number): boolean {
	const timestamp = typeof row.Timestamp === 'string' ? Date.parse(row.Timestamp) : Number.NaN;
	return timestamp > instant;
}

/**
 * One poll of the hunting event: the query runs once; rows whose key was delivered before (or earlier in this
 * result) are left out. A failed query throws before anything is remembered, so the next poll sees the same rows.
 *
 * After a real change of the query, time range or key columns (comments and layout do not count), the keys are
 * kept, so nothing delivered before comes again, also when switching back. Of the rows the memory does not hold,
 * the first poll after the change delivers those whose `Timestamp` is later than the last poll before it (they
 * appeared since), and only remembers the others (the old query may simply not have matched them).
 */
export async function pollHuntingResults(context: IPollFunctions, backend: DefenderBackend): Promise<INodeExecutionData[][] | null> {
	const settings = readHuntingSettings(context);
	const result = await backend.runHuntingQuery(settings.query, { timespan: settings.timespan });
	checkKeyColumns(context, settings, result);
	if (context.getMode() === 'manual') return outputOf(settings, result, result.rows);

	const staticData = context.getWorkflowStaticData('node');
	const fingerprint = fingerprintOf(settings.query, settings.timespan, settings.keyColumns);
	const stored = readHuntingMemory(staticData);
	const memory: HuntingMemory = { fingerprint, groups: stored?.groups ?? [] };
	// A memory without any poll (never written so) counts as polled now: nothing is taken as new.
	const lastPoll = (groups: HuntingMemory['groups']) => (groups.length ? Math.max(...groups.map((group) => group.seenAt)) : Date.now());
	const lastPollBeforeChange = stored && stored.fingerprint !== fingerprint ? lastPoll(stored.groups) : undefined;
	const isNew = (row: IDataObject) => lastPollBeforeChange === undefined || stampedAfter(row, lastPollBeforeChange);
	const delivered = rememberedKeys(memory);
	const seen = new Set<string>();
	const fresh: IDataObject[] = [];
	for (const row of result.rows) {
		const key = rowKey(row, settings.keyColumns);
		if (seen.has(key)) continue;
		seen.add(key);
		if (!delivered.has(key) && isNew(row)) fresh.push(row);
	}
	writeHuntingMemory(staticData, rememberPoll(memory, seen, Date.now(), settings.lookBackMilliseconds));
	return stored === undefined && !settings.deliverExistingRows ? null : outputOf(settings, result, fresh);
}
