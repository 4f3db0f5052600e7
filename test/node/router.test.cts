import { NodeOperationError } from 'n8n-workflow';

import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { CannedDefender, incident } from '../harness/cannedDefender.cjs';
import { fakeContext } from './fakes.cjs';
import { runNode, runNodeError } from './run.cjs';

const getIncident = (incidentId: string) => ({
	resource: 'incident',
	operation: 'get',
	incidentId: { __rl: true, mode: 'id', value: incidentId },
});

describe('router', () => {
	it('pairs every output item with the input item it came from', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('1'), incident('2'), incident('3')];
		const { items } = await runNode(defender, {
			parameters: [
				{ resource: 'incident', operation: 'getAll', returnAll: true },
				{ resource: 'incident', operation: 'getAll', returnAll: false, limit: 1 },
			],
		});
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }]);
	});

	it('puts the credential\'s tenant on every item, error items too, and keeps a tenant the API named', async () => {
		const tenantId = '6a0c3e4f-2b1d-4c5e-9f8a-7b6c5d4e3f21';
		const defender = new CannedDefender();
		defender.incidents = [incident('1'), incident('2', { tenantId: 'api-tenant' })];
		const { context } = fakeContext({ parameters: [getIncident('1'), getIncident('2'), getIncident('404')], continueOnFail: true, tenantId });
		const [items] = await router.call(context, defender.open);
		expect(items.map((item) => item.json.tenantId)).toEqual([tenantId, 'api-tenant', tenantId]);
		expect(items[2].json.error).toEqual(expect.any(String));

		const { context: multiTenant } = fakeContext({ parameters: getIncident('1'), tenantId: 'organizations' });
		const [[unnamed]] = await router.call(multiTenant, defender.open);
		expect(unnamed.json).not.toHaveProperty('tenantId');
	});

	it('opens the backend once for all items', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('1'), incident('2')];
		let opened = 0;
		const { context } = fakeContext({ parameters: [getIncident('1'), getIncident('2')] });
		const [items] = await router.call(context, async (openContext) => {
			opened++;
			return await defender.open(openContext);
		});
		expect(opened).toBe(1);
		expect(items.map((item) => item.json.id)).toEqual(['1', '2']);
	});

	it('with Continue On Fail turns a failing item into an error item and runs the others', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('1'), incident('3')];
		const { items } = await runNode(defender, {
			parameters: [getIncident('1'), getIncident('not-a-number'), getIncident('404'), getIncident('3')],
			continueOnFail: true,
		});
		expect(items).toEqual([
			{ json: expect.objectContaining({ id: '1' }), pairedItem: { item: 0 } },
			{ json: { error: expect.stringMatching(/not a valid incident ID/) }, pairedItem: { item: 1 } },
			{ json: { error: 'Incident 404 was not found' }, pairedItem: { item: 2 } },
			{ json: expect.objectContaining({ id: '3' }), pairedItem: { item: 3 } },
		]);
		// The invalid ID never reached the backend.
		expect(defender.callsTo('getIncident').map((call) => call.args[0])).toEqual(['1', '404', '3']);
	});

	it('without Continue On Fail stops at the first failing item with an error naming it', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('1')];
		const error = await runNodeError(defender, {
			parameters: [getIncident('1'), getIncident('x/../y'), getIncident('1')],
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.context).toEqual(expect.objectContaining({ itemIndex: 1 }));
		expect(defender.callsTo('getIncident')).toHaveLength(1);
	});

	it('reports a failure to open the backend per item with Continue On Fail', async () => {
		const { context } = fakeContext({ parameters: getIncident('1'), items: 2, continueOnFail: true });
		const [items] = await router.call(context, async () => {
			throw new Error('Credentials are missing');
		});
		expect(items).toEqual([
			{ json: { error: 'Credentials are missing' }, pairedItem: { item: 0 } },
			{ json: { error: 'Credentials are missing' }, pairedItem: { item: 1 } },
		]);
	});

	it.each([
		[{ resource: 'machine', operation: 'get' }, /resource "machine" is not known/],
		[{ resource: 'incident', operation: 'delete' }, /operation "delete" is not known/],
		[{ resource: 'incident', operation: 'constructor' }, /operation "constructor" is not known/],
		[{ resource: '__proto__', operation: 'get' }, /resource "__proto__" is not known/],
	])('refuses %j', async (parameters, message) => {
		const error = await runNodeError(new CannedDefender(), { parameters });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
	});
});
