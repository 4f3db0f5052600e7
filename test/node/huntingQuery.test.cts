import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { agentToolRowLimit, huntingRowCap } from '../../nodes/MicrosoftDefenderXdr/actions/huntingQuery/run.operation';
import { isIsoTimespan } from '../../nodes/MicrosoftDefenderXdr/actions/huntingQuery/timespan';
import { CannedDefender } from '../harness/cannedDefender.cjs';
import { testNode } from './fakes.cjs';
import { runNode, runNodeError } from './run.cjs';

const query = 'DeviceProcessEvents\n| where FileName =~ "powershell.exe"\n| take 2';
const schema = [
	{ name: 'Timestamp', type: 'DateTime' },
	{ name: 'Count', type: 'Int64' },
];

function defenderWithRows(rows: IDataObject[]): CannedDefender {
	const defender = new CannedDefender();
	defender.huntingResult = { schema, rows };
	return defender;
}

const rows2 = [
	{ Timestamp: '2025-03-01T10:00:00.0000000Z', Count: 3 },
	{ Timestamp: '2025-03-01T11:00:00.0000000Z', Count: 0 },
];

const run = (extra: IDataObject = {}) => ({ resource: 'huntingQuery', operation: 'run', query, ...extra });

describe('hunting query run', () => {
	const rows = [
		{ Timestamp: '2025-03-01T10:00:00.0000000Z', Count: 3 },
		{ Timestamp: '2025-03-01T11:00:00.0000000Z', Count: 0 },
	];

	it('returns one item per row, each paired with the input item, values unchanged', async () => {
		const defender = defenderWithRows(rows);
		const { items, hints } = await runNode(defender, { parameters: run() });
		expect(items).toEqual(rows.map((row) => ({ json: row, pairedItem: { item: 0 } })));
		expect(defender.calls).toEqual([{ method: 'runHuntingQuery', args: [query, { timespan: 'P30D' }] }]);
		expect(hints).toEqual([]);
	});

	it('returns one item with schema, rows and row count', async () => {
		const defender = defenderWithRows(rows);
		const { json } = await runNode(defender, { parameters: run({ timespan: 'P7D', options: { output: 'singleItem' } }) });
		expect(json).toEqual([{ schema, rows, rowCount: 2 }]);
		expect(defender.callsTo('runHuntingQuery')[0].args[1]).toEqual({ timespan: 'P7D' });
	});

	it('returns no items for no rows', async () => {
		const { items } = await runNode(defenderWithRows([]), { parameters: run() });
		expect(items).toEqual([]);
	});

	it.each(['PT1H', 'P1D', 'P7D', 'P30D'])('passes the preset %s', async (timespan) => {
		const defender = defenderWithRows(rows);
		await runNode(defender, { parameters: run({ timespan }) });
		expect(defender.callsTo('runHuntingQuery')[0].args[1]).toEqual({ timespan });
	});

	it('passes a custom interval', async () => {
		const defender = defenderWithRows(rows);
		const custom = '2025-01-01T00:00:00Z/2025-01-02T00:00:00Z';
		await runNode(defender, { parameters: run({ timespan: 'custom', customTimespan: ` ${custom} ` }) });
		expect(defender.callsTo('runHuntingQuery')[0].args[1]).toEqual({ timespan: custom });
	});

	it.each([
		[run({ timespan: 'custom', customTimespan: '7 days' }), /Time range "7 days" is not an ISO 8601/],
		[run({ timespan: 'custom', customTimespan: '' }), /Time range "" is not an ISO 8601/],
		[run({ query: '   ' }), /Query is empty/],
	])('refuses %j before any request', async (parameters, message) => {
		const defender = defenderWithRows(rows);
		const error = await runNodeError(defender, { parameters });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(defender.calls).toEqual([]);
	});

	describe('at the row cap', () => {
		const capped = Array.from({ length: huntingRowCap }, (_, index) => ({ Count: index }));

		it('warns with an execution hint when rows are returned as items', async () => {
			const { items, hints } = await runNode(defenderWithRows(capped), { parameters: run() });
			expect(items).toHaveLength(huntingRowCap);
			expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/100,000 rows/) })]);
			expect(items[0].json).toEqual({ Count: 0 });
		});

		it("tells an AI agent's call both that Row Limit cut the rows and that Defender itself stopped", async () => {
			const { json } = await runNode(defenderWithRows(capped), { parameters: run(), nodeType: `${testNode.type}Tool` });
			expect(json[0]).toEqual(expect.objectContaining({ rowCount: agentToolRowLimit, totalRowCount: huntingRowCap, truncated: true }));
			expect(json[0].notice).toMatch(/first 100 of 100,000 rows .*Defender returned its maximum of 100,000 rows/);
		});

		it('marks the single item as truncated', async () => {
			const { json } = await runNode(defenderWithRows(capped), { parameters: run({ options: { output: 'singleItem' } }) });
			expect(json[0]).toEqual(
				expect.objectContaining({ rowCount: huntingRowCap, truncated: true, notice: expect.stringMatching(/cut off/) }),
			);
		});
	});
});

describe('hunting query run, bounded', () => {
	const many = Array.from({ length: 2500 }, (_, index) => ({ Count: index }));
	const agentTool = `${testNode.type}Tool`;

	it('returns every row to a workflow without Row Limit', async () => {
		const { items, hints } = await runNode(defenderWithRows(many), { parameters: run() });
		expect(items).toHaveLength(2500);
		expect(hints).toEqual([]);
	});

	it('cuts the rows at Row Limit and says so', async () => {
		const { items, hints } = await runNode(defenderWithRows(many), { parameters: run({ options: { rowLimit: 10 } }) });
		expect(items.map((item) => item.json)).toEqual(many.slice(0, 10));
		expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/first 10 of 2,500 rows/) })]);
	});

	it("gives an AI agent's call one bounded item that tells how many rows there were", async () => {
		const defender = defenderWithRows(many);
		const { json } = await runNode(defender, { parameters: run(), nodeType: agentTool });
		expect(json).toEqual([
			{
				schema,
				rows: many.slice(0, agentToolRowLimit),
				rowCount: agentToolRowLimit,
				totalRowCount: 2500,
				truncated: true,
				notice: expect.stringMatching(/first 100 of 2,500 rows .*Row Limit/),
			},
		]);
		expect(defender.callsTo('runHuntingQuery')).toHaveLength(1);
	});

	it("follows the workflow's own Output and Row Limit in an AI agent's call", async () => {
		const { json } = await runNode(defenderWithRows(many), { parameters: run({ options: { output: 'rowItems', rowLimit: 3 } }), nodeType: agentTool });
		expect(json).toEqual(many.slice(0, 3));
	});

	it("gives an AI agent's call a small result whole, without a notice", async () => {
		const { json } = await runNode(defenderWithRows(rows2), { parameters: run(), nodeType: agentTool });
		expect(json).toEqual([{ schema, rows: rows2, rowCount: 2 }]);
	});

	it.each([
		[{ timespan: 'Last 7 Days' }, 'P7D'],
		[{ timespan: 'last hour' }, 'PT1H'],
		[{ timespan: 'P3D' }, 'P3D'],
	])('takes the time range %j as a model or an expression writes it', async (parameters, timespan) => {
		const defender = defenderWithRows(rows2);
		await runNode(defender, { parameters: run(parameters) });
		expect(defender.callsTo('runHuntingQuery')[0].args[1]).toEqual({ timespan });
	});

	it('takes the output by its name', async () => {
		const { json } = await runNode(defenderWithRows(rows2), { parameters: run({ options: { output: 'One Item With All Rows' } }) });
		expect(json).toEqual([{ schema, rows: rows2, rowCount: 2 }]);
	});

	it.each([
		[{ options: { rowLimit: 0 } }, /Row Limit 0 is not a whole number of 1 or more/],
		[{ options: { rowLimit: 2.5 } }, /Row Limit 2.5 is not a whole number/],
		[{ options: { output: 'everything' } }, /Output "everything" is not one of: rowItems \(One Item per Row\), singleItem/],
	])('refuses %j before any request', async (parameters, message) => {
		const defender = defenderWithRows(rows2);
		const error = await runNodeError(defender, { parameters: run(parameters) });
		expect(error.message).toMatch(message);
		expect(defender.calls).toEqual([]);
	});
});

describe('ISO 8601 time spans', () => {
	it.each([
		'P1D',
		'PT1H',
		'PT30M',
		'PT1.5S',
		'P1Y2M3W4DT5H6M7S',
		'2025-01-01T00:00:00Z/2025-01-02T00:00:00Z',
		'2025-01-01T00:00:00Z/P1D',
		'P1D/2025-01-02T00:00:00+02:00',
		'2025-01-01/2025-01-05',
		// The reference page's forms (docs/api-contract.md, 2.6): a single instant runs until now; no 30-day cap.
		'2024-02-01T08:00:00Z',
		'P90D',
	])('accepts %s', (timespan) => {
		expect(isIsoTimespan(timespan)).toBe(true);
	});

	it.each(['', 'P', 'PT', 'P1DT', '7d', 'P-1D', '2024-13-01T08:00:00Z', 'yesterday', 'P1D/P2D', '2025-01-02T00:00:00Z/2025-01-01T00:00:00Z', 'a/b/c', '2025-13-45/P1D', 'P1D\n'])(
		'refuses %j',
		(timespan) => {
			expect(isIsoTimespan(timespan)).toBe(false);
		},
	);
});
