import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	env?: Record<string, string>;
	with?: Record<string, unknown>;
}
interface Job {
	needs?: string | string[];
	permissions?: Record<string, string>;
	strategy?: { matrix?: Record<string, unknown[]> };
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
	return parse(readFileSync(join(root, '.github', 'workflows', file), 'utf8')) as Workflow;
}

/** The shell commands a job runs, one entry per line, in order. */
function commandsOf(job: Job): string[] {
	return job.steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim())).filter(Boolean);
}

function indexOfCommand(job: Job, command: string): number {
	return commandsOf(job).findIndex((line) => line === command || line.startsWith(`${command} `));
}

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');
	const unitJobs = Object.values(ci.jobs).filter((job) => commandsOf(job).includes('npm run test:unit'));
	const realN8nJobs = Object.values(ci.jobs).filter((job) => commandsOf(job).includes('npm run test:e2e'));

	it('runs on pushes to main and on pull requests', () => {
		expect(ci.on).toHaveProperty('pull_request');
		expect(ci.on.push).toEqual({ branches: ['main'] });
	});

	it('installs, builds, lints and runs the unit tier on Node 20 and 22, in that order', () => {
		expect(unitJobs).toHaveLength(1);
		const [unit] = unitJobs;
		expect(unit.strategy?.matrix?.['node-version']).toEqual([20, 22]);
		const order = ['npm ci', 'npm run build', 'npm run lint', 'npm run test:unit'].map((command) =>
			indexOfCommand(unit, command),
		);
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((first, second) => first - second)).toEqual(order);
	});

	it('runs the real-n8n suites in a job of their own', () => {
		expect(realN8nJobs).toHaveLength(1);
		const [realN8n] = realN8nJobs;
		expect(realN8n).not.toBe(unitJobs[0]);
		expect(commandsOf(realN8n)).toEqual(expect.arrayContaining(['npm run test:e2e', 'npm run test:queue']));
		expect(commandsOf(unitJobs[0])).not.toContain('npm run test:e2e');
	});

	it('gives the token read access only', () => {
		expect(ci.permissions).toEqual({ contents: 'read' });
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const jobs = Object.values(publish.jobs);
	const [job] = jobs;

	it('runs only on a version tag', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push).toEqual({ tags: ['*.*.*'] });
	});

	it('lets the publishing job mint the OIDC token that provenance needs, and nothing more', () => {
		expect(jobs).toHaveLength(1);
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(publish.permissions).toEqual({ contents: 'read' });
	});

	it('builds, scans, then publishes with provenance and public access', () => {
		const order = ['npm ci', 'npm run build', 'npm run scan', 'npm publish --provenance --access public'].map(
			(command) => indexOfCommand(job, command),
		);
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((first, second) => first - second)).toEqual(order);
		expect(commandsOf(job)).toContain('npm publish --provenance --access public --ignore-scripts=false');
	});

	it('sets RELEASE_MODE on the publish step, without which prepublishOnly (n8n-node prerelease) refuses', () => {
		const publishStep = job.steps.find((step) => step.run?.includes('npm publish'));
		expect(publishStep?.env?.RELEASE_MODE).toBe('true');
		expect(packageJson.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});

	it('turns scripts back on for npm publish, which .npmrc would otherwise skip along with prepublishOnly', () => {
		expect(commandsOf(job).filter((line) => line.startsWith('npm publish'))).toEqual([
			'npm publish --provenance --access public --ignore-scripts=false',
		]);
	});

	it('refuses a tag that is not package.json\'s version', () => {
		expect(commandsOf(job)).toContain(`test "$GITHUB_REF_NAME" = "$(node -p "require('./package.json').version")"`);
	});
});

describe('.npmrc', () => {
	it('skips install scripts, so a plain npm install or npm ci works (a linter plugin\'s preinstall refuses npm)', () => {
		const settings = readFileSync(join(root, '.npmrc'), 'utf8')
			.split('\n')
			.filter((line) => line.trim() !== '' && !line.startsWith('#'));
		expect(settings).toEqual(['ignore-scripts=true']);
	});

	it('is what the workflows and .ci/run rely on: none of them passes --ignore-scripts to npm ci', () => {
		const installs = ['ci.yml', 'publish.yml']
			.flatMap((file) => Object.values(workflow(file).jobs).flatMap(commandsOf))
			.concat(readFileSync(join(root, '.ci', 'run'), 'utf8').split('\n'))
			.filter((line) => line.trim().startsWith('npm ci'));
		expect(installs.length).toBeGreaterThan(0);
		expect(installs.filter((line) => line.includes('--ignore-scripts'))).toEqual([]);
	});
});

describe('both workflows', () => {
	it('run only npm scripts that package.json defines', () => {
		const scripts = ['ci.yml', 'publish.yml'].flatMap((file) =>
			Object.values(workflow(file).jobs).flatMap((job) =>
				commandsOf(job).flatMap((line) => [...line.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1])),
			),
		);
		expect(scripts.length).toBeGreaterThan(0);
		expect(scripts.filter((script) => !(script in packageJson.scripts))).toEqual([]);
	});
});
