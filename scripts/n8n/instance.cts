/**
 * One isolated, real n8n instance: its own user folder (database, settings, community packages), driven through
 * n8n's own CLI (`import:*`, `execute`, `publish:workflow`, `start`). Used by the end-to-end suites and the demo.
 * Nothing here logs credential data: n8n's output is kept in a log file inside the user folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	appendFileSync,
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { packageName, type N8nRuntime } from './runtime.cjs';

export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The parts of a workflow file n8n's importer needs (it must carry an id so tests can execute it). */
/**
 * n8n saves a workflow's static data (where a trigger keeps what it delivered) only for IDs this long or shorter:
 * 16 characters on n8n 1.x, 21 on 2.x; the IDs n8n generates have 16.
 */
export const maximumWorkflowIdLength = 16;

export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export interface CommandResult {
	exitCode: number | null;
	stdout: string;
	stderr: string;
}

/** What `n8n execute --rawOutput` prints: n8n's IRun (trimmed to what tests read). */
export interface ExecutionRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			error?: { message?: string; description?: string; [key: string]: unknown };
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
		};
	};
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string; [key: string]: unknown };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface InstanceOptions {
	runtime: N8nRuntime;
	/** Extra environment for every n8n command of this instance (e.g. poll settings). */
	environment?: Record<string, string>;
	/** Port of the editor and REST API; a free one when not given. */
	port?: number;
	/** Processes that share credentials (queue-mode main and workers) must share the encryption key. */
	encryptionKey?: string;
	/** Use this user folder (created when missing) instead of a new temporary one. */
	userFolder?: string;
	/** Keep the user folder after stop() (the demo keeps nothing either; tests may keep it for debugging). */
	keepUserFolder?: boolean;
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

export class N8nInstance {
	readonly userFolder: string;

	readonly logFile: string;

	private server: ChildProcess | undefined;

	private serverExited: Promise<void> | undefined;

	private constructor(
		readonly options: InstanceOptions,
		readonly port: number,
		private readonly environment: NodeJS.ProcessEnv,
	) {
		this.userFolder = environment.N8N_USER_FOLDER as string;
		this.logFile = join(this.userFolder, 'n8n-output.log');
	}

	static async create(options: InstanceOptions): Promise<N8nInstance> {
		const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-defender-'));
		mkdirSync(userFolder, { recursive: true });
		const port = options.port ?? (await freePort());
		const taskBrokerPort = await freePort();
		const environment: NodeJS.ProcessEnv = {
			...process.env,
			// jest sets NODE_ENV=test, with which `n8n start` exits at once without a word.
			NODE_ENV: 'production',
			PATH: `${options.runtime.nodeBinDirectory}${delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: options.encryptionKey ?? randomBytes(24).toString('hex'),
			DB_TYPE: 'sqlite',
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_SECURE_COOKIE: 'false',
			// Several instances may run side by side; each needs its own task runner broker port.
			N8N_RUNNERS_BROKER_PORT: String(taskBrokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			...(options.runtime.target === '1' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...options.environment,
		};
		// An inherited NODE_OPTIONS (jest, tsx) must not leak into n8n's Node.
		delete environment.NODE_OPTIONS;
		return new N8nInstance(options, port, environment);
	}

	private get nodeBinary(): string {
		return join(this.options.runtime.nodeBinDirectory, 'node');
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * Installs a packed tarball exactly as n8n's Community Nodes installer does: unpack into
	 * ~/.n8n/nodes/node_modules/<package>, drop dev/peer/optional dependencies, `npm install` the rest without
	 * scripts, and record the dependency in ~/.n8n/nodes/package.json. Node types become `<package>.<node>`.
	 */
	async installPackageTarball(tarballPath: string): Promise<void> {
		const nodesFolder = join(this.userFolder, '.n8n', 'nodes');
		const packageFolder = join(nodesFolder, 'node_modules', packageName);
		mkdirSync(packageFolder, { recursive: true });
		await this.runChecked('tar', ['-xzf', tarballPath, '-C', packageFolder, '--strip-components=1']);
		const manifestPath = join(packageFolder, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			readFileSync(manifestPath, 'utf8'),
		) as Record<string, unknown> & { version: string };
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		await this.runChecked(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			packageFolder,
		);
		writeFileSync(
			join(nodesFolder, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [packageName]: manifest.version } }, null, 2),
		);
	}

	async importCredentials(credentials: CredentialFixture[]): Promise<void> {
		await this.importFile('import:credentials', credentials);
	}

	async importWorkflows(workflows: WorkflowFixture[]): Promise<void> {
		const tooLong = workflows.find((workflow) => workflow.id.length > maximumWorkflowIdLength);
		if (tooLong) {
			throw new Error(`Workflow ID "${tooLong.id}" is longer than ${maximumWorkflowIdLength} characters: n8n would never save its triggers' static data`);
		}
		await this.importFile('import:workflow', workflows);
	}

	/** Runs a workflow (from its Manual Trigger) in a one-shot process: `n8n execute --id --rawOutput`. */
	async execute(workflowId: string): Promise<{ run: ExecutionRun | undefined; result: CommandResult }> {
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput']);
		return { run: parseRunJson(result.stdout), result };
	}

	async publishWorkflow(workflowId: string): Promise<void> {
		// n8n 2.x publishes a workflow version; 1.x only knows the `active` flag.
		const args =
			this.options.runtime.target === '2'
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'];
		const result = await this.n8n(args);
		if (result.exitCode !== 0) throw new Error(`n8n ${args.join(' ')} failed; see ${this.logFile}`);
	}

	/**
	 * `n8n start` (or `n8n worker` for queue mode), resolved once it is ready: the editor answers, or the worker
	 * says so. Throws with n8n's last output lines if it exits first.
	 */
	async start(command: 'start' | 'worker' = 'start', timeoutMilliseconds = 90_000): Promise<void> {
		if (this.server) throw new Error('n8n is already running');
		const logOffset = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
		// Output goes straight to a file (not a pipe), so n8n never writes into a closed pipe if we die first.
		const logDescriptor = openSync(this.logFile, 'a');
		const server = spawn(this.nodeBinary, [this.options.runtime.n8nScript, command], {
			env: this.environment,
			stdio: ['ignore', logDescriptor, logDescriptor],
			// Its own process group: n8n starts task runner children, and stop() signals them all.
			detached: true,
		});
		closeSync(logDescriptor);
		this.server = server;
		let exited = false;
		this.serverExited = new Promise((resolveExit) =>
			server.once('exit', () => {
				exited = true;
				resolveExit();
			}),
		);
		const output = () => readFileSync(this.logFile, 'utf8').slice(logOffset);
		const deadline = Date.now() + timeoutMilliseconds;
		while (Date.now() < deadline) {
			if (exited) throw new Error(`n8n exited while starting:\n${tail(output())}`);
			if (command === 'worker' && output().includes('n8n worker is now ready')) return;
			if (output().includes('Editor is now accessible') && (await this.answers('/healthz/readiness'))) return;
			await delay(300);
		}
		throw new Error(`n8n did not become ready in ${timeoutMilliseconds} ms:\n${tail(output())}`);
	}

	/** Process id of the live instance (its process group), for callers that must stop it from elsewhere. */
	get serverProcessId(): number | undefined {
		return this.server?.pid;
	}

	/** Stops the live instance (the whole process group: n8n starts task runner children). */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server?.pid) return;
		this.server = undefined;
		signalGroup(server.pid, 'SIGTERM');
		let forceTimer: NodeJS.Timeout | undefined;
		const forced = new Promise<void>((resolveForced) => {
			forceTimer = setTimeout(() => {
				signalGroup(server.pid as number, 'SIGKILL');
				resolveForced();
			}, 20_000);
		});
		await Promise.race([this.serverExited, forced]);
		clearTimeout(forceTimer);
	}

	/** Stops n8n and removes the user folder (unless asked to keep it). */
	async dispose(): Promise<void> {
		await this.stop();
		if (!this.options.keepUserFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Runs an n8n CLI command against this instance's user folder; output goes to the log file. */
	async n8n(args: string[]): Promise<CommandResult> {
		return this.run(this.nodeBinary, [this.options.runtime.n8nScript, ...args]);
	}

	private async importFile(command: string, content: unknown[]): Promise<void> {
		const file = join(this.userFolder, `${command.replace(':', '-')}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
		try {
			const result = await this.n8n([command, `--input=${file}`]);
			if (result.exitCode !== 0) throw new Error(`n8n ${command} failed:\n${tail(result.stdout + result.stderr)}`);
		} finally {
			// The credentials file holds secrets in clear text; n8n keeps them encrypted in its database.
			rmSync(file, { force: true });
		}
	}

	private async answers(path: string): Promise<boolean> {
		try {
			const response = await fetch(this.baseUrl + path);
			return response.ok;
		} catch {
			return false;
		}
	}

	private async runChecked(command: string, args: string[], cwd?: string): Promise<void> {
		const result = await this.run(command, args, cwd);
		if (result.exitCode !== 0) throw new Error(`${command} ${args[0]} failed:\n${tail(result.stdout + result.stderr)}`);
	}

	/**
	 * Runs a command to its end. Its standard output goes to a file, not a pipe: n8n exits right after printing a
	 * run, and Node drops what it had not yet written to a pipe (a large `n8n execute` result arrived cut off),
	 * while writes to a file are synchronous.
	 */
	private run(command: string, args: string[], cwd = this.userFolder): Promise<CommandResult> {
		const outputFile = join(this.userFolder, `stdout-${randomBytes(6).toString('hex')}.txt`);
		const output = openSync(outputFile, 'w', 0o600);
		return new Promise((resolveRun, reject) => {
			const child = spawn(command, args, { cwd, env: this.environment, stdio: ['ignore', output, 'pipe'] });
			closeSync(output);
			let stderr = '';
			child.stderr?.setEncoding('utf8');
			child.stderr?.on('data', (chunk: string) => {
				stderr += chunk;
				appendFileSync(this.logFile, chunk);
			});
			child.on('error', reject);
			child.on('close', (exitCode) => {
				const stdout = readFileSync(outputFile, 'utf8');
				rmSync(outputFile, { force: true });
				appendFileSync(this.logFile, stdout);
				resolveRun({ exitCode, stdout, stderr });
			});
		});
	}
}

/**
 * `n8n execute` prints start-up log lines, then the run as JSON.stringify(run, null, 2): a `{` line at column 0
 * through the next `}` line at column 0. On failure n8n logs the same JSON after "Execution error:".
 */
export function parseRunJson(stdout: string): ExecutionRun | undefined {
	const lines = stdout.split('\n');
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start] !== '{') continue;
		const end = lines.indexOf('}', start);
		if (end === -1) continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionRun;
		} catch {
			continue;
		}
	}
	return undefined;
}

/** The JSON items a node produced on its first output in a run (empty when it produced none). */
export function nodeOutput(run: ExecutionRun | undefined, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const nodeRuns = run?.data.resultData.runData[nodeName] ?? [];
	return nodeRuns.flatMap((nodeRun) => (nodeRun.data?.main[outputIndex] ?? []).map((item) => item.json));
}

export function nodeError(run: ExecutionRun | undefined, nodeName: string): NodeRun['error'] | undefined {
	return run?.data.resultData.runData[nodeName]?.find((nodeRun) => nodeRun.error)?.error;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

export function delay(milliseconds: number): Promise<void> {
	return new Promise((resolveDelay) => setTimeout(resolveDelay, milliseconds));
}
