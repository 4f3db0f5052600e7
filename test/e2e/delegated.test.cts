/**
 * Delegated sign-in (authorization code) end to end in a live n8n: n8n builds the authorization URL from the
 * credential's computed fields, the emulator's authorize endpoint consents at once and redirects to n8n's
 * callback, n8n exchanges the code and stores the tokens; then workflows run as the signed-in user. Once through
 * n8n's REST API (what the editor calls), once by clicking "Connect my account" in n8n's editor in Chromium.
 */
import { startEmulator } from '../../emulator/index.cjs';
import type { N8nInstance } from '../../scripts/n8n/instance.cjs';
import { demoOwner, type N8nRestClient } from '../../scripts/n8n/rest.cjs';
import { artifactPath, withSignedInEditor } from './browser.cjs';
import { delegatedCredential, locator, manualWorkflow, type DefenderStep } from './fixtures.cjs';
import { instanceWithPackage, startWithOwner, successfulOutput } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
let instance: N8nInstance;
let rest: N8nRestClient;
let incidentId: string;

/** Two delegated credentials: one connected through the REST API, one by a click in the editor. */
const restConnected = { id: 'delegated-rest', name: 'Defender delegated (REST flow)' };
const browserConnected = { id: 'delegated-browser', name: 'Defender delegated (browser)' };

function delegatedSteps(comment: string): DefenderStep[] {
	return [
		{
			name: 'First Incident',
			parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 1, simplify: true },
		},
		{
			name: 'Comment Incident',
			parameters: { resource: 'incident', operation: 'addComment', incidentId: locator(incidentId), comment },
		},
	];
}

beforeAll(async () => {
	emulator = await startEmulator();
	const incident = await emulator.admin.createIncident({ title: 'Delegated e2e incident', severity: 'medium' });
	incidentId = String(incident.id);
	instance = await instanceWithPackage();
	const credentials = [restConnected, browserConnected].map((identity) => ({
		...delegatedCredential(emulator, 'graph'),
		...identity,
	}));
	await instance.importCredentials(credentials);
	await instance.importWorkflows([
		manualWorkflow('delegated-rest', credentials[0], delegatedSteps('Commented through the REST-connected credential')),
		manualWorkflow('delegated-oauth', credentials[1], delegatedSteps('Commented through the browser-connected credential')),
	]);
	rest = await startWithOwner(instance);
}, 180_000);

afterAll(async () => {
	await instance?.dispose();
	await emulator?.close();
});

it("connects through n8n's REST API: authorization URL, the emulator's consent, n8n's callback", async () => {
	const authorizationUrl = new URL(await rest.oauth2AuthorizationUrl(restConnected.id));
	expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(
		`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/authorize`,
	);
	expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${instance.baseUrl}/rest/oauth2-credential/callback`);
	expect(authorizationUrl.searchParams.get('scope')).toContain('SecurityIncident.ReadWrite.All');
	expect(authorizationUrl.searchParams.get('scope')).toContain('offline_access');

	const consent = await fetch(authorizationUrl, { redirect: 'manual' });
	expect(consent.status).toBe(302);
	const callbackUrl = consent.headers.get('location') ?? '';
	expect(callbackUrl.startsWith(`${instance.baseUrl}/rest/oauth2-credential/callback?`)).toBe(true);

	const callback = await rest.get(callbackUrl);
	expect(callback.status).toBe(200);
	expect(callback.text).toMatch(/connection successful|got connected/i);
}, 60_000);

it('connects by clicking "Connect my account" in the editor in Chromium', async () => {
	await withSignedInEditor(instance.baseUrl, demoOwner, 'delegated-connect-failure.png', async (page, context) => {
		await page.goto(`${instance.baseUrl}/home/credentials/${browserConnected.id}`);
		const connectButton = page.getByRole('button', { name: /^\s*connect( my account)?\s*$/i });
		await connectButton.waitFor({ timeout: 30_000 });
		const popupOpened = context.waitForEvent('page', { timeout: 30_000 });
		await connectButton.click();
		const popup = await popupOpened;
		await popup.waitForEvent('close', { timeout: 30_000 }).catch(() => undefined);
		await page.getByText(/account connected/i).first().waitFor({ timeout: 30_000 });
		await page.screenshot({ path: artifactPath('delegated-connect.png') });
	});
}, 120_000);

it('runs workflows as the signed-in user with both connected credentials, refreshing nothing by hand', async () => {
	// `n8n execute` is a second n8n process; stop the live one so they do not share the task runner port.
	await instance.stop();
	for (const workflowId of ['delegated-rest', 'delegated-oauth']) {
		const { run } = await instance.execute(workflowId);
		const [incident] = successfulOutput(run, 'First Incident');
		expect(incident.id).toBeTruthy();
		successfulOutput(run, 'Comment Incident');
	}
	const stored = emulator.admin.listAllIncidents().find((candidate: { id: unknown }) => String(candidate.id) === incidentId);
	const comments = JSON.stringify(stored?.comments ?? []);
	expect(comments).toContain('Commented through the REST-connected credential');
	expect(comments).toContain('Commented through the browser-connected credential');
	expect(comments).toContain(emulator.users[0].userPrincipalName);
}, 120_000);
