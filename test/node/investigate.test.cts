import type { IDataObject } from 'n8n-workflow';

import { CannedDefender } from '../harness/cannedDefender.cjs';
import { runNode, runNodeError } from './run.cjs';

/** The Investigate operations on the Graph backend over canned answers: one query for many items, rows paired back, bounded output. */

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const schema = [{ name: 'SHA256', type: 'String' }, { name: 'DeviceId', type: 'String' }];
const row = (hash: string, device: string) => ({ SHA256: hash.toUpperCase(), DeviceId: device });
const file = (value: string, extra: IDataObject = {}) => ({ resource: 'investigate', operation: 'devicesWithFile', value, ...extra });

function defenderWithRows(rows: IDataObject[]): CannedDefender {
	const defender = new CannedDefender();
	defender.huntingAnswer = () => ({ schema, rows });
	return defender;
}

describe('investigate', () => {
	it('asks once for many items and pairs each row with the items whose value it answers', async () => {
		const defender = defenderWithRows([row(hashA, 'd1'), row(hashB, 'd2'), row(hashA, 'd3')]);
		const { items } = await runNode(defender, { parameters: [file(hashA), file(hashB), file(hashA.toUpperCase())] });
		expect(defender.callsTo('runTemplateQuery')).toHaveLength(1);
		expect(defender.callsTo('runHuntingQuery')).toHaveLength(0);
		const [query, options] = defender.callsTo('runTemplateQuery')[0].args as [string, IDataObject];
		expect(query).toContain(`SHA256 in~ ("${hashA}", "${hashB}")`);
		expect(options).toEqual({ timespan: 'P30D' });
		expect(items.map((item) => [item.pairedItem, item.json.DeviceId])).toEqual([
			[{ item: 0 }, 'd1'], [{ item: 0 }, 'd3'], [{ item: 1 }, 'd2'], [{ item: 2 }, 'd1'], [{ item: 2 }, 'd3'],
		]);
	});

	it("gives an AI agent's call one item per input item, at most 100 rows, and says what was cut", async () => {
		const rows = Array.from({ length: 150 }, (_, index) => row(hashA, `d${index}`));
		const defender = defenderWithRows(rows);
		const { json, hints } = await runNode(defender, { parameters: file(hashA), nodeType: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTool' });
		expect(json).toHaveLength(1);
		expect(json[0]).toEqual(expect.objectContaining({ value: hashA, rowCount: 100, truncated: true, schema }));
		expect(json[0].notice).toMatch(/^Only the first 100 rows for "a{64}" are returned \(Row Limit\)\. Defender's answer for the batch holding "a{64}" reached its row cap \(100 rows/);
		expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: json[0].notice })]);
		expect(defender.callsTo('runTemplateQuery')[0].args[0]).toMatch(/\| take 100$/);
	});

	it.each([0, 1.5, 'many', 100_001])('refuses Row Limit %j before any request', async (rowLimit) => {
		const defender = defenderWithRows([]);
		const error = await runNodeError(defender, { parameters: file(hashA, { options: { rowLimit } }) });
		expect(error.message).toMatch(/^Row Limit .* is not a whole number from 1 to 100,000$/);
		expect(defender.calls).toEqual([]);
	});

	it('refuses a bad value with its reason before any request, and never sends it', async () => {
		const defender = defenderWithRows([]);
		const error = await runNodeError(defender, { parameters: file('x" | take 1') });
		expect(error.message).toBe('"x\\" | take 1" is not a file hash: a SHA-256 (64 hexadecimal characters), a SHA-1 (40) or an MD5 (32)');
		expect(defender.calls).toEqual([]);
	});

	it('reads the entity type of alerts by value or by name', async () => {
		const defender = defenderWithRows([]);
		await runNode(defender, { parameters: [
			{ resource: 'investigate', operation: 'alertsForEntity', entityType: 'user', value: 'zoe@contoso.example' },
			{ resource: 'investigate', operation: 'alertsForEntity', entityType: 'IP Address, Domain or URL', value: '203.0.113.7' },
		] });
		const queries = defender.callsTo('runTemplateQuery').map((call) => String(call.args[0]));
		expect(queries[0]).toContain('AccountUpn in~ ("zoe@contoso.example")');
		expect(queries[1]).toContain('RemoteIP in~ ("203.0.113.7")');
	});
});
