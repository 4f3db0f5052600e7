import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { createExecuteContext, emulatorCredentials } from '../harness/n8nContext.cjs';

/** The Entities option on the node's alert and incident reads, against the emulator's documented evidence types. */

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 30, now: new Date() });
});
afterAll(async () => await emulator.close());

async function run(parameters: IDataObject, api: 'graph' | 'legacy' = 'graph'): Promise<IDataObject[]> {
	const { context } = createExecuteContext({ parameters, credentials: emulatorCredentials(emulator, 'full', api) });
	const [items] = await router.call(context, async (execute) => await createBackend(execute));
	return items.map((item) => item.json);
}

const kinds = ['devices', 'users', 'ips', 'urls', 'domains', 'files', 'processes', 'mailboxes', 'cloudApps', 'other'];
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Entities', () => {
	const endpointIncident = () => {
		const incident = emulator.admin.createIncident({ serviceSource: 'microsoftDefenderForEndpoint', alertCount: 2 });
		return { incidentId: String(incident.id), alerts: incident.alerts as IDataObject[] };
	};

	it('adds an alert\'s evidence as entities on Get, raw and simplified, and leaves the output alone without the option', async () => {
		const { alerts } = endpointIncident();
		const alertId = String(alerts[0].id);
		const [raw] = await run({ resource: 'alert', operation: 'get', alertId: locator(alertId), options: { entities: true } });
		expect(raw.evidence).toBeDefined();
		expect(Object.keys(raw.entities as object)).toEqual(kinds);
		const devices = (raw.entities as IDataObject).devices as IDataObject[];
		const deviceEvidence = (raw.evidence as IDataObject[]).find((evidence) => String(evidence['@odata.type']).endsWith('deviceEvidence'));
		expect(devices[0].mdeDeviceId).toBe(deviceEvidence?.mdeDeviceId);
		const [simplified] = await run({ resource: 'alert', operation: 'get', alertId: locator(alertId), simplify: true, options: { entities: true } });
		expect(simplified.evidence).toBeUndefined();
		expect(simplified.entities).toEqual(raw.entities);
		const [plain] = await run({ resource: 'alert', operation: 'get', alertId: locator(alertId) });
		expect(plain.entities).toBeUndefined();
	});

	it('adds entities to every alert of Get Many', async () => {
		const alerts = await run({ resource: 'alert', operation: 'getAll', returnAll: false, limit: 5, filters: {}, simplify: true, options: { entities: true } });
		expect(alerts).toHaveLength(5);
		for (const alert of alerts) expect(Object.keys(alert.entities as object)).toEqual(kinds);
	});

	it.each(['graph', 'legacy'] as const)('aggregates an incident\'s entities over its alerts on the %s API, fetching the alerts for it', async (api) => {
		const { incidentId } = endpointIncident();
		const [incident] = await run({ resource: 'incident', operation: 'get', incidentId: locator(incidentId), simplify: true, options: { entities: true } }, api);
		const entities = incident.entities as Record<string, IDataObject[]>;
		expect(Object.keys(entities)).toEqual(kinds);
		expect(entities.devices.length).toBeGreaterThan(0);
		const listed = await run({ resource: 'incident', operation: 'getAll', returnAll: false, limit: 3, filters: {}, options: { entities: true } }, api);
		for (const item of listed) expect(Object.keys(item.entities as object)).toEqual(kinds);
	});
});
