import type { IDataObject } from 'n8n-workflow';

import { FakeBackend } from './fakes.cjs';
import { runNode, runNodeError } from './run.cjs';

/** The Investigate operations on a fake backend: one query for many items, rows paired back, bounded output. */

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const schema = [{ name: 'SHA256', type: 'String' }, { name: 'DeviceId', type: 'String' }];
const row = (hash: string, device: string) => ({ SHA256: hash.toUpperCase(), DeviceId: device });
const file = (value: string, extra: IDataObject = {}) => ({ resource: 'investigate', operation: 'devicesWithFile', value, ...extra });

function backendWithRows(rows: IDataObject[]): FakeBackend {
	const backend = new FakeBackend();
	backend.templateAnswer = () => ({ schema, rows });
	return backend;
}

describe('investigate', () => {
	it('asks once for many items and pairs each row with the items whose value it answers', async () => {
		const backend = backendWithRows([row(hashA, 'd1'), row(hashB, 'd2'), row(hashA, 'd3')]);
		const { items } = await runNode(backend, { parameters: [file(hashA), file(hashB), file(hashA.toUpperCase())] });
		expect(backend.callsTo('runTemplateQuery')).toHaveLength(1);
		expect(backend.callsTo('runHuntingQuery')).toHaveLength(0);
		const [query, options] = backend.callsTo('runTemplateQuery')[0].args as [string, IDataObject];
		expect(query).toContain(`SHA256 in~ ("${hashA}", "${hashB}")`);
		expect(options).toEqual({ timespan: 'P30D' });
		expect(items.map((item) => [item.pairedItem, item.json.DeviceId])).toEqual([
			[{ item: 0 }, 'd1'], [{ item: 0 }, 'd3'], [{ item: 1 }, 'd2'], [{ item: 2 }, 'd1'], [{ item: 2 }, 'd3'],
		]);
	});

	it("gives an AI agent's call one item per input item, at most 100 rows, and says what was cut", async () => {
		const rows = Array.from({ length: 150 }, (_, index) => row(hashA, `d${index}`));
		const backend = backendWithRows(rows);
		const { json, hints } = await runNode(backend, { parameters: file(hashA), nodeType: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTool' });
		expect(json).toHaveLength(1);
		expect(json[0]).toEqual(expect.objectContaining({ value: hashA, rowCount: 100, truncated: true, schema }));
		expect(json[0].notice).toMatch(/^Only the first 100 rows for "a{64}" are returned \(Row Limit\)\. Defender's answer for the batch holding "a{64}" reached its row cap \(100 rows/);
		expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: json[0].notice })]);
		expect(backend.callsTo('runTemplateQuery')[0].args[0]).toMatch(/\| take 100$/);
	});

	it.each([0, 1.5, 'many', 100_001])('refuses Row Limit %j before any request', async (rowLimit) => {
		const backend = backendWithRows([]);
		const error = await runNodeError(backend, { parameters: file(hashA, { options: { rowLimit } }) });
		expect(error.message).toMatch(/^Row Limit .* is not a whole number from 1 to 100,000$/);
		expect(backend.calls).toEqual([]);
	});

	it('refuses a bad value with its reason before any request, and never sends it', async () => {
		const backend = backendWithRows([]);
		const error = await runNodeError(backend, { parameters: file('x" | take 1') });
		expect(error.message).toBe('"x\\" | take 1" is not a file hash: a SHA-256 (64 hexadecimal characters), a SHA-1 (40) or an MD5 (32)');
		expect(backend.calls).toEqual([]);
	});

	it('reads the entity type of alerts by value or by name', async () => {
		const backend = backendWithRows([]);
		await runNode(backend, { parameters: [
			{ resource: 'investigate', operation: 'alertsForEntity', entityType: 'user', value: 'zoe@contoso.example' },
			{ resource: 'investigate', operation: 'alertsForEntity', entityType: 'IP Address, Domain or URL', value: '203.0.113.7' },
		] });
		const queries = backend.callsTo('runTemplateQuery').map((call) => String(call.args[0]));
		expect(queries[0]).toContain('AccountUpn in~ ("zoe@contoso.example")');
		expect(queries[1]).toContain('RemoteIP in~ ("203.0.113.7")');
	});
});
