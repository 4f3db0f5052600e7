import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { MicrosoftDefenderXdrTrigger } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node';
import { createExecuteContext, createPollContext, emulatorCredentials } from '../harness/n8nContext.cjs';

/**
 * Partners serve many customer tenants from one workflow: every trigger item carries the tenant it came from, put
 * on by the trigger node's one emit path (the action node's router does the same for output items).
 */

let emulator: Emulator;
/** A customer tenant of the same multi-tenant apps (same client IDs), as a partner serves it. */
let customer: Emulator;
const customerTenantId = '0f1e2d3c-4b5a-4968-8776-655443322110';
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 3, now: new Date() });
	customer = await startEmulator({ incidents: 3, now: new Date(), customerTenant: { tenantId: customerTenantId, tenantDomain: 'fabrikam.example' } });
});
afterAll(async () => {
	await emulator.close();
	await customer.close();
});

it('one multi-tenant app serves two tenants: the same client ID, one credential per tenant, each item names its tenant', async () => {
	const fullApp = (of: Emulator) => of.apps.find((app) => app.name === 'full')!.clientId;
	expect(fullApp(customer)).toBe(fullApp(emulator));
	const parameters = { resource: 'incident', operation: 'getAll', returnAll: true, simplify: true, filters: {}, options: {} };
	for (const [tenant, expectedTenantId] of [[emulator, emulator.tenantId], [customer, customerTenantId]] as const) {
		const { context } = createExecuteContext({ parameters, credentials: emulatorCredentials(tenant, 'full') });
		const [items] = await router.call(context, (opened) => createBackend(opened));
		expect(items.length).toBeGreaterThan(0);
		expect(new Set(items.map((item) => item.json.tenantId))).toEqual(new Set([expectedTenantId]));
	}
	// A credential of one tenant is no key to the other: its token names the other tenant.
	const crossed = { ...emulatorCredentials(customer, 'full'), tenantId: emulator.tenantId };
	const { context } = createExecuteContext({ parameters, credentials: crossed, continueOnFail: true });
	const [[refused]] = await router.call(context, (opened) => createBackend(opened));
	expect(String(refused.json.error)).toMatch(/tenant/i);
});

it.each([
	['the incident trigger (Simplify on)', { event: 'incidentCreated', simplify: true }],
	['the hunting trigger, one item per poll', { event: 'huntingResults', query: 'DeviceProcessEvents | take 2', output: 'singleItem' }],
])('%s puts the tenant ID on every item', async (_name, parameters) => {
	emulator.admin.createIncident({ title: 'for a partner' });
	const { context } = createPollContext({ credentials: emulatorCredentials(emulator, 'full'), parameters, staticData: {}, mode: 'manual', pollBudgetMs: 60_000 });
	const output = await new MicrosoftDefenderXdrTrigger().poll.call(context);
	const items = output?.[0] ?? [];
	expect(items.length).toBeGreaterThan(0);
	expect(items.map((item) => item.json.tenantId)).toEqual(items.map(() => emulator.tenantId));
});
