import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { EntraOptions } from './types.cjs';

/** Graph v1.0 response (docs/api-contract.md, section 10): identity accounts and custom detection rules. */
const graphResponsePermissions = ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All', 'CustomDetection.ReadWrite.All'];
const graphResponseReadPermissions = ['SecurityIdentitiesAccount.Read.All', 'CustomDetection.Read.All'];
const graphPermissions = ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All', ...graphResponsePermissions];
const graphReadPermissions = ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All', ...graphResponseReadPermissions];
const legacyApplicationPermissions = ['Incident.ReadWrite.All', 'AdvancedHunting.Read.All'];
const legacyReadApplicationPermissions = ['Incident.Read.All', 'AdvancedHunting.Read.All'];
/** Legacy delegated names drop the `.All` (docs/api-contract.md, section 7); Graph uses the same names for both. */
const legacyDelegatedPermissions = ['Incident.ReadWrite', 'AdvancedHunting.Read'];
/** WindowsDefenderATP (defender-endpoint-api.md sections 2-4): every response action, machine reads and indicators. */
const endpointApplicationPermissions = ['Machine.Read.All', 'Machine.ReadWrite.All', 'Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Ti.ReadWrite.All'];
const endpointReadApplicationPermissions = ['Machine.Read.All'];
const endpointDelegatedPermissions = ['Machine.Read', 'Machine.ReadWrite', 'Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Ti.ReadWrite'];

/**
 * The default tenant for tests and the demo, with fixed IDs so that workflows and docs can name them. The
 * certificate app's self-signed pair was made once with
 * `openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=defender-emulator`.
 */
export async function defaultEntraOptions(now: () => Date): Promise<EntraOptions> {
	const fixtures = join(__dirname, 'fixtures');
	const [certificatePem, privateKeyPem] = await Promise.all([
		readFile(join(fixtures, 'certificate-app.cert.pem'), 'utf8'),
		readFile(join(fixtures, 'certificate-app.key.pem'), 'utf8'),
	]);
	return {
		tenantId: '6a0c3e4f-2b1d-4c5e-9f8a-7b6c5d4e3f21',
		tenantDomain: 'contoso.example',
		now,
		apps: [
			{ name: 'full', clientId: '11111111-1111-4111-8111-111111111111', clientSecret: 'emulator-secret-full', applicationPermissions: { graph: graphPermissions, legacy: legacyApplicationPermissions, endpoint: endpointApplicationPermissions } },
			{ name: 'readonly', clientId: '22222222-2222-4222-8222-222222222222', clientSecret: 'emulator-secret-readonly', applicationPermissions: { graph: graphReadPermissions, legacy: legacyReadApplicationPermissions, endpoint: endpointReadApplicationPermissions } },
			{ name: 'none', clientId: '33333333-3333-4333-8333-333333333333', clientSecret: 'emulator-secret-none', applicationPermissions: { graph: [], legacy: [] } },
			{ name: 'certificate', clientId: '44444444-4444-4444-8444-444444444444', certificatePem, privateKeyPem, applicationPermissions: { graph: graphPermissions, legacy: legacyApplicationPermissions, endpoint: endpointApplicationPermissions } },
			{
				name: 'delegated',
				clientId: '55555555-5555-4555-8555-555555555555',
				clientSecret: 'emulator-secret-delegated',
				publicClient: true,
				applicationPermissions: { graph: [], legacy: [] },
				delegatedPermissions: { graph: graphPermissions, legacy: legacyDelegatedPermissions, endpoint: endpointDelegatedPermissions },
			},
		],
		users: [
			{ userPrincipalName: 'analyst@contoso.example', objectId: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Ana Analyst', defenderRole: 'operator', consent: 'grant' },
			{ userPrincipalName: 'reader@contoso.example', objectId: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Rémi Reader', defenderRole: 'reader', consent: 'grant' },
			{ userPrincipalName: 'refuser@contoso.example', objectId: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'Rita Refuser', defenderRole: 'operator', consent: 'refuse' },
		],
	};
}
