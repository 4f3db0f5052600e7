/**
 * Investigate in real n8n (`n8n execute`): every template answers from the emulator's hunting tables through n8n
 * core's OAuth2, several items share one hunting request and each row stays paired with its item, a hostile value
 * is an item error before any request, and the example workflow's nodes (alert → its files → devices that saw
 * them → isolate) run end to end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator } from '../../emulator/index.cjs';
import { machineIdOf } from '../../emulator/endpoint/machines.cjs';
import { knownFile } from '../../emulator/files.cjs';
import { huntingDevices } from '../../emulator/hunting/index.cjs';
import type { CredentialFixture, ExecutionRun, N8nInstance, WorkflowFixture } from '../../scripts/n8n/instance.cjs';
import { defenderNodeType, manualWorkflow, secretCredential, type EmulatorEndpoints } from './fixtures.cjs';
import { errorItemMessage, instanceWithPackage, primaryTarget, successfulOutput } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
let instance: N8nInstance;

const mimikatz = knownFile('mimikatz.exe');
const device = machineIdOf(huntingDevices[0]);
const investigate = (operation: string, value: string, extra: Record<string, unknown> = {}) => ({ resource: 'investigate', operation, value, timespan: 'P30D', ...extra });

function endpointCredential(endpoints: EmulatorEndpoints): CredentialFixture {
	const app = endpoints.apps.find((candidate) => candidate.name === 'full')!;
	return {
		id: 'endpoint-full',
		name: 'Defender for Endpoint full app',
		type: 'microsoftDefenderForEndpointOAuth2Api',
		data: { grantType: 'clientCredentials', clientCredentialType: 'clientSecret', clientId: app.clientId, clientSecret: app.clientSecret, tenantId: endpoints.tenantId, cloud: 'custom', customLoginUrl: endpoints.baseUrl, customApiUrl: endpoints.baseUrl },
	};
}

/** Manual Trigger → a Code node making one item per value → one Investigate node reading `$json.value`. */
function batchWorkflow(id: string, credential: CredentialFixture, values: string[]): WorkflowFixture {
	return {
		id,
		name: `E2E ${id}`,
		active: false,
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-values`, name: 'Values', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: `return ${JSON.stringify(values)}.map((value) => ({ json: { value } }));` } },
			{
				id: `${id}-investigate`,
				name: 'Investigate',
				type: defenderNodeType,
				typeVersion: 1,
				position: [440, 0],
				parameters: investigate('devicesWithFile', '={{ $json.value }}'),
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
				onError: 'continueRegularOutput',
			},
		],
		connections: { Start: { main: [[{ node: 'Values', type: 'main', index: 0 }]] }, Values: { main: [[{ node: 'Investigate', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The example workflow's own nodes from "Each File" on, fed by an alert read with Get Many instead of the
 * trigger, and without the Slack approval (approved as if by the analyst).
 */
function exampleWorkflow(xdr: CredentialFixture, endpoint: CredentialFixture): WorkflowFixture {
	const example = JSON.parse(readFileSync(join(__dirname, '../../examples/new-alert-devices-with-file-isolate-with-approval.json'), 'utf8')) as { nodes: Array<Record<string, unknown>> };
	const byName = (name: string): Record<string, unknown> => example.nodes.find((node) => node.name === name)!;
	const withCredential = (node: Record<string, unknown>, credential: CredentialFixture) => ({ ...node, credentials: { [credential.type]: { id: credential.id, name: credential.name } } });
	const steps = ['Start', 'New Endpoint Alert', 'Each File', 'Devices That Saw the File', 'One Item per Device', 'Isolate Device'];
	return {
		id: 'e2eFileHunt',
		name: 'E2E example: alert → devices that saw its file → isolate',
		active: false,
		nodes: [
			{ id: 'example-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			withCredential(
				{ id: 'example-alert', name: 'New Endpoint Alert', type: defenderNodeType, typeVersion: 1, position: [100, 0], parameters: { resource: 'alert', operation: 'getAll', returnAll: false, limit: 1, filters: { serviceSource: ['microsoftDefenderForEndpoint'] }, simplify: true, options: { entities: true } } },
				xdr,
			),
			byName('Each File'),
			withCredential(byName('Devices That Saw the File'), xdr),
			byName('One Item per Device'),
			withCredential(byName('Isolate Device'), endpoint),
		],
		connections: Object.fromEntries(steps.slice(0, -1).map((name, index) => [name, { main: [[{ node: steps[index + 1], type: 'main', index: 0 }]] }])),
		settings: { executionOrder: 'v1' },
	};
}

const huntingRequests = () => emulator.admin.requestLog().filter((entry) => entry.path.endsWith('/security/runHuntingQuery'));

/** The output items of a node with their pairedItem, as n8n's run data holds them. */
function pairedOutput(run: ExecutionRun | undefined, nodeName: string): Array<{ json: Record<string, unknown>; pairedItem?: { item: number } }> {
	return (run?.data.resultData.runData[nodeName]?.[0]?.data?.main[0] ?? []) as Array<{ json: Record<string, unknown>; pairedItem?: { item: number } }>;
}

beforeAll(async () => {
	emulator = await startEmulator();
	emulator.admin.endpoint.setActionTimings({ pendingSeconds: 1, runSeconds: 1 });
	const xdr = secretCredential(emulator, 'graph');
	const endpoint = endpointCredential(emulator);
	instance = await instanceWithPackage(primaryTarget);
	await instance.importCredentials([xdr, endpoint]);
	await instance.importWorkflows([
		manualWorkflow('investigateAll', xdr, [
			{ name: 'File', parameters: investigate('devicesWithFile', mimikatz.sha256) },
			{ name: 'Address', parameters: investigate('devicesContactingAddress', 'evil.example') },
			{ name: 'Sign-Ins', parameters: investigate('deviceSignIns', device) },
			{ name: 'Events', parameters: investigate('deviceEvents', device, { options: { rowLimit: 5 } }) },
			{ name: 'Vulnerabilities', parameters: investigate('deviceVulnerabilities', device) },
			{ name: 'Alerts', parameters: investigate('alertsForEntity', 'zoe.muller@contoso.example', { entityType: 'user', options: { output: 'singleItem' } }) },
			{ name: 'Hostile', parameters: investigate('alertsForEntity', 'x" | take 100000 //', { entityType: 'user' }) },
		]),
		batchWorkflow('investigateBatch', xdr, [mimikatz.sha256, knownFile('cmd.exe').sha256, 'f'.repeat(64), mimikatz.sha256]),
		exampleWorkflow(xdr, endpoint),
	]);
}, 300_000);

afterAll(async () => {
	await instance?.dispose();
	await emulator?.close();
});

describe(`Investigate in real n8n ${primaryTarget}.x`, () => {
	it('answers every template from the hunting tables, and refuses a hostile value before any request', async () => {
		emulator.admin.resetCounters();
		const { run } = await instance.execute('investigateAll');
		expect(successfulOutput(run, 'File').every((row) => row.SHA256 === mimikatz.sha256)).toBe(true);
		expect(successfulOutput(run, 'Address').every((row) => String(row.RemoteUrl).endsWith('evil.example'))).toBe(true);
		expect(successfulOutput(run, 'Sign-Ins')[0]).toMatchObject({ DeviceId: device, SignIns: expect.any(Number), AccountSid: expect.stringMatching(/^S-1-5-21-/) });
		expect(successfulOutput(run, 'Events')).toHaveLength(5);
		expect(successfulOutput(run, 'Vulnerabilities')[0]).toMatchObject({ DeviceId: device, CveId: expect.stringMatching(/^CVE-/) });
		const [alerts] = successfulOutput(run, 'Alerts');
		expect(alerts).toMatchObject({ value: 'zoe.muller@contoso.example', rowCount: expect.any(Number) });
		expect(Number(alerts.rowCount)).toBeGreaterThan(0);
		expect(errorItemMessage(run, 'Hostile')).toMatch(/^"x\\" \| take 100000 \/\/" is not a user principal name or security identifier/);
		expect(huntingRequests()).toHaveLength(6);
		expect(huntingRequests().some((entry) => entry.body.includes('take 100000'))).toBe(false);
	});

	it('answers several items with one hunting request, each row paired with its item', async () => {
		emulator.admin.resetCounters();
		const { run } = await instance.execute('investigateBatch');
		expect(huntingRequests()).toHaveLength(1);
		const output = pairedOutput(run, 'Investigate');
		const values = [mimikatz.sha256, knownFile('cmd.exe').sha256, 'f'.repeat(64), mimikatz.sha256];
		expect(output.length).toBeGreaterThan(0);
		for (const item of output) expect(item.json.SHA256).toBe(values[item.pairedItem!.item]);
		expect(new Set(output.map((item) => item.pairedItem!.item))).toEqual(new Set([0, 1, 3]));
	});

	it("runs the example workflow: an endpoint alert's files, the devices that saw them, each isolated once", async () => {
		emulator.admin.resetCounters();
		const { run } = await instance.execute('e2eFileHunt');
		const devices = successfulOutput(run, 'One Item per Device');
		expect(devices.length).toBeGreaterThan(0);
		expect(devices[0]).toMatchObject({ deviceId: expect.stringMatching(/^[0-9a-f]{40}$/), alertId: expect.any(String), files: expect.arrayContaining([expect.any(String)]) });
		const isolated = successfulOutput(run, 'Isolate Device');
		expect(isolated).toHaveLength(devices.length);
		for (const action of isolated) expect(action).toMatchObject({ type: 'Isolate', status: 'Succeeded' });
		expect(emulator.admin.endpoint.machineActions().filter((action) => action.type === 'Isolate')).toHaveLength(devices.length);
		expect(huntingRequests()).toHaveLength(1);
	});
});
