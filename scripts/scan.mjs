// Runs the checks of n8n's community package scanner (@n8n/scan-community-package) locally, on the source
// folder and on the unpacked `npm pack` tarball. Its CLI only scans published versions with provenance, so we
// call its analyzer directly, as n8n's verification would on the published package. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

import { filesNotAllowedInTarball, registeredFilesMissingFromTarball } from './tarballContents.cjs';

const root = new URL('..', import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), 'defender-xdr-scan-'));

function packTarball() {
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: root, encoding: 'utf8' });
	const [packed] = JSON.parse(output);
	const paths = packed.files.map((file) => file.path);
	const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const missing = registeredFilesMissingFromTarball(paths, packageJson);
	if (missing.length > 0) {
		throw new Error(`The tarball lacks ${missing.join(', ')}, which package.json registers: run \`npm run build\` first.`);
	}
	const unexpected = filesNotAllowedInTarball(paths);
	if (unexpected.length > 0) throw new Error(`The tarball ships files it must not: ${unexpected.join(', ')}`);
	const unpacked = join(workDir, 'package');
	execFileSync('tar', ['-xzf', join(workDir, packed.filename), '-C', workDir]);
	return { unpacked, fileCount: packed.files.length };
}

async function report(label, result) {
	if (result.passed) {
		console.log(`PASS ${label}${result.message ? ` (${result.message})` : ''}`);
		return true;
	}
	console.log(`FAIL ${label}: ${result.message}`);
	if (result.details) console.log(result.details);
	return false;
}

try {
	const { unpacked, fileCount } = packTarball();
	console.log(`Packed ${fileCount} files: ${readdirSync(unpacked).join(', ')}`);
	const sourcePassed = await report('scanner checks on the source folder', await analyzePackage(root, SOURCE_FILE_PATTERNS));
	const tarballPassed = await report('scanner checks on the packed tarball', await analyzePackage(unpacked));
	if (!sourcePassed || !tarballPassed) process.exitCode = 1;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
