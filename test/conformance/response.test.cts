import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend, createEndpointBackend, createResponseBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { emulatorHttp, type CallAnswer } from '../harness/emulatorHttp.cjs';
import { createExecuteContext, emulatorCredentials } from '../harness/n8nContext.cjs';
import { contractViolation, responseEndpoints } from './contract.cjs';

/**
 * Contract section 10 (identity accounts, custom detection rules on Graph v1.0): the emulator serves each
 * documented request and refuses what the pages refuse, and every request the node's operations send is one
 * the contract allows.
 */

let emulator: Emulator;
const { call } = emulatorHttp(() => emulator);

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 5, now: '2026-11-20T12:00:00Z' });
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.admin.reset());

const firstAccount = () => emulator.admin.response.identityAccounts()[0];
const firstRule = () => String(emulator.admin.response.detectionRules()[0].id);
const rule = (overrides: IDataObject = {}) => ({
	displayName: 'Conformance',
	queryCondition: { queryText: 'AlertInfo | take 1' },
	schedule: { frequency: 'PT1H' },
	detectionAction: { alertTemplate: { title: 'Conformance', severity: 'low' } },
	...overrides,
});

function expectBadRequest(answer: CallAnswer, message: RegExp): void {
	expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 400, code: 'BadRequest' });
	expect(answer.body.error.message).toMatch(message);
	expect(answer.body.error.innerError).toEqual(expect.objectContaining({ 'request-id': expect.any(String) }));
}

describe('the emulator serves each documented request (contract 10)', () => {
	it.each(responseEndpoints.filter((endpoint) => endpoint.method === 'GET').map((endpoint) => [endpoint.path, endpoint] as const))('GET %s', async (_path, endpoint) => {
		const id = endpoint.path.includes('identityAccounts') ? firstAccount().id : firstRule();
		const answer = await call(`/v1.0${endpoint.path.replace('{id}', id)}`);
		expect(answer.status).toBe(200);
	});

	it('invokes an action and answers with invokeActionResult', async () => {
		const account = firstAccount();
		const entry = account.accounts[0];
		const answer = await call(`/v1.0/security/identities/identityAccounts/${account.id}/invokeAction`, { method: 'POST', body: { accountId: entry.identifier, action: 'disable', identityProvider: entry.identityProvider } });
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.body).filter((key) => !key.startsWith('@odata')).sort()).toEqual(['accountId', 'action', 'correlationId', 'identityProvider']);
	});

	it('creates (201), updates and deletes (204) a rule', async () => {
		const created = await call('/v1.0/security/rules/detectionRules', { method: 'POST', body: rule() });
		expect(created.status).toBe(201);
		expect((await call(`/v1.0/security/rules/detectionRules/${created.body.id}`, { method: 'PATCH', body: { status: 'disabled' } })).body.status).toBe('disabled');
		expect((await call(`/v1.0/security/rules/detectionRules/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await call(`/v1.0/security/rules/detectionRules/${created.body.id}`)).status).toBe(404);
	});
});

describe('the emulator refuses what the pages refuse (contract 10)', () => {
	const invoke = (body: IDataObject) => call(`/v1.0/security/identities/identityAccounts/${firstAccount().id}/invokeAction`, { method: 'POST', body });

	it.each([
		['an action outside the enum', { action: 'lockOut' }, /microsoft\.graph\.security\.action/],
		['a provider outside the enum', { identityProvider: 'google' }, /microsoft\.graph\.security\.identityProvider/],
		['a field the action does not take', { provider: 'entraID' }, /'provider' does not exist/],
		['a provider and action pair the account page does not list', { identityProvider: 'activeDirectory', action: 'revokeAllSessions' }, /not supported|does not belong/],
	])('invokeAction: %s', async (_case, overrides, message) => {
		const entry = firstAccount().accounts[0];
		expectBadRequest(await invoke({ accountId: entry.identifier, action: 'disable', identityProvider: entry.identityProvider, ...overrides }), message);
	});

	it.each([
		['a beta-only field', rule({ schedule: { period: '1H' } }), /'period' does not exist/],
		['a frequency that is no duration', rule({ schedule: { frequency: '1H' } }), /Edm\.Duration/],
		['a severity outside the page', rule({ detectionAction: { alertTemplate: { title: 'x', severity: 'critical' } } }), /severity 'critical'/],
		['the deprecated responseActions', rule({ detectionAction: { alertTemplate: { title: 'x', severity: 'low' }, responseActions: [] } }), /'responseActions' does not exist/],
		['a status only Defender sets', rule({ status: 'autoDisabled' }), /cannot be set/],
		['a rule without a query', rule({ queryCondition: undefined }), /'queryCondition' must be an object/],
	])('create: %s', async (_case, body, message) => {
		expectBadRequest(await call('/v1.0/security/rules/detectionRules', { method: 'POST', body }), message);
	});

	it('refuses $filter on a property the page does not name and query options it does not document', async () => {
		expect((await call("/v1.0/security/identities/identityAccounts?$filter=accounts/any(a: a/identifier eq 'x')")).status).toBe(400);
		expect((await call('/v1.0/security/identities/identityAccounts?$top=5')).status).toBe(400);
		expect((await call('/v1.0/security/rules/detectionRules?$skip=5')).status).toBe(400);
	});

	it('refuses a token without the permission', async () => {
		const answer = await call(`/v1.0/security/rules/detectionRules`, { method: 'POST', body: rule(), app: 'readonly' });
		expect(answer.status).toBe(403);
	});
});

describe('every request the node sends is one the contract allows', () => {
	const rows: Array<[string, () => IDataObject]> = [
		['identity Get Many with a filter', () => ({ resource: 'identityAccount', operation: 'getAll', returnAll: true, filter: "displayName eq 'zoe.muller'" })],
		['identity Get', () => ({ resource: 'identityAccount', operation: 'get', identityAccountId: firstAccount().id })],
		['identity Invoke Action', () => ({ resource: 'identityAccount', operation: 'invokeAction', identityAccountId: firstAccount().id, identityProvider: 'entraID', identityAction: 'revokeAllSessions' })],
		['rule Get Many with a filter', () => ({ resource: 'detectionRule', operation: 'getAll', returnAll: true, filter: "status eq 'enabled'" })],
		['rule Get', () => ({ resource: 'detectionRule', operation: 'get', ruleId: firstRule() })],
		['rule Create, every field', () => ({ resource: 'detectionRule', operation: 'create', displayName: 'All fields', queryText: 'AlertInfo', frequency: 'P1D', alertTitle: 'All', severity: 'informational', additionalFields: { description: 'd', status: 'disabled', alertDescription: 'a', recommendedActions: 'r', detectionAction: '{"alertTemplate": {"tactics": ["execution"]}, "organizationalScope": null}' } })],
		['rule Update of an alert field', () => ({ resource: 'detectionRule', operation: 'update', ruleId: firstRule(), updateFields: { severity: 'high', queryText: 'AlertInfo | take 2' } })],
		['rule Delete', () => ({ resource: 'detectionRule', operation: 'delete', ruleId: firstRule() })],
	];

	it.each(rows)('%s', async (_name, parameters) => {
		const { context } = createExecuteContext({ parameters: parameters(), credentials: emulatorCredentials(emulator, 'full') });
		const logged = emulator.admin.requestLog().length;
		await router.call(context, createBackend, createEndpointBackend, createResponseBackend);
		const mine = emulator.admin.requestLog().slice(logged).filter((entry) => entry.path.startsWith('/v1.0/security'));
		expect(mine.length).toBeGreaterThan(0);
		const violations = mine.map((entry) => {
			const query: Record<string, string> = {};
			for (const [name, value] of new URLSearchParams(entry.query)) query[name] = value;
			return contractViolation({ api: 'graph', method: entry.method, path: entry.path.slice('/v1.0'.length), query, body: entry.body ? (JSON.parse(entry.body) as Record<string, unknown>) : undefined });
		});
		expect(violations.filter((violation) => violation !== undefined)).toEqual([]);
		expect(mine.filter((entry) => entry.status >= 400)).toEqual([]);
	});
});
