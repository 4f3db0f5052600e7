/**
 * The polling trigger in a live `n8n start`: n8n's own scheduler polls, n8n stores the trigger's state in the
 * workflow, and every incident the emulator's admin API creates arrives in exactly one execution, across
 * restarts (each activation polls at once) and n8n's scheduled minute polls, including an incident that becomes
 * visible late (its creation time lies before incidents already delivered). The alert and hunting events get the
 * same treatment from their own published workflows in the same n8n.
 */
import { startEmulator } from '../../emulator/index.cjs';
import { delay, nodeError, nodeOutput, type N8nInstance } from '../../scripts/n8n/instance.cjs';
import { demoOwner, N8nRestClient } from '../../scripts/n8n/rest.cjs';
import { secretCredential, triggerWorkflow } from './fixtures.cjs';
import { instanceWithPackage } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const workflowId = 'trigger-created';
const alertWorkflowId = 'trigger-alerts';
const huntingWorkflowId = 'trigger-hunting';
const huntingQuery = 'DeviceProcessEvents\n| where ProcessCommandLine has "e2e-marker"\n| project Timestamp, DeviceId, DeviceName, ReportId';

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
	const requests = emulator.admin.requestLog().map((entry: { method: string; path: string; status: number }) => `${entry.method} ${entry.path} ${entry.status}`);
	throw new Error(`Timed out waiting for ${what}; n8n log: ${instance.logFile}; the emulator's last requests: ${requests.slice(-12).join(', ')}`);
}

/** Requests the emulator received at a path: each poll of an idle trigger makes one. */
function requestsTo(path: string): number {
	return emulator.admin.requestLog().filter((entry: { path: string }) => entry.path === path).length;
}

const incidentPolls = () => requestsTo('/v1.0/security/incidents');
const allPolls = () => incidentPolls() + requestsTo('/v1.0/security/alerts_v2') + requestsTo('/v1.0/security/runHuntingQuery');
/** The published trigger workflows; each activation polls every one of them at least once. */
const publishedTriggers = () => [workflowId, alertWorkflowId, huntingWorkflowId];

/** What identifies an item per workflow: incidents and alerts by ID, hunting rows by Defender's report ID. */
const identityOf: Record<string, (item: Record<string, unknown>) => string> = {
	[workflowId]: (incident) => String(incident.id),
	[alertWorkflowId]: (alert) => String(alert.id),
	[huntingWorkflowId]: (row) => String(row.ReportId),
};

/** Statuses of an execution n8n has listed but not finished: its run data may not be saved yet. */
const unsettledStatuses = new Set(['new', 'running', 'waiting']);

/** Item identities per trigger execution of a workflow, oldest execution first, once n8n has finished them all. */
async function deliveredBatches(workflow = workflowId): Promise<string[][]> {
	const executions = await waitFor(
		`the executions of ${workflow} to finish`,
		async () => {
			// n8n may close an idle keep-alive connection just as the next request goes out: ask once more.
			const listed = await rest.executions(workflow).catch(async () => await delay(500).then(async () => await rest.executions(workflow)));
			return listed.some((execution) => unsettledStatuses.has(execution.status)) ? undefined : listed;
		},
		30_000,
	);
	const batches: string[][] = [];
	for (const execution of executions.sort((first, second) => Number(first.id) - Number(second.id))) {
		const run = await rest.executionRun(execution.id);
		// A failed execution shows up as its error, so an assertion on the batches says why.
		const failure = run.data.resultData.error ?? nodeError(run, 'Defender Trigger');
		batches.push(failure ? [`${execution.status}: ${failure.message ?? ''} ${failure.description ?? ''}`] : nodeOutput(run, 'Defender Trigger').map(identityOf[workflow]));
	}
	return batches;
}

async function waitForBatchCount(count: number, timeoutMilliseconds = 45_000, workflow = workflowId): Promise<string[][]> {
	return waitFor(
		`${count} executions of ${workflow}`,
		async () => {
			const batches = await deliveredBatches(workflow);
			return batches.length >= count ? batches : undefined;
		},
		timeoutMilliseconds,
	);
}

/** Restarts n8n; activation runs one poll of each published trigger at once. Resolves after they reached the emulator. */
async function restartAndAwaitActivationPoll(): Promise<void> {
	const pollsBefore = allPolls();
	await instance.stop();
	await instance.start();
	await rest.login(demoOwner);
	await waitFor('the activation polls', async () => (allPolls() >= pollsBefore + publishedTriggers().length ? true : undefined), 30_000);
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
	await instance.importWorkflows([
		triggerWorkflow(workflowId, credential, { event: 'incidentCreated' }),
		triggerWorkflow(alertWorkflowId, credential, { event: 'alertCreated', options: { entities: true } }),
		triggerWorkflow(huntingWorkflowId, credential, { event: 'huntingResults', query: huntingQuery, keyColumns: 'DeviceId, ReportId', timespan: 'P1D' }),
	]);
	for (const workflow of publishedTriggers()) await instance.publishWorkflow(workflow);
	const pollsBefore = allPolls();
	await instance.start();
	rest = new N8nRestClient(instance.baseUrl);
	await rest.setupOwner(demoOwner);
	await waitFor('the first activation polls', async () => (allPolls() >= pollsBefore + publishedTriggers().length ? true : undefined), 30_000);
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

async function createAlerts(title: string, createdMinutesAgo = 0): Promise<string[]> {
	const createdDateTime = new Date(Date.now() - createdMinutesAgo * 60_000).toISOString();
	const incident = await emulator.admin.createIncident({ title, severity: 'high', createdDateTime, alertCount: 2 });
	return (incident.alerts as Array<{ id: string }>).map((alert) => String(alert.id));
}

it('delivers each new alert in exactly one execution, with its entities, across restarts and late arrivals', async () => {
	// The incident test's incidents brought alerts that the alert workflow delivered; only what follows counts here.
	const alertsBefore = (await deliveredBatches(alertWorkflowId)).length;
	const alerts = await createAlerts('Alert trigger e2e A');
	await restartAndAwaitActivationPoll();
	let alertBatches = await waitForBatchCount(alertsBefore + 1, 45_000, alertWorkflowId);
	expect(alertBatches[alertsBefore].sort()).toEqual(alerts.sort());

	// Visible only now, created ten minutes ago: before the alerts already delivered.
	const lateAlerts = await createAlerts('Alert trigger e2e late arrival', 10);
	await restartAndAwaitActivationPoll();
	alertBatches = await waitForBatchCount(alertsBefore + 2, 45_000, alertWorkflowId);
	expect(alertBatches[alertsBefore + 1].sort()).toEqual(lateAlerts.sort());

	// The alert carries its evidence as entities, as the workflow asked.
	const [execution] = (await rest.executions(alertWorkflowId)).sort((first, second) => Number(second.id) - Number(first.id));
	const [alert] = nodeOutput(await rest.executionRun(execution.id), 'Defender Trigger');
	expect(Object.keys(alert.entities as object)).toContain('devices');

	// An idle restart delivers nothing again.
	await restartAndAwaitActivationPoll();
	await delay(3000);
	expect(await deliveredBatches(alertWorkflowId)).toHaveLength(alertsBefore + 2);
	const allAlerts = (await deliveredBatches(alertWorkflowId)).flat();
	expect(new Set(allAlerts).size).toBe(allAlerts.length);
}, 360_000);

it('delivers each new alert exactly once while Graph ignores $orderby and caps $skip (issue 22)', async () => {
	emulator.admin.setIgnoreOrderBy(true);
	emulator.admin.setSkipCeiling(1000);
	try {
		const alertsBefore = (await deliveredBatches(alertWorkflowId)).flat();
		// Inside the 15-minute overlap window, oldest first; Graph now serves them newest first.
		const alerts: string[] = [];
		for (const minutesAgo of [12, 8, 4, 0]) alerts.push(...(await createAlerts(`Alert trigger e2e unordered ${minutesAgo}`, minutesAgo)));
		await restartAndAwaitActivationPoll();
		const delivered = await waitFor(
			'the unordered alerts',
			async () => {
				const now = (await deliveredBatches(alertWorkflowId)).flat().slice(alertsBefore.length);
				return now.length >= alerts.length ? now : undefined;
			},
			45_000,
		);
		expect([...delivered].sort()).toEqual([...alerts].sort());
		// An idle restart delivers nothing again.
		await restartAndAwaitActivationPoll();
		await delay(3000);
		const all = (await deliveredBatches(alertWorkflowId)).flat();
		expect(all).toHaveLength(alertsBefore.length + alerts.length);
		expect(new Set(all).size).toBe(all.length);
	} finally {
		emulator.admin.setIgnoreOrderBy(false);
		emulator.admin.setSkipCeiling(undefined);
	}
}, 240_000);

let nextReportId = 700_000;
/** Hunting rows the published query finds, `minutesAgo` back. */
function addHuntingRows(count: number, minutesAgo = 0): string[] {
	const Timestamp = new Date(Date.now() - minutesAgo * 60_000).toISOString();
	const rows = Array.from({ length: count }, () => ({ Timestamp, DeviceId: 'e2e-device', DeviceName: 'ws-e2e', ProcessCommandLine: 'cmd.exe /c e2e-marker', ReportId: nextReportId++ }));
	emulator.admin.addHuntingRows('DeviceProcessEvents', rows);
	return rows.map((row) => String(row.ReportId));
}

it('delivers each new hunting row in exactly one execution, across restarts and late rows', async () => {
	const huntingBefore = (await deliveredBatches(huntingWorkflowId)).length;
	const rows = addHuntingRows(3);
	await restartAndAwaitActivationPoll();
	let huntingBatches = await waitForBatchCount(huntingBefore + 1, 45_000, huntingWorkflowId);
	expect(huntingBatches[huntingBefore].sort()).toEqual(rows.sort());

	// Visible only now, ten minutes older than the rows already delivered.
	const lateRows = addHuntingRows(2, 10);
	await restartAndAwaitActivationPoll();
	huntingBatches = await waitForBatchCount(huntingBefore + 2, 45_000, huntingWorkflowId);
	expect(huntingBatches[huntingBefore + 1].sort()).toEqual(lateRows.sort());

	// An idle restart delivers nothing again.
	await restartAndAwaitActivationPoll();
	await delay(3000);
	expect(await deliveredBatches(huntingWorkflowId)).toHaveLength(huntingBefore + 2);
}, 360_000);
