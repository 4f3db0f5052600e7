import type { ICredentialTestFunctions } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { testDefenderCredential } from '../../nodes/MicrosoftDefenderXdr/methods/credentialTest';
import { emulatorCredentials } from '../harness/n8nContext.cjs';

/** The application-mode credential test, signing in to the emulator's Entra ID for real. */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 0, now: new Date() });
});
afterAll(async () => await emulator.close());

async function test(appName: string, changes: Record<string, unknown> = {}, api: 'graph' | 'legacy' = 'graph') {
	const data = { ...emulatorCredentials(emulator, appName, api), ...changes };
	return await testDefenderCredential.call({} as ICredentialTestFunctions, { id: '1', name: 'test', type: 'microsoftDefenderXdrOAuth2Api', data: data as never });
}

it('reports what a fully permitted app may do', async () => {
	const result = await test('full');
	expect(result.status).toBe('OK');
	expect(result.message).toContain('Allowed: listIncidents, getIncident, updateIncident');
	expect(result.message).not.toContain('Not allowed');
});

it('reports what a read-only app may not do', async () => {
	const result = await test('readonly', {}, 'legacy');
	expect(result.status).toBe('OK');
	expect(result.message).toMatch(/Not allowed: .*updateIncident/);
});

it('signs in with a certificate', async () => {
	expect((await test('certificate')).status).toBe('OK');
});

it('fails clearly for an app without permissions, a wrong secret and an unknown tenant', async () => {
	expect((await test('none')).message).toMatch(/^Signed in, but the app has no Microsoft Graph application permission this node uses \(roles: none\)/);
	const wrongSecret = await test('full', { clientSecret: 'not-the-secret' });
	expect(wrongSecret.status).toBe('Error');
	expect(wrongSecret.message).toMatch(/^Sign-in failed: AADSTS7000215: .* What to do: The client secret is wrong/);
	const unknownTenant = await test('full', { tenantId: '0f1e2d3c-4b5a-4968-8776-655443322110' });
	expect(unknownTenant.message).toMatch(/AADSTS90002: .* What to do: The tenant does not exist/);
	const unknownClient = await test('full', { clientId: '99999999-9999-4999-8999-999999999999' });
	expect(unknownClient.message).toMatch(/AADSTS700016/);
});
