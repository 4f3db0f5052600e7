/**
 * The credential's Test in a live n8n 2.x: n8n runs the credential type's own test request with the token its
 * OAuth2 code fetches. Through n8n's REST endpoint (what the editor calls on Save) for each way a Defender
 * credential goes wrong, and in Chromium: the credential dialog shows green for a working application and red,
 * with the reason, for a wrong secret. Screenshots go to test-artifacts/.
 */
import type { Page, Request } from 'playwright-core';

import { startEmulator } from '../../emulator/index.cjs';
import type { CredentialFixture, N8nInstance } from '../../scripts/n8n/instance.cjs';
import { demoOwner, type N8nRestClient } from '../../scripts/n8n/rest.cjs';
import { artifactPath, withSignedInEditor } from './browser.cjs';
import { delegatedCredential, secretCredential } from './fixtures.cjs';
import { instanceWithPackage, startWithOwner } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
let instance: N8nInstance;
let rest: N8nRestClient;
const credentials: Record<string, CredentialFixture> = {};

function variant(base: CredentialFixture, id: string, name: string, changes: Record<string, unknown>): CredentialFixture {
	return { ...base, id, name, data: { ...base.data, ...changes } };
}

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 1 });
	const good = secretCredential(emulator, 'graph', 'full', 'good-app');
	credentials.good = { ...good, name: 'Defender good app' };
	credentials.goodLegacy = secretCredential(emulator, 'legacy', 'full', 'good-legacy-app');
	credentials.wrongSecret = variant(good, 'wrong-secret', 'Defender wrong secret', { clientSecret: 'not-the-secret' });
	credentials.unknownTenant = variant(good, 'unknown-tenant', 'Defender unknown tenant', {
		tenantId: '0f1e2d3c-4b5a-4968-8776-655443322110',
	});
	credentials.unknownClient = variant(good, 'unknown-client', 'Defender unknown client', {
		clientId: '99999999-9999-4999-8999-999999999999',
	});
	credentials.noPermission = secretCredential(emulator, 'graph', 'none', 'no-permission');
	credentials.delegated = delegatedCredential(emulator, 'graph');
	instance = await instanceWithPackage();
	await instance.importCredentials(Object.values(credentials));
	rest = await startWithOwner(instance);
}, 180_000);

afterAll(async () => {
	await instance?.dispose();
	await emulator?.close();
});

/** POST /rest/credentials/test, as the editor sends it after Save. */
async function testThroughRest(credential: CredentialFixture): Promise<{ status: string; message: string }> {
	const body = await rest.request<{ data: { status: string; message: string } }>('POST', '/rest/credentials/test', {
		credentials: { id: credential.id, name: credential.name, type: credential.type, data: credential.data },
	});
	return body.data;
}

describe("n8n's REST credential test", () => {
	it('succeeds for a working application on Microsoft Graph and on the legacy API', async () => {
		expect(await testThroughRest(credentials.good)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await testThroughRest(credentials.goodLegacy)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('names the missing permission when the app signs in but may not read incidents', async () => {
		const result = await testThroughRest(credentials.noPermission);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('HTTP 403');
		expect(result.message).toContain('SecurityIncident.Read.All');
	});

	// n8n core fetches the token and reports a refusal by the OAuth2 error name's standard meaning (RFC 6749);
	// Entra's AADSTS code stays inside n8n. The README maps each text to its AADSTS causes and what to do.
	it.each([
		['wrongSecret', 'Failed to acquire OAuth2 access token: Client authentication failed'],
		['unknownTenant', 'Failed to acquire OAuth2 access token: The request is missing a required parameter'],
		['unknownClient', 'Failed to acquire OAuth2 access token: The client is not authorized'],
	])('fails a %s sign-in with n8n\'s OAuth2 reason', async (name, expected) => {
		const result = await testThroughRest(credentials[name]);
		expect(result.status).toBe('Error');
		expect(result.message.startsWith(expected)).toBe(true);
	});

	it('fails a delegated credential that was never connected', async () => {
		expect(await testThroughRest(credentials.delegated)).toEqual({ status: 'Error', message: 'Unable to sign without access token' });
	});
});

/**
 * Opens the credential's dialog, pastes the client secret as a user would and clicks Save, which runs the test.
 * The editor may fire that test twice at once on Save, and n8n 2.41.1 then answers one of them "Node not found"
 * (its request tests share one mock node type, see README, Credentials), so the verdict read is the one after
 * Retry, a single test.
 */
async function saveAndReadVerdict(page: Page, credential: CredentialFixture, screenshot: string): Promise<string> {
	// Credential tests the editor has sent and n8n has not answered yet: a test started while another runs may be
	// answered "Node not found", so each Retry goes out alone.
	let testsInFlight = 0;
	const isTest = (request: Request) => request.url().includes('/rest/credentials/test') && request.method() === 'POST';
	page.on('request', (request) => {
		if (isTest(request)) testsInFlight++;
	});
	const settled = (request: Request) => {
		if (isTest(request)) testsInFlight--;
	};
	page.on('requestfinished', settled);
	page.on('requestfailed', settled);
	const noTestInFlight = async () => {
		while (testsInFlight > 0) await page.waitForTimeout(200);
	};
	await page.goto(`${instance.baseUrl}/home/credentials/${credential.id}`);
	const dialog = page.getByRole('dialog').filter({ visible: true });
	await dialog.locator('input[type="password"]').filter({ visible: true }).first().fill(String(credential.data.clientSecret));
	await dialog.getByRole('button', { name: /^\s*save\s*$/i }).filter({ visible: true }).first().click();
	const verdict = dialog.getByText(/connection tested successfully|couldn.t connect with these settings/i).filter({ visible: true }).first();
	await verdict.waitFor({ timeout: 60_000 });
	const retry = dialog.getByRole('button', { name: /^\s*retry\s*$/i }).first();
	const shownInEditor = (answer: { status: string; message: string }) =>
		dialog.getByText(answer.status === 'OK' ? /connection tested successfully/i : answer.message.slice(0, 60), { exact: false }).filter({ visible: true }).first();
	// The verdict is the answer to one Retry sent alone; the editor shows it once it has re-rendered. A test the
	// editor starts on its own meanwhile can still be answered "Node not found" and overwrite the banner, so a Retry
	// whose answer the banner does not end up showing is sent again.
	let answer = { status: '', message: '' };
	for (let attempt = 1; attempt <= 5; attempt++) {
		await noTestInFlight();
		const answered = page.waitForResponse((response) => isTest(response.request()), { timeout: 60_000 });
		// The banner re-renders while tests answer, so Playwright may find the button momentarily not visible.
		await retry.dispatchEvent('click');
		answer = ((await (await answered).json()) as { data: typeof answer }).data;
		await noTestInFlight();
		if (/node not found/i.test(answer.message)) continue;
		const details = dialog.getByText(/more details/i).filter({ visible: true }).first();
		if (await details.isVisible()) await details.click();
		const shown = await shownInEditor(answer).waitFor({ timeout: 15_000 }).then(() => true, () => false);
		if (shown) break;
	}
	page.removeAllListeners('request');
	page.removeAllListeners('requestfinished');
	page.removeAllListeners('requestfailed');
	const shown = answer.status === 'OK' ? /connection tested successfully/i : /couldn.t connect with these settings/i;
	await dialog.getByText(shown).filter({ visible: true }).first().waitFor({ timeout: 60_000 });
	await shownInEditor(answer).waitFor({ timeout: 60_000 });
	await page.screenshot({ path: artifactPath(screenshot) });
	return (await dialog.innerText()).replace(/\s+/g, ' ');
}

it('shows green for a working application and red with the reason for a wrong secret in the editor', async () => {
	await withSignedInEditor(instance.baseUrl, demoOwner, 'credential-test-failure.png', async (page) => {
		const good = await saveAndReadVerdict(page, credentials.good, 'credential-test-good.png');
		expect(good).toMatch(/connection tested successfully/i);
		const bad = await saveAndReadVerdict(page, credentials.wrongSecret, 'credential-test-wrong-secret.png');
		expect(bad).toMatch(/couldn.t connect with these settings/i);
		expect(bad).toMatch(/Failed to acquire OAuth2 access token: Client authentication failed/);
	});
}, 300_000);

describe("the node as an AI agent's tool", () => {
	it('is registered by n8n under the type name the node recognizes a tool call by', async () => {
		const { status, text } = await rest.get('/types/nodes.json');
		expect(status).toBe(200);
		const types = (JSON.parse(text) as Array<{ name: string; displayName: string }>).filter((type) => type.name.startsWith('n8n-nodes-microsoft-defender-xdr.'));
		// actions/common/agentTool.ts: n8n runs the tool variant under the node's type name plus "Tool".
		expect(types).toContainEqual(expect.objectContaining({ name: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTool', displayName: 'Microsoft Defender XDR Tool' }));
		expect(types.filter((type) => type.name.endsWith('Tool')).map((type) => type.name)).toEqual(['n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTool']);
	});
});
