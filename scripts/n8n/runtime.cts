/**
 * Where the real n8n runtimes live (installed by scripts/n8n/provision.sh into a cache outside the repository),
 * and how to get this package into them as a tarball, the way users get it from npm.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(__dirname, '..', '..');
export const packageName = 'n8n-nodes-microsoft-defender-xdr';

/** The n8n lines we test: 2 is current (needs Node 24), 1 is the last 1.x line (runs on Node 20). */
export type N8nTarget = '2' | '1';

const n8nVersionByTarget: Record<N8nTarget, string> = {
	'2': process.env.N8N2_VERSION ?? '2.41.1',
	'1': process.env.N8N1_VERSION ?? '1.123.81',
};

export interface N8nRuntime {
	target: N8nTarget;
	n8nVersion: string;
	/** Folder holding the `node` binary n8n must run with; goes first on PATH. */
	nodeBinDirectory: string;
	/** n8n's bin/n8n script (run with that node). */
	n8nScript: string;
}

export function cacheDirectory(): string {
	return (
		process.env.N8N_DEFENDER_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-microsoft-defender-xdr')
	);
}

const provisionedMarker = '.provisioned';

function runtimeOf(target: N8nTarget): N8nRuntime {
	const n8nVersion = n8nVersionByTarget[target];
	const n8nDirectory = join(cacheDirectory(), `n8n-${n8nVersion}`);
	const nodeBinDirectory =
		target === '2'
			? join(cacheDirectory(), 'node24', 'node_modules', 'node', 'bin')
			: resolve(process.execPath, '..');
	return {
		target,
		n8nVersion,
		nodeBinDirectory,
		n8nScript: join(n8nDirectory, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

export function isProvisioned(target: N8nTarget): boolean {
	return existsSync(join(cacheDirectory(), `n8n-${n8nVersionByTarget[target]}`, provisionedMarker));
}

/** The runtime if it is installed; throws with the command that installs it otherwise. */
export function locateRuntime(target: N8nTarget = '2'): N8nRuntime {
	if (!isProvisioned(target)) {
		throw new Error(
			`n8n ${n8nVersionByTarget[target]} is not installed in ${cacheDirectory()}. Run: scripts/n8n/provision.sh ${target}`,
		);
	}
	return runtimeOf(target);
}

/** Installs the runtime on first use (minutes; progress goes to this process's output), then locates it. */
export async function provisionRuntime(target: N8nTarget = '2'): Promise<N8nRuntime> {
	if (!isProvisioned(target)) {
		await runInheritingOutput('bash', [join(repositoryRoot, 'scripts', 'n8n', 'provision.sh'), target]);
	}
	return locateRuntime(target);
}

export function runInheritingOutput(command: string, args: string[], cwd = repositoryRoot): Promise<void> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { cwd, stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code, signal) =>
			code === 0
				? resolvePromise()
				: reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
		);
	});
}

/** `npm pack` of the built package (dist/ must exist); returns the tarball's path. */
export function packPackage(destination = mkdtempSync(join(tmpdir(), 'defender-pack-'))): string {
	if (!existsSync(join(repositoryRoot, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const result = spawnSync('npm', ['pack', '--silent', '--pack-destination', destination], {
		cwd: repositoryRoot,
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	const tarball = readdirSync(destination).find((file) => file.startsWith(packageName) && file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball to ${destination}`);
	return join(destination, tarball);
}
