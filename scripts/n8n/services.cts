/**
 * Throwaway PostgreSQL and Redis servers for n8n's queue mode: installed from Debian's packages when missing,
 * listening on 127.0.0.1 only, on free ports, with their data in temporary folders removed on stop().
 * PostgreSQL refuses to run as root, so as root its server runs as the `postgres` user the Debian package creates.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { delay, freePort } from './instance.cjs';

export interface PostgresServer {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** Runs one SQL statement with psql; returns the rows, each as its columns (unaligned, tab-separated). */
	query(sql: string): string[][];
	stop(): Promise<void>;
}

export interface RedisServer {
	host: string;
	port: number;
	stop(): Promise<void>;
}

const host = '127.0.0.1';

function commandExists(command: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The newest installed PostgreSQL server's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBinDirectory(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((entry) => existsSync(join(root, entry, 'bin', 'initdb')))
		.sort((first, second) => Number(second) - Number(first));
	return majors.length > 0 ? join(root, majors[0], 'bin') : undefined;
}

/** Installs PostgreSQL and Redis from Debian's packages when they are missing (needs root, as in CI). */
export function ensureServicesInstalled(): void {
	const missing = [
		...(postgresBinDirectory() && commandExists('psql') ? [] : ['postgresql']),
		...(commandExists('redis-server') ? [] : ['redis-server']),
	];
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`Missing ${missing.join(', ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
	}
	const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
		const result = spawnSync('apt-get', args, { env: environment, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr}`);
	}
}

/** As root, PostgreSQL's programs run as the Debian package's `postgres` user; otherwise as ourselves. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function postgresUserIds(): { uid: number; gid: number } {
	const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
	if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('There is no postgres user to run PostgreSQL as');
	return { uid, gid };
}

/** Starts a child and resolves once `ready()` holds; throws with its output if it exits or takes too long. */
async function startServer(
	name: string,
	command: string,
	args: string[],
	ready: () => boolean,
): Promise<{ child: ChildProcess; exited: Promise<void> }> {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	let hasExited = false;
	const exited = new Promise<void>((resolveExit) =>
		child.once('exit', () => {
			hasExited = true;
			resolveExit();
		}),
	);
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (hasExited) throw new Error(`${name} exited while starting:\n${output.slice(-2000)}`);
		if (ready()) return { child, exited };
		await delay(200);
	}
	killGroup(child);
	throw new Error(`${name} did not start in 30 s:\n${output.slice(-2000)}`);
}

/** The server runs in its own process group (detached), so this also reaches a postmaster started by runuser. */
function killGroup(child: ChildProcess): void {
	try {
		if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

async function stopServer(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill(signal);
	const forceTimer = setTimeout(() => killGroup(child), 15_000);
	await exited;
	clearTimeout(forceTimer);
}

export async function startPostgres(): Promise<PostgresServer> {
	const binDirectory = postgresBinDirectory();
	if (!binDirectory) throw new Error('PostgreSQL is not installed (call ensureServicesInstalled() first)');
	const folder = mkdtempSync(join(tmpdir(), 'n8n-queue-postgres-'));
	const dataDirectory = join(folder, 'data');
	const passwordFile = join(folder, 'password');
	const user = 'n8n';
	const password = randomBytes(16).toString('hex');
	writeFileSync(passwordFile, password, { mode: 0o600 });
	if (process.getuid?.() === 0) {
		const { uid, gid } = postgresUserIds();
		chownSync(folder, uid, gid);
		chownSync(passwordFile, uid, gid);
	}
	const [initCommand, initArgs] = asPostgresUser(join(binDirectory, 'initdb'), [
		'--pgdata',
		dataDirectory,
		'--username',
		user,
		'--pwfile',
		passwordFile,
		'--auth',
		'scram-sha-256',
		'--encoding',
		'UTF8',
		'--no-sync',
	]);
	const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
	rmSync(passwordFile, { force: true });
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);

	const port = await freePort();
	// Durability settings off: the data is thrown away, and n8n's many small writes go faster.
	const [serverCommand, serverArgs] = asPostgresUser(join(binDirectory, 'postgres'), [
		'-D',
		dataDirectory,
		'-p',
		String(port),
		'-c',
		`listen_addresses=${host}`,
		'-c',
		`unix_socket_directories=${folder}`,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const server: PostgresServer = {
		host,
		port,
		database: 'n8n',
		user,
		password,
		query: (sql) => {
			const result = spawnSync(
				'psql',
				['-h', host, '-p', String(port), '-U', user, '-d', server.database, '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
				{ env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }, encoding: 'utf8' },
			);
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr.trim()}`);
			return result.stdout
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t'));
		},
		stop: async () => undefined,
	};
	const isReady = () =>
		spawnSync(join(binDirectory, 'pg_isready'), ['-h', host, '-p', String(port), '-q'], { stdio: 'ignore' }).status === 0;
	const { child, exited } = await startServer('PostgreSQL', serverCommand, serverArgs, isReady);
	server.stop = async () => {
		// SIGINT is PostgreSQL's "fast" shutdown; runuser passes it on to the postmaster.
		const postmasterPid = readPostmasterPid(dataDirectory);
		if (postmasterPid) process.kill(postmasterPid, 'SIGINT');
		await stopServer(child, exited, 'SIGINT');
		rmSync(folder, { recursive: true, force: true });
	};
	// n8n's own database; connecting to the maintenance database `postgres` to create it.
	server.database = 'postgres';
	server.query('CREATE DATABASE n8n');
	server.database = 'n8n';
	return server;
}

function readPostmasterPid(dataDirectory: string): number | undefined {
	try {
		const pid = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

export async function startRedis(): Promise<RedisServer> {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
	const port = await freePort();
	// No persistence, loopback only; the folder only holds what Redis may write anyway.
	const args = ['--bind', host, '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', folder, '--protected-mode', 'yes'];
	const isReady = () => spawnSync('redis-cli', ['-h', host, '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';
	const { child, exited } = await startServer('Redis', 'redis-server', args, isReady);
	return {
		host,
		port,
		stop: async () => {
			await stopServer(child, exited, 'SIGTERM');
			rmSync(folder, { recursive: true, force: true });
		},
	};
}
