import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { MicrosoftDefenderXdrTrigger } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node';
import { createPollContext, emulatorCredentials } from '../harness/n8nContext.cjs';

/**
 * Partners serve many customer tenants from one workflow: every trigger item carries the tenant it came from, put
 * on by the trigger node's one emit path (the action node's router does the same for output items).
 */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 3, now: new Date() });
});
afterAll(async () => await emulator.close());

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
