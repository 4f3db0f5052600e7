/**
 * The polling trigger in a live `n8n start`: n8n's own scheduler polls, n8n stores the trigger's state in the
 * workflow, and every incident the emulator's admin API creates arrives in exactly one execution, across
 * restarts (each activation polls at once) and n8n's scheduled minute polls, including an incident that becomes
 * visible late (its creation time lies before incidents already delivered).
 */
import { startEmulator } from '../../emulator/index.cjs';
import { delay, nodeOutput, type N8nInstance } from '../../scripts/n8n/instance.cjs';
import { demoOwner, N8nRestClient } from '../../scripts/n8n/rest.cjs';
import { secretCredential, triggerWorkflow } from './fixtures.cjs';
import { instanceWithPackage } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const workflowId = 'trigger-created';

let emulator: Emulator;
let instance: N8nInstance;
let rest: N8nRestClient;

async function waitFor<Value>(what: string, probe: () => Promise<Value | undefined>, timeoutMilliseconds: number): Promise<Value> {
	const deadline = Date.now() + timeoutMilliseconds;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		await delay(1000);
	}
	throw new Error(`Timed out waiting for ${what}; n8n log: ${instance.logFile}`);
}

function incidentPolls(): number {
	return emulator.admin
		.requestLog()
		.filter((entry: { method: string; path: string }) => entry.method === 'GET' && entry.path === '/v1.0/security/incidents')
		.length;
}

/** Incident IDs per successful trigger execution, oldest execution first. */
async function deliveredBatches(): Promise<string[][]> {
	const executions = (await rest.executions(workflowId)).sort((first, second) => Number(first.id) - Number(second.id));
	const batches: string[][] = [];
	for (const execution of executions) {
		const run = await rest.executionRun(execution.id);
		batches.push(nodeOutput(run, 'Defender Trigger').map((incident) => String(incident.id)));
	}
	return batches;
}

async function waitForBatchCount(count: number, timeoutMilliseconds = 45_000): Promise<string[][]> {
	return waitFor(
		`${count} trigger executions`,
		async () => {
			const batches = await deliveredBatches();
			return batches.length >= count ? batches : undefined;
		},
		timeoutMilliseconds,
	);
}

/** Restarts n8n; activation runs one poll at once. Resolves after that poll reached the emulator. */
async function restartAndAwaitActivationPoll(): Promise<void> {
	const pollsBefore = incidentPolls();
	await instance.stop();
	await instance.start();
	await rest.login(demoOwner);
	await waitFor('the activation poll', async () => (incidentPolls() > pollsBefore ? true : undefined), 30_000);
}

async function createIncident(title: string, createdMinutesAgo = 0): Promise<string> {
	const createdDateTime = new Date(Date.now() - createdMinutesAgo * 60_000).toISOString();
	const incident = await emulator.admin.createIncident({ title, severity: 'high', createdDateTime });
	return String(incident.id);
}

beforeAll(async () => {
	emulator = await startEmulator();
	instance = await instanceWithPackage();
	const credential = secretCredential(emulator, 'graph');
	await instance.importCredentials([credential]);
	await instance.importWorkflows([triggerWorkflow(workflowId, credential, { event: 'incidentCreated' })]);
	await instance.publishWorkflow(workflowId);
	const pollsBefore = incidentPolls();
	await instance.start();
	rest = new N8nRestClient(instance.baseUrl);
	await rest.setupOwner(demoOwner);
	await waitFor('the first activation poll', async () => (incidentPolls() > pollsBefore ? true : undefined), 30_000);
}, 180_000);

afterAll(async () => {
	await instance?.dispose();
	await emulator?.close();
});

it('delivers each new incident in exactly one execution, across restarts, late arrivals and scheduled polls', async () => {
	// The first activation starts from "now": nothing is delivered for incidents that existed before.
	expect(await deliveredBatches()).toEqual([]);

	const first = await createIncident('Trigger e2e A');
	const second = await createIncident('Trigger e2e B');
	await restartAndAwaitActivationPoll();
	let batches = await waitForBatchCount(1);
	expect(batches).toHaveLength(1);
	expect(batches[0].sort()).toEqual([first, second].sort());

	// Visible only now, but created ten minutes ago: before the incidents already delivered.
	const late = await createIncident('Trigger e2e late arrival', 10);
	await restartAndAwaitActivationPoll();
	batches = await waitForBatchCount(2);
	expect(batches[1]).toEqual([late]);

	// n8n's own scheduler (every minute) picks up the next one without a restart.
	const scheduled = await createIncident('Trigger e2e scheduled');
	batches = await waitForBatchCount(3, 90_000);
	expect(batches[2]).toEqual([scheduled]);

	// An idle restart delivers nothing again.
	await restartAndAwaitActivationPoll();
	await delay(3000);
	batches = await deliveredBatches();
	expect(batches).toHaveLength(3);
	expect(batches.flat().sort()).toEqual([first, second, late, scheduled].sort());
}, 360_000);
