/**
 * n8n in queue mode, as teams run it at scale: one main instance (editor, webhooks, triggers), workers that
 * execute, Redis as the queue and PostgreSQL as the shared database. Every process has its own user folder
 * with the packed package installed as n8n's Community Nodes installer does, and all share one encryption key.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { delay, N8nInstance } from '../../scripts/n8n/instance.cjs';
import { demoOwner, N8nRestClient } from '../../scripts/n8n/rest.cjs';
import { locateRuntime, packPackage } from '../../scripts/n8n/runtime.cjs';
import {
	ensureServicesInstalled,
	startPostgres,
	startRedis,
	type PostgresServer,
	type RedisServer,
} from '../../scripts/n8n/services.cjs';

export interface QueueCluster {
	main: N8nInstance;
	workers: N8nInstance[];
	postgres: PostgresServer;
	redis: RedisServer;
	rest: N8nRestClient;
	/** Stops every n8n process, then Redis and PostgreSQL, and removes their folders. */
	dispose(): Promise<void>;
}

export interface ClusterSetup {
	workerCount: number;
	/** Runs against the main instance's CLI (imports, publishing) before anything starts. */
	prepare(main: N8nInstance): Promise<void>;
}

export async function startQueueCluster({ workerCount, prepare }: ClusterSetup): Promise<QueueCluster> {
	ensureServicesInstalled();
	const started: Array<() => Promise<void>> = [];
	const dispose = async () => {
		for (const stop of started.reverse()) await stop();
	};
	try {
		const postgres = await startPostgres();
		started.push(() => postgres.stop());
		const redis = await startRedis();
		started.push(() => redis.stop());

		const runtime = locateRuntime('2');
		const encryptionKey = randomBytes(24).toString('hex');
		const environment: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			// n8n's default keeps no finished job in Redis, which meets a race in Bull's job.finished()
			// (OptimalBits/bull#1906, #2504): a job that completes before the main instance starts listening is
			// never seen as finished, so the main keeps it "active" forever and a webhook that responds when the
			// last node finishes never answers (here about once in 500 executions, with every execution stored as
			// successful). Keeping recent finished jobs lets the main find them; it is n8n's own setting.
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
		};
		const keepUserFolder = process.env.E2E_KEEP === '1';
		const create = () => N8nInstance.create({ runtime, environment, encryptionKey, keepUserFolder });
		const main = await create();
		started.push(() => main.dispose());
		const workers: N8nInstance[] = [];
		for (let index = 0; index < workerCount; index++) {
			const worker = await create();
			workers.push(worker);
			started.push(() => worker.dispose());
		}
		const tarball = packPackage();
		await Promise.all([main, ...workers].map((instance) => instance.installPackageTarball(tarball)));

		await prepare(main);
		await main.start('start');
		const rest = new N8nRestClient(main.baseUrl);
		await rest.setupOwner(demoOwner);
		await Promise.all(workers.map((worker) => worker.start('worker')));
		return { main, workers, postgres, redis, rest, dispose };
	} catch (error) {
		await dispose();
		throw error;
	}
}

/** IDs of the executions a worker has started, read from its log ("Worker started execution <id> (job <id>)"). */
export function executionsStartedBy(worker: N8nInstance): Set<string> {
	const log = readFileSync(worker.logFile, 'utf8');
	return new Set([...log.matchAll(/Worker started execution (\d+) /g)].map((match) => match[1]));
}

/** Kills a process group at once (SIGKILL: no graceful shutdown), as a crashed machine or an OOM kill would. */
export async function killInstance(instance: N8nInstance): Promise<void> {
	const pid = instance.serverProcessId;
	if (pid === undefined) throw new Error('The instance is not running');
	process.kill(-pid, 'SIGKILL');
	// stop() then only waits for the exit and forgets the process.
	await instance.stop();
}

export async function waitFor<Value>(
	what: string,
	probe: () => Promise<Value | undefined> | Value | undefined,
	timeoutMilliseconds: number,
): Promise<Value> {
	const deadline = Date.now() + timeoutMilliseconds;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		await delay(1000);
	}
	throw new Error(`Timed out after ${timeoutMilliseconds} ms waiting for ${what}`);
}

/** Runs tasks with at most `limit` in flight, like a busy caller would, and returns their results in order. */
export async function runWithConcurrency<Result>(count: number, limit: number, task: (index: number) => Promise<Result>): Promise<Result[]> {
	const results: Result[] = new Array<Result>(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
	return results;
}
