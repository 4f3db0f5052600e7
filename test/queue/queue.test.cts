/**
 * The package in n8n's queue mode: a main instance, two workers, Redis and PostgreSQL, with the emulator as
 * Microsoft. Nothing of the package lives in process memory between executions (n8n stores the OAuth2 token in
 * the credential and the trigger's cursor in the workflow, both in PostgreSQL), so work spread over workers,
 * restarts and a shared rate limit must not cost extra token requests, failed executions or double deliveries.
 * Every assertion on executions reads what n8n stored in PostgreSQL.
 */
import { startEmulator } from '../../emulator/index.cjs';
import { secretCredential, triggerWorkflow } from '../e2e/fixtures.cjs';
import { executionsStartedBy, runWithConcurrency, startQueueCluster, waitFor, type QueueCluster } from './cluster.cjs';
import { getIncidentWebhookWorkflow } from './workflows.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const webhookWorkflowId = 'queue-get-incident';
const webhookPath = 'queue-get-incident';
const triggerWorkflowId = 'queue-trigger';
const workerCount = 2;
/** Requests in flight at once: more than one worker's default concurrency (10), so both workers are busy. */
const callerConcurrency = 20;

let emulator: Emulator;
let cluster: QueueCluster;
let incidentIds: string[];

interface WebhookAnswer {
	status: number;
	incidentId?: string;
}

async function getIncidentThroughWebhook(incidentId: string): Promise<WebhookAnswer> {
	const response = await fetch(`${cluster.main.baseUrl}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ incidentId }),
	});
	const text = await response.text();
	try {
		const body = JSON.parse(text) as { id?: unknown };
		return { status: response.status, incidentId: body.id === undefined ? undefined : String(body.id) };
	} catch {
		return { status: response.status };
	}
}

/** Sends `count` webhook calls (at most callerConcurrency at once); fails unless each answered with its incident. */
async function runGetIncidentLoad(count: number): Promise<void> {
	const requested = Array.from({ length: count }, (_, index) => incidentIds[index % incidentIds.length]);
	const answers = await runWithConcurrency(count, callerConcurrency, (index) => getIncidentThroughWebhook(requested[index]));
	const wrong = answers
		.map((answer, index) => ({ ...answer, requested: requested[index] }))
		.filter((answer) => answer.status !== 200 || answer.incidentId !== answer.requested);
	expect(wrong).toEqual([]);
}

function lastExecutionId(): number {
	return Number(cluster.postgres.query('SELECT COALESCE(MAX(id), 0) FROM execution_entity')[0][0]);
}

/** The webhook workflow's executions after `afterId`, as n8n stored them: id and status, once none is unfinished. */
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
	await runGetIncidentLoad(count);
	const executions = await storedExecutions(webhookWorkflowId, afterId, count);
	expect(executions).toHaveLength(count);
	expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
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
