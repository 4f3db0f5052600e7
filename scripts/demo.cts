/**
 * `npm start`: see the package work in a real n8n in minutes, without a Microsoft tenant.
 * Provisions n8n on first use, builds and packs this package, starts the Defender XDR emulator with seeded data
 * and a live n8n with the package installed (as the Community Nodes installer would), credentials pointing at
 * the emulator and the example workflows imported, then prints the editor URL and a login. Ctrl+C stops all.
 * `npm start -- --check` does the same, verifies the editor, login, nodes and examples, and exits (for CI).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator } from '../emulator/index.cjs';
import { freePort, N8nInstance, type CredentialFixture, type WorkflowFixture } from './n8n/instance.cjs';
import { demoOwner, N8nRestClient } from './n8n/rest.cjs';
import { isProvisioned, packPackage, provisionRuntime, repositoryRoot, runInheritingOutput } from './n8n/runtime.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const checkOnly = process.argv.includes('--check');
const demoCredentialIds = { graph: 'defender-demo-graph', legacy: 'defender-demo-legacy' } as const;
const liveTriggerWorkflowId = 'defenderLiveDemo';
/** A new incident appears in the emulator this often, so the live trigger has something to deliver. */
const newIncidentEveryMilliseconds = 60_000;

function step(message: string): void {
	process.stdout.write(`\n==> ${message}\n`);
}

function demoCredentials(emulator: Emulator): CredentialFixture[] {
	const fullAccessApp = emulator.apps.find((app: { name: string }) => app.name === 'full');
	if (!fullAccessApp) throw new Error('The emulator has no "full" app');
	return (['graph', 'legacy'] as const).map((api) => ({
		id: demoCredentialIds[api],
		name: `Microsoft Defender XDR (demo emulator, ${api === 'graph' ? 'Graph' : 'legacy API'})`,
		type: 'microsoftDefenderXdrOAuth2Api',
		data: {
			grantType: 'clientCredentials',
			clientCredentialType: 'clientSecret',
			clientId: fullAccessApp.clientId,
			clientSecret: fullAccessApp.clientSecret,
			tenantId: emulator.tenantId,
			cloud: 'custom',
			customLoginUrl: emulator.baseUrl,
			customApiUrl: emulator.baseUrl,
			api,
		},
	}));
}

/** The Defender for Endpoint credential of the example that isolates devices, for the same app. */
function demoEndpointCredential(emulator: Emulator): CredentialFixture {
	const [graphCredential] = demoCredentials(emulator);
	const { api: _api, ...fields } = graphCredential.data;
	return { id: 'defender-demo-endpoint', name: 'Microsoft Defender for Endpoint (demo emulator)', type: 'microsoftDefenderForEndpointOAuth2Api', data: fields };
}

function exampleWorkflows(): WorkflowFixture[] {
	const folder = join(repositoryRoot, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as WorkflowFixture);
}

/** Published at start: shows the trigger delivering the emulator's new incidents as executions. */
function liveTriggerWorkflow(): WorkflowFixture {
	const credential = { id: demoCredentialIds.graph, name: 'Microsoft Defender XDR (demo emulator, Graph)' };
	return {
		id: liveTriggerWorkflowId,
		name: 'Demo: new incidents arrive (live trigger, polls every minute)',
		active: false,
		nodes: [
			{
				id: 'demo-live-note',
				name: 'About this demo',
				type: 'n8n-nodes-base.stickyNote',
				typeVersion: 1,
				position: [-420, -200],
				parameters: {
					width: 380,
					height: 300,
					content:
						'## Live trigger\nThis workflow is published. The demo emulator creates a new incident every minute; the trigger polls every minute and each incident arrives exactly once as an execution (see **Executions**).',
				},
			},
			{
				id: 'demo-live-trigger',
				name: 'New Incident',
				type: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'incidentCreated' },
				credentials: { microsoftDefenderXdrOAuth2Api: credential },
			},
			{
				id: 'demo-live-received',
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [260, 0],
				parameters: {},
			},
		],
		connections: { 'New Incident': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function preferredPort(port: number): Promise<number> {
	const { createServer } = await import('node:net');
	return new Promise((resolvePort) => {
		const server = createServer();
		server.once('error', () => void freePort().then(resolvePort));
		server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(port)));
	});
}

async function verify(instance: N8nInstance, rest: N8nRestClient, workflowCount: number): Promise<void> {
	await rest.login(demoOwner);
	const nodeTypes = await rest.request<unknown>('GET', '/types/nodes.json');
	const loaded = JSON.stringify(nodeTypes);
	for (const nodeName of ['microsoftDefenderXdr', 'microsoftDefenderXdrTrigger']) {
		if (!loaded.includes(`n8n-nodes-microsoft-defender-xdr.${nodeName}"`)) throw new Error(`n8n did not load ${nodeName}`);
	}
	const workflows = await rest.request<{ data: unknown[] }>('GET', '/rest/workflows');
	if (workflows.data.length !== workflowCount) {
		throw new Error(`expected ${workflowCount} workflows in n8n, found ${workflows.data.length}`);
	}
	process.stdout.write(`Check passed: editor at ${instance.baseUrl}, login works, both nodes and ${workflowCount} workflows loaded.\n`);
}

async function main(): Promise<void> {
	step(
		isProvisioned('2')
			? 'Using Node 24 and n8n from the cache'
			: 'Provisioning Node 24 and n8n into the cache (this once: about 9 minutes and 3.1 GB on a 2-core machine)',
	);
	const runtime = await provisionRuntime('2');

	step('Building and packing the package');
	await runInheritingOutput('npm', ['run', 'build']);
	const tarball = packPackage();

	step('Starting the Microsoft Defender XDR emulator');
	const emulator = await startEmulator();

	step(`Starting n8n ${runtime.n8nVersion} with the package installed`);
	const instance = await N8nInstance.create({ runtime, port: await preferredPort(Number(process.env.N8N_PORT ?? 5678)) });
	let newIncidentTimer: NodeJS.Timeout | undefined;
	let stopping = false;
	const stopEverything = async (exitCode: number) => {
		if (stopping) return;
		stopping = true;
		if (newIncidentTimer) clearInterval(newIncidentTimer);
		step('Stopping n8n and the emulator');
		// After a failure the user folder stays, so n8n's log can be read.
		if (exitCode === 0) await instance.dispose();
		else await instance.stop();
		await emulator.close();
		process.exit(exitCode);
	};
	process.on('SIGINT', () => void stopEverything(0));
	process.on('SIGTERM', () => void stopEverything(0));

	try {
		await instance.installPackageTarball(tarball);
		await instance.importCredentials([...demoCredentials(emulator), demoEndpointCredential(emulator)]);
		const workflows = [...exampleWorkflows(), liveTriggerWorkflow()];
		await instance.importWorkflows(workflows);
		await instance.publishWorkflow(liveTriggerWorkflowId);
		await instance.start();
		const rest = new N8nRestClient(instance.baseUrl);
		await rest.setupOwner(demoOwner);

		if (checkOnly) {
			await verify(instance, rest, workflows.length);
			await stopEverything(0);
			return;
		}
		newIncidentTimer = setInterval(() => void emulator.admin.createIncident({ severity: 'high' }), newIncidentEveryMilliseconds);
		process.stdout.write(
			[
				'',
				'n8n is ready with Microsoft Defender XDR nodes, talking to a local emulator (no Microsoft tenant needed).',
				'',
				`  Editor:    ${instance.baseUrl}`,
				`  Login:     ${demoOwner.email}`,
				`  Password:  ${demoOwner.password}`,
				'',
				`  Emulator:  ${emulator.baseUrl} (tenant ${emulator.tenantId})`,
				'  Workflows: the examples from examples/, and a published live trigger that receives the new',
				'             incident the emulator creates every minute (see Executions).',
				`  n8n log:   ${instance.logFile}`,
				'',
				'Press Ctrl+C to stop everything.',
				'',
			].join('\n'),
		);
	} catch (error) {
		process.stderr.write(`\nThe demo could not start: ${(error as Error).message}\n(n8n's log: ${instance.logFile})\n`);
		await stopEverything(1);
	}
}

void main();
