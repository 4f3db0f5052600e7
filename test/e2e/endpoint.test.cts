/**
 * The Defender for Endpoint resources in real n8n (`n8n execute`): a device found by a hunting query's DeviceId
 * is isolated and waited for, released and scanned; a SHA-256 and a domain are blocked, then deleted; a read-only
 * app gets the WindowsDefenderATP permission message. n8n core does the OAuth2 of both credentials.
 */
import { startEmulator } from '../../emulator/index.cjs';
import type { CredentialFixture, N8nInstance, WorkflowFixture } from '../../scripts/n8n/instance.cjs';
import { defenderNodeType, locator, secretCredential, type EmulatorEndpoints } from './fixtures.cjs';
import { errorItemMessage, instanceWithPackage, primaryTarget, successfulOutput } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const endpointCredentialType = 'microsoftDefenderForEndpointOAuth2Api';

let emulator: Emulator;
let instance: N8nInstance;

function endpointCredential(endpoints: EmulatorEndpoints, appName: string): CredentialFixture {
	const app = endpoints.apps.find((candidate) => candidate.name === appName)!;
	return {
		id: `endpoint-${appName}`,
		name: `Defender for Endpoint ${appName} app`,
		type: endpointCredentialType,
		data: {
			grantType: 'clientCredentials',
			clientCredentialType: 'clientSecret',
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			tenantId: endpoints.tenantId,
			cloud: 'custom',
			customLoginUrl: endpoints.baseUrl,
			customApiUrl: endpoints.baseUrl,
		},
	};
}

interface Step {
	name: string;
	parameters: Record<string, unknown>;
	credential: CredentialFixture;
}

/** Steps in a chain, each fed by the one before, so later steps can use earlier outputs in expressions. */
function chainWorkflow(id: string, steps: Step[]): WorkflowFixture {
	const nodes = [
		{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...steps.map((step, index) => ({
			id: `${id}-${index}`,
			name: step.name,
			type: defenderNodeType,
			typeVersion: 1,
			position: [250 * (index + 1), 0],
			parameters: step.parameters,
			credentials: { [step.credential.type]: { id: step.credential.id, name: step.credential.name } },
			onError: 'continueRegularOutput',
		})),
	];
	const names = ['Start', ...steps.map((step) => step.name)];
	const connections = Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
	return { id, name: `E2E ${id}`, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

const deviceFromHunting = { __rl: true, mode: 'id', value: "={{ $('Hunting').first().json.DeviceId }}" };
const sha256 = 'c'.repeat(64);

/** Issue 21: a device no other workflow here touches, so its pending actions are the tests' own. */
const quietDevice = () => String(emulator.admin.endpoint.machines().filter((machine) => String(machine.osPlatform).startsWith('Windows')).at(-1)!.id);
const fileA = 'a'.repeat(40);
const fileB = 'b'.repeat(40);

function neverReportsWhatItDidNotDo(full: CredentialFixture): WorkflowFixture[] {
	const device = locator(quietDevice());
	const action = (name: string, parameters: Record<string, unknown>): Step => ({ name, credential: full, parameters: { resource: 'device', deviceId: device, ...parameters } });
	return [
		chainWorkflow('quarantine-two', [
			action('Quarantine A', { operation: 'stopAndQuarantineFile', comment: 'File A', sha1: fileA }),
			action('Quarantine B', { operation: 'stopAndQuarantineFile', comment: 'File B', sha1: fileB }),
			action('Quarantine B again', { operation: 'stopAndQuarantineFile', comment: 'File B again', sha1: fileB }),
		]),
		chainWorkflow('isolate-scopes', [
			action('Isolate Selective', { operation: 'isolate', comment: 'Selective first', isolationType: 'Selective' }),
			action('Isolate Full', { operation: 'isolate', comment: 'Full while Selective pends', isolationType: 'Full' }),
			action('Scan Quick', { operation: 'runAntivirusScan', comment: 'Quick first', scanType: 'Quick' }),
			action('Scan Full', { operation: 'runAntivirusScan', comment: 'Full while Quick pends', scanType: 'Full' }),
		]),
		chainWorkflow('cancelled', [action('Release', { operation: 'releaseFromIsolation', comment: 'Release and wait', options: { waitForCompletion: true, maxWaitMinutes: 2 } })]),
	];
}

beforeAll(async () => {
	emulator = await startEmulator();
	// Short enough that waiting in real n8n takes seconds.
	emulator.admin.endpoint.setActionTimings({ pendingSeconds: 1, runSeconds: 1 });
	const xdr = secretCredential(emulator, 'graph');
	const full = endpointCredential(emulator, 'full');
	const readonly = endpointCredential(emulator, 'readonly');
	instance = await instanceWithPackage(primaryTarget);
	await instance.importCredentials([xdr, full, readonly]);
	await instance.importWorkflows([
		chainWorkflow('respond', [
			{ name: 'Hunting', credential: xdr, parameters: { resource: 'huntingQuery', operation: 'run', query: "DeviceProcessEvents | where FileName =~ 'mimikatz.exe' | take 1 | project DeviceId, DeviceName", timespan: 'P30D' } },
			{ name: 'Isolate', credential: full, parameters: { resource: 'device', operation: 'isolate', deviceId: deviceFromHunting, comment: 'Contained by n8n: mimikatz', isolationType: 'Full', options: { waitForCompletion: true, maxWaitMinutes: 2 } } },
			{ name: 'Release', credential: full, parameters: { resource: 'device', operation: 'releaseFromIsolation', deviceId: deviceFromHunting, comment: 'Released by n8n' } },
			{ name: 'Scan', credential: full, parameters: { resource: 'device', operation: 'runAntivirusScan', deviceId: deviceFromHunting, comment: 'Scan by n8n', scanType: 'Full' } },
			{ name: 'Block SHA-256', credential: full, parameters: { resource: 'indicator', operation: 'createOrUpdate', indicatorValue: sha256, indicatorType: 'automatic', action: 'Block', title: 'mimikatz', description: 'Blocked by n8n' } },
			{ name: 'Block Domain', credential: full, parameters: { resource: 'indicator', operation: 'createOrUpdate', indicatorValue: 'evil.example', indicatorType: 'automatic', action: 'Block', title: 'C2', description: 'Blocked by n8n' } },
			{ name: 'Delete SHA-256', credential: full, parameters: { resource: 'indicator', operation: 'delete', indicatorId: "={{ $('Block SHA-256').first().json.id }}" } },
			{ name: 'Delete Domain', credential: full, parameters: { resource: 'indicator', operation: 'delete', indicatorId: "={{ $('Block Domain').first().json.id }}" } },
		]),
		chainWorkflow('denied', [{ name: 'Isolate', credential: readonly, parameters: { resource: 'device', operation: 'isolate', deviceId: locator(String(emulator.admin.endpoint.machines()[0].id)), comment: 'x', isolationType: 'Full' } }]),
		...neverReportsWhatItDidNotDo(full),
	]);
}, 300_000);

afterAll(async () => {
	await instance?.dispose();
	await emulator?.close();
});

describe(`Defender for Endpoint resources in real n8n ${primaryTarget}.x`, () => {
	it('isolates the device a hunting query found and waits, releases, scans, blocks a SHA-256 and a domain, deletes them', async () => {
		const { run } = await instance.execute('respond');
		const [row] = successfulOutput(run, 'Hunting');
		const [isolated] = successfulOutput(run, 'Isolate');
		expect(isolated).toMatchObject({ type: 'Isolate', status: 'Succeeded', machineId: row.DeviceId, alreadyPending: false });
		expect(successfulOutput(run, 'Release')[0]).toMatchObject({ type: 'Unisolate', status: 'Pending' });
		expect(successfulOutput(run, 'Scan')[0]).toMatchObject({ type: 'RunAntiVirusScan', scope: 'Full' });
		expect(successfulOutput(run, 'Block SHA-256')[0]).toMatchObject({ indicatorType: 'FileSha256', action: 'Block' });
		expect(successfulOutput(run, 'Block Domain')[0]).toMatchObject({ indicatorType: 'DomainName' });
		expect(successfulOutput(run, 'Delete Domain')[0]).toMatchObject({ deleted: true });
		expect(successfulOutput(run, 'Delete SHA-256')[0]).toMatchObject({ deleted: true });
		expect(emulator.admin.endpoint.indicators()).toHaveLength(0);
		expect(emulator.admin.endpoint.machineActions().map((action) => action.type).sort()).toEqual(['Isolate', 'RunAntiVirusScan', 'Unisolate']);
	});

	it('names the missing WindowsDefenderATP permission for a read-only app', async () => {
		const { run } = await instance.execute('denied');
		expect(errorItemMessage(run, 'Isolate')).toBe('Missing permission to isolate a device: the application permission "Machine.Isolate" of WindowsDefenderATP is required');
	});

	describe('a response action never reports what it did not do (issue 21)', () => {
		beforeEach(() => emulator.admin.endpoint.setActionTimings({ pendingSeconds: 600, runSeconds: 1 }));
		afterEach(() => emulator.admin.endpoint.setActionTimings({ pendingSeconds: 1, runSeconds: 1 }));
		const actionsOnQuietDevice = () => emulator.admin.endpoint.machineActions().filter((action) => action.machineId === quietDevice());

		it('quarantines file B while file A\'s quarantine is pending, and does not send B twice', async () => {
			const { run } = await instance.execute('quarantine-two');
			const [a] = successfulOutput(run, 'Quarantine A');
			const [b] = successfulOutput(run, 'Quarantine B');
			expect(b).toMatchObject({ type: 'StopAndQuarantineFile', relatedFileInfo: { fileIdentifier: fileB }, alreadyPending: false });
			expect(b.id).not.toBe(a.id);
			expect(successfulOutput(run, 'Quarantine B again')[0]).toMatchObject({ id: b.id, alreadyPending: true });
			expect(actionsOnQuietDevice().map((action) => (action.relatedFileInfo as { fileIdentifier: string }).fileIdentifier).sort()).toEqual([fileA, fileB]);
		});

		it('makes Full isolation while a Selective one pends, and a Full scan while a Quick one pends, error items naming the pending action', async () => {
			const { run } = await instance.execute('isolate-scopes');
			const [selective] = successfulOutput(run, 'Isolate Selective');
			const [quick] = successfulOutput(run, 'Scan Quick');
			expect(errorItemMessage(run, 'Isolate Full')).toMatch(new RegExp(`^Not sent: .*${String(selective.id)}, Isolate \\(Selective\\)`));
			expect(errorItemMessage(run, 'Scan Full')).toMatch(new RegExp(`^Not sent: .*${String(quick.id)}, RunAntiVirusScan \\(Quick\\)`));
			expect(actionsOnQuietDevice().filter((action) => ['Isolate', 'RunAntiVirusScan'].includes(String(action.type))).map((action) => action.scope)).toEqual(['Selective', 'Quick']);
		});

		it('makes an action someone cancelled while the node waited an error item naming who and why', async () => {
			emulator.admin.endpoint.setActionTimings({ pendingSeconds: 1, runSeconds: 1 });
			emulator.admin.endpoint.failNextAction({ outcome: 'Cancelled', type: 'Unisolate', requestor: 'alice@contoso.example', reason: 'Wrong device' });
			const { run } = await instance.execute('cancelled');
			expect(errorItemMessage(run, 'Release')).toBe('The device action was cancelled by alice@contoso.example: Wrong device');
		});
	});
});
