/**
 * The package in n8n's queue mode: a main instance, two workers, Redis and PostgreSQL, with the emulator as
 * Microsoft. Nothing of the package lives in process memory between executions (n8n stores the OAuth2 token in
 * the credential and the trigger's cursor in the workflow, both in PostgreSQL), so work spread over workers,
 * restarts and a shared rate limit must not cost extra token requests, failed executions or double deliveries.
 * Every assertion on executions reads what n8n stored in PostgreSQL.
 */
import { startEmulator } from '../../emulator/index.cjs';
import { delay, nodeOutput } from '../../scripts/n8n/instance.cjs';
import { demoOwner } from '../../scripts/n8n/rest.cjs';
import { secretCredential, triggerWorkflow } from '../e2e/fixtures.cjs';
import { executionsStartedBy, killInstance, runWithConcurrency, startQueueCluster, waitFor, type QueueCluster } from './cluster.cjs';
import { getIncidentWebhookWorkflow } from './workflows.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const webhookWorkflowId = 'queue-incident';
const webhookPath = 'queue-incident';
const triggerWorkflowId = 'queue-trigger';
const workerCount = 2;
/** Requests in flight at once: more than one worker's default concurrency (10), so both workers are busy. */
const callerConcurrency = 20;

let emulator: Emulator;
let cluster: QueueCluster;
let incidentIds: string[];

interface WebhookAnswer {
	/** 0 when n8n gave no answer at all. */
	status: number;
	incidentId?: string;
	error?: string;
}

async function getIncidentThroughWebhook(incidentId: string): Promise<WebhookAnswer> {
	let response: Response;
	try {
		response = await fetch(`${cluster.main.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ incidentId }),
			// Far above any execution here (the longest waits out a 60-second rate-limit window).
			signal: AbortSignal.timeout(150_000),
		});
	} catch (error) {
		return { status: 0, error: String((error as Error).cause ?? error) };
	}
	const text = await response.text();
	try {
		const body = JSON.parse(text) as { id?: unknown };
		return { status: response.status, incidentId: body.id === undefined ? undefined : String(body.id) };
	} catch {
		return { status: response.status };
	}
}

/** Sends `count` webhook calls (at most callerConcurrency at once); returns the calls not answered with their incident. */
async function runGetIncidentLoad(count: number): Promise<Array<WebhookAnswer & { requested: string }>> {
	const requested = Array.from({ length: count }, (_, index) => incidentIds[index % incidentIds.length]);
	const answers = await runWithConcurrency(count, callerConcurrency, (index) => getIncidentThroughWebhook(requested[index]));
	return answers
		.map((answer, index) => ({ ...answer, requested: requested[index] }))
		.filter((answer) => answer.status !== 200 || answer.incidentId !== answer.requested);
}

function lastExecutionId(): number {
	return Number(cluster.postgres.query('SELECT COALESCE(MAX(id), 0) FROM execution_entity')[0][0]);
}

/** A workflow's executions after `afterId`, as n8n stored them: id and status, once none is unfinished. */
async function storedExecutions(workflowId: string, afterId: number, expectedCount: number): Promise<Array<{ id: string; status: string }>> {
	return waitFor(
		`${expectedCount} finished executions of ${workflowId}`,
		() => {
			const rows = cluster.postgres
				.query(`SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${afterId} ORDER BY id`)
				.map(([id, status]) => ({ id, status }));
			const finished = rows.filter((row) => !['new', 'running', 'waiting'].includes(row.status));
			return finished.length >= expectedCount && finished.length === rows.length ? rows : undefined;
		},
		60_000,
	);
}

/** How many of the given executions each worker ran (from the workers' own logs). */
function executionsPerWorker(executionIds: string[]): number[] {
	return cluster.workers.map((worker) => {
		const started = executionsStartedBy(worker);
		return executionIds.filter((id) => started.has(id)).length;
	});
}

function apiAnswersSince(logOffset: number, status: number): number {
	return emulator.admin
		.requestLog()
		.slice(logOffset)
		.filter((entry: { path: string; status: number }) => entry.status === status && !entry.path.includes('/oauth2/')).length;
}

/** Runs `count` webhook executions and checks n8n stored each as successful; returns their IDs and the per-worker split. */
async function loadAndVerify(count: number): Promise<{ executionIds: string[]; perWorker: number[] }> {
	const afterId = lastExecutionId();
	const unanswered = await runGetIncidentLoad(count);
	const executions = await storedExecutions(webhookWorkflowId, afterId, count);
	// Stored first: if a caller got no answer, this tells whether its execution failed or only the answer was lost.
	expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	expect(executions).toHaveLength(count);
	expect(unanswered).toEqual([]);
	const executionIds = executions.map((execution) => execution.id);
	const perWorker = executionsPerWorker(executionIds);
	// Every execution ran on one of the workers (none on the main instance), and each worker took a share.
	expect(perWorker.reduce((sum, share) => sum + share, 0)).toBe(count);
	for (const share of perWorker) expect(share).toBeGreaterThan(0);
	return { executionIds, perWorker };
}

function incidentPolls(): number {
	return emulator.admin
		.requestLog()
		.filter((entry: { method: string; path: string }) => entry.method === 'GET' && entry.path === '/v1.0/security/incidents').length;
}

/** Resolves as soon as the trigger has polled again (checked often, so the caller can act while its run is queued). */
async function nextPoll(timeoutMilliseconds = 90_000): Promise<void> {
	const pollsBefore = incidentPolls();
	const deadline = Date.now() + timeoutMilliseconds;
	while (incidentPolls() === pollsBefore) {
		if (Date.now() > deadline) throw new Error(`The trigger did not poll within ${timeoutMilliseconds} ms`);
		await delay(100);
	}
}

const deliveredByExecution = new Map<string, string[]>();

/** Incident IDs from every successful trigger execution stored so far (run data read once per execution). */
async function deliveredIncidentIds(): Promise<string[]> {
	const successful = cluster.postgres
		.query(`SELECT id FROM execution_entity WHERE "workflowId" = '${triggerWorkflowId}' AND status = 'success' ORDER BY id`)
		.map(([id]) => id);
	for (const executionId of successful) {
		if (deliveredByExecution.has(executionId)) continue;
		const run = await cluster.rest.executionRun(executionId);
		deliveredByExecution.set(
			executionId,
			nodeOutput(run, 'Defender Trigger').map((incident) => String(incident.id)),
		);
	}
	return [...deliveredByExecution.values()].flat();
}

beforeAll(async () => {
	emulator = await startEmulator();
	incidentIds = emulator.admin.listAllIncidents().map((incident: { id: unknown }) => String(incident.id));
	const credential = secretCredential(emulator, 'graph');
	cluster = await startQueueCluster({
		workerCount,
		prepare: async (main) => {
			await main.importCredentials([credential]);
			await main.importWorkflows([
				getIncidentWebhookWorkflow(webhookWorkflowId, webhookPath, credential),
				triggerWorkflow(triggerWorkflowId, credential, { event: 'incidentCreated', options: { maxIncidentsPerPoll: 100 } }),
			]);
			await main.publishWorkflow(webhookWorkflowId);
			await main.publishWorkflow(triggerWorkflowId);
		},
	});
	// The trigger's activation poll on the main instance is the cluster's first use of the credential.
	await waitFor('the trigger activation poll', () => (incidentPolls() > 0 ? true : undefined), 60_000);
}, 300_000);

afterAll(async () => {
	await cluster?.dispose();
	await emulator?.close();
});

it('runs 200 Defender executions over both workers on the one token n8n stored for the whole cluster', async () => {
	await loadAndVerify(200);
	// One token request for the main instance's trigger and both workers' 200 executions: n8n keeps the token in
	// the credential in PostgreSQL, and the package keeps no copy of its own.
	expect(emulator.admin.counters().tokenRequests).toBe(1);
});

it('renews an expired token once for the whole cluster while both workers run, and no execution fails', async () => {
	const tokenRequestsBefore = emulator.admin.counters().tokenRequests;
	const logOffset = emulator.admin.requestLog().length;
	emulator.admin.expireAllTokens();
	await loadAndVerify(100);
	// The expired token really was used (and refused) before n8n renewed it.
	expect(apiAnswersSince(logOffset, 401)).toBeGreaterThan(0);
	const renewals = emulator.admin.counters().tokenRequests - tokenRequestsBefore;
	expect(renewals).toBe(1);
});

it('shares the documented rate limit over both workers without an execution failing on 429', async () => {
	const logOffset = emulator.admin.requestLog().length;
	emulator.admin.setRateLimits();
	try {
		// More Graph calls than the documented 150 a minute, all at once.
		await loadAndVerify(200);
	} finally {
		emulator.admin.setRateLimits(null);
	}
	expect(apiAnswersSince(logOffset, 429)).toBeGreaterThan(0);
});

it('delivers 500 incidents created in bursts exactly once while a worker is killed and the main instance restarts', async () => {
	const created: string[] = [];
	let burstNumber = 0;
	const burst = async (size: number) => {
		burstNumber++;
		for (let index = 0; index < size; index++) {
			const incident = emulator.admin.createIncident({ title: `Queue burst ${burstNumber} #${index}`, severity: 'medium' });
			created.push(String(incident.id));
		}
		await delay(500);
	};
	const [crashingWorker] = cluster.workers;

	await burst(100);
	await burst(100);
	// The scheduled poll takes the first 100 (the most one poll delivers) and queues their execution; the
	// worker dies without a graceful shutdown right then, so the run may land on either worker or be re-queued.
	await nextPoll();
	await killInstance(crashingWorker);
	await burst(100);
	await crashingWorker.start('worker');

	// Activation after the restart polls at once, from the cursor n8n stored in the workflow.
	const pollsBeforeRestart = incidentPolls();
	await cluster.main.stop();
	await cluster.main.start('start');
	await cluster.rest.login(demoOwner);
	await waitFor('the activation poll', () => (incidentPolls() > pollsBeforeRestart ? true : undefined), 60_000);
	await burst(100);
	await burst(100);

	const delivered = await waitFor(
		'all 500 incidents',
		async () => {
			const ids = await deliveredIncidentIds();
			return ids.length >= created.length ? ids : undefined;
		},
		300_000,
	);
	expect(created).toHaveLength(500);
	expect(new Set(created).size).toBe(500);
	// Each incident exactly once: no duplicate, none missing, nothing foreign.
	expect(delivered).toHaveLength(500);
	expect([...delivered].sort()).toEqual([...created].sort());
	// No trigger execution failed or crashed along the way.
	const unsuccessful = cluster.postgres.query(
		`SELECT id, status FROM execution_entity WHERE "workflowId" = '${triggerWorkflowId}' AND status <> 'success'`,
	);
	expect(unsuccessful).toEqual([]);
	// No poll delivered more than the configured maximum.
	for (const batch of deliveredByExecution.values()) expect(batch.length).toBeLessThanOrEqual(100);
});
