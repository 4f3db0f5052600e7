import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { startEmulator, type EmulatorOptions } from './server.cjs';

/**
 * `npm run emulator -- [--port N] [--incidents N] [--seed N] [--config file.json] [--no-rate-limits] [--tenant-id GUID --tenant-domain NAME]`
 * Prints one line `EMULATOR_READY {json}` with what a credential of cloud "custom" needs; Ctrl+C stops it.
 */
async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			incidents: { type: 'string' },
			seed: { type: 'string' },
			config: { type: 'string' },
			'no-rate-limits': { type: 'boolean' },
			// A second emulator as another customer tenant of the same multi-tenant apps.
			'tenant-id': { type: 'string' },
			'tenant-domain': { type: 'string' },
		},
	});
	const fromFile = values.config ? (JSON.parse(readFileSync(values.config, 'utf8')) as EmulatorOptions) : {};
	const emulator = await startEmulator({
		rateLimits: !values['no-rate-limits'],
		...fromFile,
		...(values.port ? { port: Number(values.port) } : {}),
		...(values.incidents ? { incidents: Number(values.incidents) } : {}),
		...(values.seed ? { seed: Number(values.seed) } : {}),
		...(values['tenant-id'] ? { customerTenant: { tenantId: values['tenant-id'], tenantDomain: values['tenant-domain'] ?? 'fabrikam.example' } } : {}),
	});
	// Certificates go to files so they can be pasted into a credential or handed to another tool.
	const folder = mkdtempSync(join(tmpdir(), 'defender-emulator-'));
	const apps = emulator.apps.map(({ certificatePem, privateKeyPem, ...app }) => {
		if (!certificatePem || !privateKeyPem) return app;
		const certificatePath = join(folder, `${app.name}.cert.pem`);
		const privateKeyPath = join(folder, `${app.name}.key.pem`);
		writeFileSync(certificatePath, certificatePem);
		writeFileSync(privateKeyPath, privateKeyPem, { mode: 0o600 });
		return { ...app, certificatePath, privateKeyPath };
	});
	const ready = {
		loginUrl: emulator.loginUrl,
		apiUrl: emulator.apiUrl,
		tenantId: emulator.tenantId,
		tenantDomain: emulator.tenantDomain,
		apps,
		users: emulator.users.map(({ userPrincipalName, defenderRole, consent }) => ({ userPrincipalName, defenderRole, consent })),
		controls: `${emulator.baseUrl}/_emulator`,
	};
	process.stdout.write(`EMULATOR_READY ${JSON.stringify(ready)}\n`);
	const stop = () => {
		void emulator.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`The emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
