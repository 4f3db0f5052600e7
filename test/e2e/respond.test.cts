/**
 * Identity containment and custom detection rules (Graph v1.0) in real n8n, run by `n8n execute` with the packed
 * package: a user is found and contained, a provider and action pair Microsoft does not list is refused, a rule is
 * created, read, updated and deleted, and a US Gov cloud is refused before any request.
 */
import { startEmulator } from '../../emulator/index.cjs';
import type { CredentialFixture, N8nInstance, WorkflowFixture } from '../../scripts/n8n/instance.cjs';
import { manualWorkflow, secretCredential, type DefenderStep } from './fixtures.cjs';
import { e2eTargets, errorItemMessage, instanceWithPackage, successfulOutput } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
/** A customer tenant of the same multi-tenant apps, for the partner case. */
let customer: Emulator;
const customerTenantId = '0f1e2d3c-4b5a-4968-8776-655443322110';
let zoeId: string;
let serviceAccountId: string;

/** The seeded rule, and the one the first workflow creates (the emulator numbers rules from 7500). */
const seededRuleId = '7500';
const createdRuleId = '7501';

function gccCredential(): CredentialFixture {
	const credential = secretCredential(emulator, 'graph', 'full', 'secret-full-gcc');
	return { ...credential, name: 'Defender full app (GCC)', data: { ...credential.data, cloud: 'usGovGcc' } };
}

function containSteps(): DefenderStep[] {
	return [
		{ name: 'Find Account', parameters: { resource: 'identityAccount', operation: 'getAll', returnAll: true, filter: "displayName eq 'zoe.muller'" } },
		{ name: 'Disable', parameters: { resource: 'identityAccount', operation: 'invokeAction', identityAccountId: zoeId, identityProvider: 'entraID', identityAction: 'disable' } },
		{ name: 'Revoke Sessions', parameters: { resource: 'identityAccount', operation: 'invokeAction', identityAccountId: zoeId, identityProvider: 'entraID', identityAction: 'revokeAllSessions' } },
		{ name: 'Unsupported Pair', parameters: { resource: 'identityAccount', operation: 'invokeAction', identityAccountId: serviceAccountId, identityProvider: 'activeDirectory', identityAction: 'markUserAsCompromised' } },
		{
			name: 'Create Rule',
			parameters: {
				resource: 'detectionRule',
				operation: 'create',
				displayName: 'Mimikatz seen',
				queryText: 'DeviceProcessEvents | where FileName =~ "mimikatz.exe"',
				frequency: 'PT1H',
				alertTitle: 'Mimikatz ran',
				severity: 'high',
				additionalFields: { recommendedActions: 'Isolate the device' },
			},
		},
		{ name: 'Bad Frequency', parameters: { resource: 'detectionRule', operation: 'create', displayName: 'x', queryText: 'AlertInfo', frequency: 'hourly', alertTitle: 'x', severity: 'low' } },
	];
}

function ruleSteps(): DefenderStep[] {
	return [
		{ name: 'Get Rule', parameters: { resource: 'detectionRule', operation: 'get', ruleId: createdRuleId } },
		{ name: 'Update Rule', parameters: { resource: 'detectionRule', operation: 'update', ruleId: createdRuleId, updateFields: { status: 'disabled', frequency: 'PT3H', severity: 'medium' } } },
		{ name: 'Delete Rule', parameters: { resource: 'detectionRule', operation: 'delete', ruleId: seededRuleId } },
		{ name: 'List Rules', parameters: { resource: 'detectionRule', operation: 'getAll', returnAll: true } },
	];
}

beforeAll(async () => {
	emulator = await startEmulator();
	customer = await startEmulator({ customerTenant: { tenantId: customerTenantId, tenantDomain: 'fabrikam.example' } });
	const accounts = emulator.admin.response.identityAccounts();
	zoeId = accounts.find((account) => account.displayName === 'zoe.muller')!.id;
	serviceAccountId = accounts.find((account) => account.displayName === 'svc-backup')!.id;
}, 120_000);

afterAll(async () => {
	await emulator?.close();
	await customer?.close();
});

/** One workflow, two customer tenants: a Defender node per tenant, each with its own credential of the same app. */
function partnerWorkflow(contoso: CredentialFixture, fabrikam: CredentialFixture): WorkflowFixture {
	const listIncidents = { resource: 'incident', operation: 'getAll', returnAll: false, limit: 2, simplify: true };
	const first = manualWorkflow('respond-partner', contoso, [{ name: 'Contoso Incidents', parameters: listIncidents }]);
	const second = manualWorkflow('respond-partner', fabrikam, [{ name: 'Fabrikam Incidents', parameters: listIncidents }]);
	const fabrikamNode = { ...(second.nodes[1] as Record<string, unknown>), id: 'respond-partner-fabrikam', position: [300, 200] };
	const start = first.connections.Start as { main: Array<Array<Record<string, unknown>>> };
	return {
		...first,
		nodes: [...first.nodes, fabrikamNode],
		connections: { Start: { main: [[...start.main[0], { node: 'Fabrikam Incidents', type: 'main', index: 0 }]] } },
	};
}

describe.each(e2eTargets)('Graph response resources in real n8n %s.x', (target) => {
	let instance: N8nInstance;

	beforeAll(async () => {
		emulator.admin.reset();
		instance = await instanceWithPackage(target);
		const credential = secretCredential(emulator, 'graph');
		const fabrikam = secretCredential(customer, 'graph', 'full', 'secret-full-fabrikam');
		await instance.importCredentials([credential, gccCredential(), fabrikam]);
		await instance.importWorkflows([
			manualWorkflow('respond-contain', credential, containSteps()),
			manualWorkflow('respond-rules', credential, ruleSteps()),
			manualWorkflow('respond-gcc', gccCredential(), [{ name: 'GCC Rules', parameters: { resource: 'detectionRule', operation: 'getAll', returnAll: true } }]),
			partnerWorkflow(credential, fabrikam),
		]);
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
	});

	const run = async (workflowId: string) => {
		const { run: execution } = await instance.execute(workflowId);
		if (!execution) throw new Error(`n8n printed no run for ${workflowId}; see ${instance.logFile}`);
		return execution;
	};

	it('finds a user, disables the account and revokes its sessions once each, refuses an unlisted pair, and creates a rule', async () => {
		const execution = await run('respond-contain');
		expect(successfulOutput(execution, 'Find Account')).toEqual([expect.objectContaining({ id: zoeId, tenantId: emulator.tenantId })]);
		expect(successfulOutput(execution, 'Disable')).toEqual([expect.objectContaining({ action: 'disable', identityProvider: 'entraID', correlationId: expect.any(String), tenantId: emulator.tenantId })]);
		expect(successfulOutput(execution, 'Revoke Sessions')).toEqual([expect.objectContaining({ action: 'revokeAllSessions' })]);
		expect(emulator.admin.response.invokedActions().map((invoked) => invoked.action)).toEqual(['disable', 'revokeAllSessions']);
		expect(emulator.admin.response.identityAccounts().find((account) => account.id === zoeId)!.isEnabled).toBe(false);
		expect(errorItemMessage(execution, 'Unsupported Pair')).toBe('Mark User as Compromised is not available for Active Directory (On-Premises) accounts; it supports Disable, Enable, Force Password Reset');

		expect(successfulOutput(execution, 'Create Rule')).toEqual([
			expect.objectContaining({ id: createdRuleId, displayName: 'Mimikatz seen', schedule: { frequency: 'PT1H' }, detectionAction: expect.objectContaining({ alertTemplate: expect.objectContaining({ title: 'Mimikatz ran', severity: 'high' }) }) }),
		]);
		expect(errorItemMessage(execution, 'Bad Frequency')).toBe('Run Frequency "hourly" is not an ISO 8601 duration');
	}, 180_000);

	it('reads, updates and deletes rules', async () => {
		const execution = await run('respond-rules');
		expect(successfulOutput(execution, 'Get Rule')).toEqual([expect.objectContaining({ id: createdRuleId })]);
		expect(successfulOutput(execution, 'Update Rule')).toEqual([
			expect.objectContaining({ status: 'disabled', schedule: { frequency: 'PT3H' }, detectionAction: expect.objectContaining({ alertTemplate: expect.objectContaining({ title: 'Mimikatz ran', severity: 'medium' }) }) }),
		]);
		expect(successfulOutput(execution, 'Delete Rule')).toEqual([expect.objectContaining({ id: seededRuleId, deleted: true })]);
		expect(emulator.admin.response.detectionRules().map((rule) => rule.id)).toEqual([createdRuleId]);
	}, 180_000);

	it('serves two customer tenants of one multi-tenant app from one workflow, each item naming its tenant', async () => {
		const fullApp = (of: Emulator) => of.apps.find((app) => app.name === 'full')!.clientId;
		expect(fullApp(customer)).toBe(fullApp(emulator));
		const execution = await run('respond-partner');
		const tenants = (nodeName: string) => [...new Set(successfulOutput(execution, nodeName).map((item) => item.tenantId))];
		expect(tenants('Contoso Incidents')).toEqual([emulator.tenantId]);
		expect(tenants('Fabrikam Incidents')).toEqual([customerTenantId]);
	}, 180_000);

	it('refuses a US Gov cloud before any request', async () => {
		const before = emulator.admin.requestLog().length;
		const execution = await run('respond-gcc');
		expect(errorItemMessage(execution, 'GCC Rules')).toBe('Identity accounts and custom detection rules are available in the global cloud only today');
		expect(emulator.admin.requestLog().slice(before)).toEqual([]);
	}, 180_000);
});
