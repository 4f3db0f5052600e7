import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import ts from 'typescript';

import { filesNotAllowedInTarball, registeredFilesMissingFromTarball } from '../../scripts/tarballContents.cjs';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The files `tsc` (what `n8n-node build` runs, with no arguments) compiles or copies, relative to the root. */
function filesOfBuildConfig(): string[] {
	const configPath = join(root, 'tsconfig.json');
	const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
	const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
	return parsed.fileNames.map((file) => relative(root, file));
}

describe('what n8n-node build compiles', () => {
	const files = filesOfBuildConfig();

	it('is exactly nodes/ and credentials/, so no test, emulator or script reaches dist/', () => {
		expect(files.filter((file) => !/^(nodes|credentials)\//.test(file))).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['credentials/MicrosoftDefenderXdrOAuth2Api.credentials.ts']));
	});

	it('includes the codex files, which tsc copies next to the compiled nodes', () => {
		expect(files).toEqual(
			expect.arrayContaining([
				'nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node.json',
				'nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node.json',
			]),
		);
	});

	it('is n8n-node build, and publishing goes through n8n-node release', () => {
		expect(packageJson.scripts).toMatchObject({
			build: 'n8n-node build',
			dev: 'n8n-node dev',
			lint: 'n8n-node lint',
			'lint:fix': 'n8n-node lint --fix',
			release: 'n8n-node release',
			prepublishOnly: 'n8n-node prerelease',
		});
	});
});

describe('the tarball allow-list (npm run scan)', () => {
	const shipped = [
		'package.json',
		'README.md',
		'LICENSE',
		'dist/credentials/MicrosoftDefenderXdrOAuth2Api.credentials.js',
		'dist/credentials/MicrosoftDefenderXdrOAuth2Api.credentials.js.map',
		'dist/nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node.js',
		'dist/nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node.js',
		'dist/nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node.json',
		'dist/nodes/MicrosoftDefenderXdr/microsoftDefenderXdr.svg',
		'dist/nodes/MicrosoftDefenderXdr/transport/request.js',
	];

	it('accepts the compiled nodes and credentials, their icons and codex files, and the documents', () => {
		expect(filesNotAllowedInTarball(shipped)).toEqual([]);
	});

	it('refuses what a build of the whole tree used to ship, and stray files the CLI copies into dist/', () => {
		const strays = [
			'dist/test/node/alert.test.js',
			'dist/emulator/server.js',
			'dist/scripts/demo.js',
			'dist/bench/run.js',
			'dist/test-artifacts/delegated-connect.png',
			'dist/tsconfig.tsbuildinfo',
			'dist/package.json',
			'dist/nodes/MicrosoftDefenderXdr/actions/notes.md',
			'nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node.ts',
			'CHANGELOG.md',
			'examples/scheduled-hunting-query-alert.json',
		];
		expect(filesNotAllowedInTarball([...shipped, ...strays])).toEqual(strays);
	});

	it('names every node and credential package.json registers that the tarball lacks', () => {
		const withoutTrigger = shipped.filter((path) => !path.endsWith('Trigger.node.js'));
		expect(registeredFilesMissingFromTarball(withoutTrigger, packageJson)).toEqual([
			'dist/nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node.js',
		]);
		expect(registeredFilesMissingFromTarball(shipped, packageJson)).toEqual([]);
	});

	it('is what package.json publishes: only dist/nodes and dist/credentials besides the documents', () => {
		expect(packageJson.files).toEqual(['dist/nodes', 'dist/credentials']);
	});
});
