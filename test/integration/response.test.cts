import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend, createEndpointBackend, createResponseBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { connectDelegated, createExecuteContext, emulatorCredentials, type OAuthHarness, type TestCredentials } from '../harness/n8nContext.cjs';

/**
 * Identity containment and custom detection rules (Graph v1.0) against the emulator, through n8n-like OAuth2:
 * refusals before any request, actions and rule creation never doubled by a retry, the tenant on every item,
 * the global-only clouds and the permission messages.
 */

let emulator: Emulator;
const fastRetries = { retryBaseMilliseconds: 5, maxWaitMilliseconds: 3000 };

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 5, now: new Date() });
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.admin.reset());

interface RunOptions {
	appName?: string;
	continueOnFail?: boolean;
	credentials?: Partial<TestCredentials>;
}

async function runNode(parameters: IDataObject | IDataObject[], options: RunOptions = {}) {
	const credentials = { ...emulatorCredentials(emulator, options.appName ?? 'full'), ...options.credentials };
	const { context, harness } = createExecuteContext({ parameters, credentials, continueOnFail: options.continueOnFail });
	const [items] = await router.call(context, createBackend, createEndpointBackend, (opened) => createResponseBackend(opened, fastRetries));
	return { json: items.map((item) => item.json), harness };
}

const accountNamed = (name: string) => emulator.admin.response.identityAccounts().find((account) => account.displayName === name)!;
const posts = (harness: OAuthHarness) => harness.requests.filter((request) => request.method === 'POST');
const apiRequests = (harness: OAuthHarness) => harness.requests.filter((request) => request.url.includes('/v1.0/'));

describe('identity accounts', () => {
	it('lists with a filter and gets one, each item carrying the tenant ID', async () => {
		const { json } = await runNode({ resource: 'identityAccount', operation: 'getAll', returnAll: true, filter: "displayName eq 'zoe.muller'" });
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({ displayName: 'zoe.muller', tenantId: emulator.tenantId });
		const { json: got } = await runNode({ resource: 'identityAccount', operation: 'get', identityAccountId: String(json[0].id) });
		expect(got[0]).toMatchObject({ id: json[0].id, tenantId: emulator.tenantId });
	});

	it('disables an Entra ID account and revokes its sessions, with Defender\'s correlation ID', async () => {
		const account = accountNamed('zoe.muller');
		const { json } = await runNode([
			{ resource: 'identityAccount', operation: 'invokeAction', identityAccountId: account.id, identityProvider: 'entraID', identityAction: 'disable' },
			{ resource: 'identityAccount', operation: 'invokeAction', identityAccountId: account.id, identityProvider: 'entraID', identityAction: 'revokeAllSessions' },
		]);
		expect(json[0]).toMatchObject({ identityAccountId: account.id, action: 'disable', identityProvider: 'entraID', alreadyInEffect: false, tenantId: emulator.tenantId });
		expect(json[0].correlationId).toMatch(/^c0ffee00-/);
		expect(json[1]).toMatchObject({ action: 'revokeAllSessions' });
		expect(accountNamed('zoe.muller').isEnabled).toBe(false);
		const entraAccount = account.accounts.find((entry) => entry.identityProvider === 'entraID')!;
		expect(emulator.admin.response.invokedActions().map((invoked) => [invoked.accountId, invoked.action])).toEqual([
			[entraAccount.identifier, 'disable'],
			[entraAccount.identifier, 'revokeAllSessions'],
		]);
	});

	it('refuses a provider and action pair the page does not list before any request', async () => {
		const account = accountNamed('svc-backup');
		const { json, harness } = await runNode(
			{ resource: 'identityAccount', operation: 'invokeAction', identityAccountId: account.id, identityProvider: 'activeDirectory', identityAction: 'revokeAllSessions' },
			{ continueOnFail: true },
		);
		expect(json[0].error).toBe('Revoke All Sessions is not available for Active Directory (On-Premises) accounts; it supports Disable, Enable, Force Password Reset');
		expect(apiRequests(harness)).toHaveLength(0);
	});

	it('refuses a provider the account does not have, without sending the action', async () => {
		const account = accountNamed('lukasz.nowak');
		const { json, harness } = await runNode(
			{ resource: 'identityAccount', operation: 'invokeAction', identityAccountId: account.id, identityProvider: 'okta', identityAction: 'disable' },
			{ continueOnFail: true },
		);
		expect(json[0].error).toBe(`Identity account ${account.id} has no Okta account`);
		expect(posts(harness)).toHaveLength(0);
	});

	it('reports one action when the connection drops after Defender acted, and an action already in effect is no error', async () => {
		const account = accountNamed('jose.garcia');
		emulator.admin.failNext({ kind: 'resetAfterProcessing', method: 'POST', pathContains: '/invokeAction' });
		const parameters = { resource: 'identityAccount', operation: 'invokeAction', identityAccountId: account.id, identityProvider: 'okta', identityAction: 'disable' };
		const { json } = await runNode(parameters);
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({ action: 'disable', identityProvider: 'okta' });
		expect(accountNamed('jose.garcia').isEnabled).toBe(false);

		emulator.admin.response.conflictWhenInEffect(true);
		const { json: again } = await runNode(parameters);
		expect(again[0]).toMatchObject({ action: 'disable', alreadyInEffect: true, correlationId: null });
	});
});

describe('custom detection rules', () => {
	const create = (overrides: IDataObject = {}) => ({
		resource: 'detectionRule',
		operation: 'create',
		displayName: 'Mimikatz on a device',
		queryText: 'DeviceProcessEvents | where FileName =~ "mimikatz.exe"',
		frequency: 'PT3H',
		alertTitle: 'Mimikatz ran',
		severity: 'high',
		additionalFields: { recommendedActions: 'Isolate the device', detectionAction: '{"alertTemplate": {"tactics": ["credentialAccess"]}}' },
		...overrides,
	});

	it('creates, reads, lists, updates and deletes a rule in the v1.0 shape', async () => {
		const { json: created } = await runNode(create());
		const rule = created[0];
		expect(rule).toMatchObject({
			displayName: 'Mimikatz on a device',
			status: 'enabled',
			queryCondition: { queryText: 'DeviceProcessEvents | where FileName =~ "mimikatz.exe"' },
			schedule: { frequency: 'PT3H' },
			detectionAction: { alertTemplate: { title: 'Mimikatz ran', severity: 'high', recommendedActions: 'Isolate the device', tactics: ['credentialAccess'] } },
			tenantId: emulator.tenantId,
		});
		const sent = JSON.parse(emulator.admin.requestLog().filter((entry) => entry.method === 'POST' && entry.path.endsWith('/detectionRules')).at(-1)!.body) as IDataObject;
		expect(Object.keys(sent).sort()).toEqual(['detectionAction', 'displayName', 'queryCondition', 'schedule', 'status']);

		const id = String(rule.id);
		expect((await runNode({ resource: 'detectionRule', operation: 'get', ruleId: id })).json[0]).toMatchObject({ id });
		const listed = (await runNode({ resource: 'detectionRule', operation: 'getAll', returnAll: true, filter: "status eq 'enabled'" })).json;
		expect(listed.map((entry) => entry.id)).toContain(id);

		const { json: updated } = await runNode({ resource: 'detectionRule', operation: 'update', ruleId: id, updateFields: { severity: 'medium', status: 'disabled', frequency: 'P1D' } });
		expect(updated[0]).toMatchObject({ status: 'disabled', schedule: { frequency: 'P1D' }, detectionAction: { alertTemplate: { title: 'Mimikatz ran', severity: 'medium', tactics: ['credentialAccess'] } } });

		expect((await runNode({ resource: 'detectionRule', operation: 'delete', ruleId: id })).json[0]).toMatchObject({ id, deleted: true });
		expect(emulator.admin.response.detectionRules().map((entry) => entry.id)).not.toContain(id);
	});

	it.each([
		[{ frequency: 'hourly' }, 'Run Frequency "hourly" is not an ISO 8601 duration'],
		[{ severity: 'critical' }, 'Alert Severity "critical" is not one of: high (High), informational (Informational), low (Low), medium (Medium)'],
		[{ additionalFields: { status: 'autoDisabled' } }, 'Status "autoDisabled" is not one of: disabled (Disabled), enabled (Enabled)'],
		[{ additionalFields: { detectionAction: '{"responseActions": []}' } }, 'Detection Action (JSON) has the field "responseActions" in detectionAction, which Graph v1.0 does not document'],
		[{ additionalFields: { detectionAction: '{"alertTemplate": {"impactedAssets": []}}' } }, 'Detection Action (JSON) has the field "impactedAssets" in alertTemplate, which Graph v1.0 does not document'],
		[{ queryText: '  ' }, 'Query is empty'],
	])('checks %j before any request', async (overrides, message) => {
		const { json, harness } = await runNode(create(overrides), { continueOnFail: true });
		expect(json[0].error).toBe(message);
		expect(apiRequests(harness)).toHaveLength(0);
	});

	it('makes one rule when the connection drops after Defender created it', async () => {
		const before = emulator.admin.response.detectionRules().length;
		emulator.admin.failNext({ kind: 'resetAfterProcessing', method: 'POST', pathContains: '/detectionRules' });
		const { json } = await runNode(create({ displayName: 'Dropped once' }));
		expect(json).toHaveLength(1);
		const named = emulator.admin.response.detectionRules().filter((rule) => rule.displayName === 'Dropped once');
		expect(named).toHaveLength(1);
		expect(json[0].id).toBe(named[0].id);
		expect(emulator.admin.response.detectionRules()).toHaveLength(before + 1);
	});
});

describe('clouds, APIs and permissions', () => {
	it.each(['usGovGcc', 'usGovGccHigh', 'usGovDod'])('refuses the %s cloud before any request', async (cloud) => {
		const { json, harness } = await runNode({ resource: 'detectionRule', operation: 'getAll', returnAll: true }, { continueOnFail: true, credentials: { cloud } });
		expect(json[0].error).toBe('Identity accounts and custom detection rules are available in the global cloud only today');
		expect(harness.requests).toHaveLength(0);
	});

	it('refuses a credential on the legacy API before any request', async () => {
		const { json, harness } = await runNode({ resource: 'identityAccount', operation: 'getAll', returnAll: true }, { continueOnFail: true, credentials: { api: 'legacy' } });
		expect(json[0].error).toBe('Identity accounts and custom detection rules need the Microsoft Graph security API');
		expect(harness.requests).toHaveLength(0);
	});

	it('a signed-in user consents only to the response permissions the credential asks for', async () => {
		const signIn = async (responseAccess: string) => {
			emulator.admin.setSignedInUser('analyst@contoso.example');
			const credentials = { ...emulatorCredentials(emulator, 'delegated'), responseAccess };
			await connectDelegated(credentials);
			return credentials;
		};
		const identities = await signIn('identities');
		const { json } = await runNode({ resource: 'identityAccount', operation: 'getAll', returnAll: true, filter: "displayName eq 'zoe.muller'" }, { credentials: identities });
		expect(json[0]).toMatchObject({ displayName: 'zoe.muller' });
		const { json: rules } = await runNode({ resource: 'detectionRule', operation: 'getAll', returnAll: true }, { credentials: identities, continueOnFail: true });
		expect(rules[0].error).toBe('Missing permission to list custom detection rules: the delegated permission "CustomDetection.Read.All" or "CustomDetection.ReadWrite.All" of Microsoft Graph is required');

		const none = await signIn('none');
		const { json: refused } = await runNode({ resource: 'identityAccount', operation: 'getAll', returnAll: true }, { credentials: none, continueOnFail: true });
		expect(refused[0].error).toBe('Missing permission to list identity accounts: the delegated permission "SecurityIdentitiesAccount.Read.All" of Microsoft Graph is required');
	});

	it('tells a signed-in user without the role which role identity actions need', async () => {
		emulator.admin.setSignedInUser('reader@contoso.example');
		const credentials = { ...emulatorCredentials(emulator, 'delegated'), responseAccess: 'identities' };
		await connectDelegated(credentials);
		const account = accountNamed('lukasz.nowak');
		const error = await runNode({ resource: 'identityAccount', operation: 'invokeAction', identityAccountId: account.id, identityProvider: 'entraID', identityAction: 'disable' }, { credentials }).then(
			() => undefined,
			(failure: Error & { description?: string }) => failure,
		);
		expect(error?.message).toBe('The signed-in user may not act on an identity account');
		expect(error?.description).toMatch(/at least the Security Administrator role/);
		expect(accountNamed('lukasz.nowak').isEnabled).toBe(true);
	});

	it('names the missing permission', async () => {
		const { json } = await runNode({ resource: 'detectionRule', operation: 'create', displayName: 'x', queryText: 'AlertInfo', frequency: 'PT1H', alertTitle: 'x', severity: 'low' }, { appName: 'readonly', continueOnFail: true });
		expect(json[0].error).toBe("Missing permission to create a custom detection rule: the application permission \"CustomDetection.ReadWrite.All\" of Microsoft Graph is required");
		const { json: identity } = await runNode({ resource: 'identityAccount', operation: 'getAll', returnAll: true }, { appName: 'none', continueOnFail: true });
		expect(identity[0].error).toBe("Missing permission to list identity accounts: the application permission \"SecurityIdentitiesAccount.Read.All\" of Microsoft Graph is required");
	});
});
