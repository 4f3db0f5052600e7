import type { ApiName, GrantType } from '../../nodes/MicrosoftDefenderXdr/model/clouds';
import { explainAccessFailure, type AccessFailure } from '../../nodes/MicrosoftDefenderXdr/auth/accessFailure';
import {
	allowedOperations,
	requiredPermissions,
	type DefenderOperation,
} from '../../nodes/MicrosoftDefenderXdr/model/permissions';
import { applicationToken, clientId, delegatedToken, otherTenantId, tenantId } from './tokens.cjs';

const incidentOperations: DefenderOperation[] = ['listIncidents', 'getIncident', 'updateIncident', 'addIncidentComment'];
const alertOperations: DefenderOperation[] = ['listAlerts', 'getAlert', 'updateAlert', 'addAlertComment'];

/** The table of docs/api-contract.md section 7: which permissions allow each operation. */
const expectedPermissions: Record<ApiName, Record<GrantType, Partial<Record<DefenderOperation, string[]>>>> = {
	graph: {
		clientCredentials: {
			listIncidents: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
			getIncident: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
			updateIncident: ['SecurityIncident.ReadWrite.All'],
			addIncidentComment: ['SecurityIncident.ReadWrite.All'],
			listAlerts: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
			getAlert: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
			updateAlert: ['SecurityAlert.ReadWrite.All'],
			addAlertComment: ['SecurityAlert.ReadWrite.All'],
			runHuntingQuery: ['ThreatHunting.Read.All'],
		},
		authorizationCode: {},
	},
	legacy: {
		clientCredentials: {
			listIncidents: ['Incident.Read.All', 'Incident.ReadWrite.All'],
			getIncident: ['Incident.Read.All', 'Incident.ReadWrite.All'],
			updateIncident: ['Incident.ReadWrite.All'],
			addIncidentComment: ['Incident.ReadWrite.All'],
			runHuntingQuery: ['AdvancedHunting.Read.All'],
		},
		authorizationCode: {
			listIncidents: ['Incident.Read', 'Incident.ReadWrite'],
			getIncident: ['Incident.Read', 'Incident.ReadWrite'],
			updateIncident: ['Incident.ReadWrite'],
			addIncidentComment: ['Incident.ReadWrite'],
			runHuntingQuery: ['AdvancedHunting.Read'],
		},
	},
};
// Graph's delegated permissions carry the same names as its application permissions.
expectedPermissions.graph.authorizationCode = expectedPermissions.graph.clientCredentials;

const combinations: Array<[ApiName, GrantType]> = [
	['graph', 'clientCredentials'],
	['graph', 'authorizationCode'],
	['legacy', 'clientCredentials'],
	['legacy', 'authorizationCode'],
];
const allOperations = [...incidentOperations, ...alertOperations, 'runHuntingQuery'] as DefenderOperation[];

describe('requiredPermissions', () => {
	it.each(combinations.flatMap(([api, grantType]) => allOperations.map((operation) => [api, grantType, operation] as const)))(
		'%s %s %s matches the reference table',
		(api, grantType, operation) => {
			expect(requiredPermissions(api, grantType, operation)).toEqual(expectedPermissions[api][grantType][operation] ?? []);
		},
	);
});

const responseOperations = [
	'listIdentityAccounts',
	'getIdentityAccount',
	'invokeIdentityAction',
	'listDetectionRules',
	'getDetectionRule',
	'createDetectionRule',
	'updateDetectionRule',
	'deleteDetectionRule',
];

describe('allowedOperations', () => {
	it('lets ReadWrite satisfy Read and reports what a read-only grant refuses', () => {
		expect(allowedOperations('graph', 'clientCredentials', ['SecurityIncident.ReadWrite.All'])).toEqual({
			allowed: ['listIncidents', 'getIncident', 'updateIncident', 'addIncidentComment'],
			refused: [...alertOperations, 'runHuntingQuery', ...responseOperations],
		});
		expect(allowedOperations('legacy', 'authorizationCode', ['Incident.Read', 'AdvancedHunting.Read']).refused).toEqual([
			'updateIncident',
			'addIncidentComment',
			...alertOperations,
			...responseOperations,
		]);
	});

	it('allows identity reads without the identity action, and detection rule reads with either permission', () => {
		const { allowed } = allowedOperations('graph', 'clientCredentials', ['SecurityIdentitiesAccount.Read.All', 'CustomDetection.ReadWrite.All']);
		expect(allowed).toEqual(['listIdentityAccounts', 'getIdentityAccount', 'listDetectionRules', 'getDetectionRule', 'createDetectionRule', 'updateDetectionRule', 'deleteDetectionRule']);
		expect(allowedOperations('graph', 'authorizationCode', ['CustomDetection.Read.All']).allowed).toEqual(['listDetectionRules', 'getDetectionRule']);
	});
});

function settings(api: ApiName, grantType: GrantType): AccessFailure['settings'] {
	return { api, grantType, cloud: 'global', tenantId, clientId };
}

async function tokenWith(api: ApiName, grantType: GrantType, permissions: string[], overrides = {}) {
	return grantType === 'clientCredentials'
		? await applicationToken(api, permissions, overrides)
		: await delegatedToken(api, permissions, overrides);
}

describe('explainAccessFailure: missing permissions, every API x mode x operation', () => {
	const cases = combinations.flatMap(([api, grantType]) =>
		allOperations
			.filter((operation) => (expectedPermissions[api][grantType][operation] ?? []).length > 0)
			.map((operation) => [api, grantType, operation] as const),
	);

	it.each(cases)('%s %s %s with no permissions names what is needed', async (api, grantType, operation) => {
		const required = expectedPermissions[api][grantType][operation]!;
		const explanation = explainAccessFailure({
			operation,
			status: 403,
			accessToken: await tokenWith(api, grantType, []),
			settings: settings(api, grantType),
		});
		const kind = grantType === 'clientCredentials' ? 'application' : 'delegated';
		const registration = api === 'graph' ? 'Microsoft Graph' : 'Microsoft Threat Protection';
		expect(explanation.message).toMatch(
			new RegExp(`^Missing permission to .+: the ${kind} permission ${required.map((p) => `"${p}"`).join(' or ').replace(/\./g, '\\.')} of ${registration} is required$`),
		);
		expect(explanation.description).toContain(`The token's ${kind} permissions (${kind === 'delegated' ? 'scp' : 'roles'}): none.`);
		expect(explanation.description).toContain(`${kind === 'application' ? 'Application' : 'Delegated'} permissions > "${required[0]}"`);
		expect(explanation.description).toContain('"Grant admin consent"');
		expect(explanation.description).toContain(clientId);
	});

	it.each(cases.filter(([, , operation]) => operation === 'updateIncident'))(
		'%s %s: a read-only token asked to update is told to add the ReadWrite permission',
		async (api, grantType) => {
			const read = expectedPermissions[api][grantType].getIncident![0];
			const explanation = explainAccessFailure({
				operation: 'updateIncident',
				status: 403,
				accessToken: await tokenWith(api, grantType, [read]),
				settings: settings(api, grantType),
			});
			expect(explanation.description).toContain(`permissions (${grantType === 'clientCredentials' ? 'roles' : 'scp'}): ${read}.`);
			expect(explanation.description).toContain(`"${expectedPermissions[api][grantType].updateIncident![0]}" > Add permissions`);
		},
	);
});

describe('explainAccessFailure: exact messages', () => {
	it('application token on Graph missing SecurityIncident.ReadWrite.All', async () => {
		const explanation = explainAccessFailure({
			operation: 'updateIncident',
			status: 403,
			apiMessage: 'Missing application roles. API required roles: SecurityIncident.ReadWrite.All',
			accessToken: await applicationToken('graph', ['SecurityIncident.Read.All']),
			settings: settings('graph', 'clientCredentials'),
		});
		expect(explanation).toEqual({
			message:
				'Missing permission to update an incident: the application permission "SecurityIncident.ReadWrite.All" of Microsoft Graph is required',
			description:
				"The token's application permissions (roles): SecurityIncident.Read.All. To grant it: Microsoft Entra admin center > App registrations > " +
				`the app registration ${clientId} > API permissions > Add a permission > "Microsoft Graph" > Application permissions > ` +
				'"SecurityIncident.ReadWrite.All" > Add permissions, then "Grant admin consent" for the tenant. n8n fetches a new token by itself on the next run (allow a few minutes for the grant to take effect).',
		});
	});

	it('delegated token on the legacy API missing AdvancedHunting.Read', async () => {
		const explanation = explainAccessFailure({
			operation: 'runHuntingQuery',
			status: 403,
			accessToken: await delegatedToken('legacy', ['Incident.Read']),
			settings: settings('legacy', 'authorizationCode'),
		});
		expect(explanation).toEqual({
			message:
				'Missing permission to run an advanced hunting query: the delegated permission "AdvancedHunting.Read" of Microsoft Threat Protection is required',
			description:
				"The token's delegated permissions (scp): Incident.Read. To grant it: Microsoft Entra admin center > App registrations > " +
				`the app registration ${clientId} > API permissions > Add a permission > "APIs my organization uses" > "Microsoft Threat Protection" > ` +
				'Delegated permissions > "AdvancedHunting.Read" > Add permissions, then "Grant admin consent" for the tenant. Then reconnect this credential (Connect button) so the new permission is in the token.',
		});
	});

	it('delegated Graph token missing a permission also explains the Defender role', async () => {
		const explanation = explainAccessFailure({
			operation: 'listAlerts',
			status: 403,
			accessToken: await delegatedToken('graph', ['SecurityIncident.Read.All']),
			settings: settings('graph', 'authorizationCode'),
		});
		expect(explanation.description).toMatch(/Security Reader to read, Security Operator or Security Administrator to update and comment\.$/);
	});

	it('a token issued for another tenant', async () => {
		const explanation = explainAccessFailure({
			operation: 'listIncidents',
			status: 401,
			accessToken: await applicationToken('graph', ['SecurityIncident.Read.All'], { tid: otherTenantId }),
			settings: settings('graph', 'clientCredentials'),
		});
		expect(explanation.message).toBe(
			`The access token was issued for tenant ${otherTenantId}, but the credential is configured for tenant ${tenantId}`,
		);
		expect(explanation.description).toBe(
			'Defender answers only for the tenant the token belongs to. Check the Tenant ID in the credential; a delegated user must sign in with an account of that tenant.',
		);
	});

	it('does not compare tenants when the credential names the tenant by domain', async () => {
		const explanation = explainAccessFailure({
			operation: 'listIncidents',
			status: 403,
			accessToken: await applicationToken('graph', [], { tid: otherTenantId }),
			settings: { ...settings('graph', 'clientCredentials'), tenantId: 'contoso.onmicrosoft.com' },
		});
		expect(explanation.message).toMatch(/^Missing permission to list incidents/);
	});

	it('a Threat Protection token sent to Graph', async () => {
		const explanation = explainAccessFailure({
			operation: 'listIncidents',
			status: 401,
			accessToken: await applicationToken('legacy', ['Incident.Read.All']),
			settings: settings('graph', 'clientCredentials'),
		});
		expect(explanation.message).toBe(
			'The access token was issued for the legacy Defender XDR API (Microsoft Threat Protection), but this credential calls the Microsoft Graph security API',
		);
		expect(explanation.description).toMatch(/^The token and the API do not match\. Check the credential's API and Cloud fields/);
	});

	it('a Graph token sent to the legacy API', async () => {
		const explanation = explainAccessFailure({
			operation: 'getIncident',
			status: 401,
			accessToken: await delegatedToken('graph', ['SecurityIncident.Read.All']),
			settings: settings('legacy', 'authorizationCode'),
		});
		expect(explanation.message).toBe(
			'The access token was issued for the Microsoft Graph security API, but this credential calls the legacy Defender XDR API (Microsoft Threat Protection)',
		);
	});

	it('a token for an unknown audience', async () => {
		const explanation = explainAccessFailure({
			operation: 'getIncident',
			status: 401,
			accessToken: await applicationToken('graph', [], { aud: 'https://management.azure.com' }),
			settings: settings('graph', 'clientCredentials'),
		});
		expect(explanation.message).toBe(
			'The access token was issued for the audience "https://management.azure.com", but this credential calls the Microsoft Graph security API',
		);
	});

	it.each([
		['application', 'clientCredentials', /^n8n renews application tokens by itself\./],
		['delegated', 'authorizationCode', /reconnect it\.$/],
	] as const)('an expired %s token', async (_kind, grantType, advice) => {
		const expiredAt = Math.floor(Date.now() / 1000) - 120;
		const explanation = explainAccessFailure({
			operation: 'listIncidents',
			status: 401,
			accessToken: await tokenWith('graph', grantType, ['SecurityIncident.Read.All'], { exp: expiredAt }),
			settings: settings('graph', grantType),
		});
		expect(explanation.message).toBe(`The access token expired at ${new Date(expiredAt * 1000).toISOString()} and could not be renewed`);
		expect(explanation.description).toMatch(advice);
	});

	it.each([
		['an opaque token', 'EwBwA8l6BAAUkj1dN2Zk0nWqkd2Zg4y'],
		['a malformed token', 'eyJhbGciOiJSUzI1NiJ9.%%%.x'],
		['no token at all', undefined],
	])('%s still gets the permission it needs and the API message', (_name, accessToken) => {
		const explanation = explainAccessFailure({
			operation: 'addIncidentComment',
			status: 403,
			apiMessage: 'Forbidden',
			accessToken,
			settings: settings('graph', 'clientCredentials'),
		});
		expect(explanation).toEqual({
			message: 'Microsoft Defender XDR refused to comment on an incident (HTTP 403)',
			description:
				'The access token could not be read to say why (it is not a JSON Web Token). This operation needs the application permission "SecurityIncident.ReadWrite.All" of Microsoft Graph. ' +
				'Check the credential\'s tenant, client ID and API. Microsoft\'s answer: "Forbidden"',
		});
		expect(JSON.stringify(explanation)).not.toContain('EwBwA8l6');
	});

	it('a delegated user whose token has the permission but whose role does not allow the update', async () => {
		const explanation = explainAccessFailure({
			operation: 'updateIncident',
			status: 403,
			apiMessage: 'The user does not have the required role',
			accessToken: await delegatedToken('graph', ['SecurityIncident.ReadWrite.All']),
			settings: settings('graph', 'authorizationCode'),
		});
		expect(explanation.message).toBe('The signed-in user may not update an incident');
		expect(explanation.description).toBe(
			"The token has the permission (SecurityIncident.ReadWrite.All), but the user's role does not allow this. " +
				'Delegated access also needs the signed-in user to hold a Defender role that allows it: Security Reader to read, Security Operator or Security Administrator to update and comment. ' +
				'Microsoft\'s answer: "The user does not have the required role"',
		);
	});

	it('an application token that has the permission but is still refused', async () => {
		const explanation = explainAccessFailure({
			operation: 'runHuntingQuery',
			status: 403,
			accessToken: await applicationToken('graph', ['ThreatHunting.Read.All']),
			settings: settings('graph', 'clientCredentials'),
		});
		expect(explanation.message).toBe(
			'Microsoft Defender XDR refused to run an advanced hunting query (HTTP 403) although the token has the permission',
		);
		expect(explanation.description).toBe(
			"The token's application permissions (roles): ThreatHunting.Read.All. A permission granted in the last few minutes may not have reached Defender yet; try again shortly.",
		);
	});

	it('alerts on the legacy API: no permission can allow it', async () => {
		const explanation = explainAccessFailure({
			operation: 'listAlerts',
			status: 403,
			accessToken: await applicationToken('legacy', ['Incident.ReadWrite.All']),
			settings: settings('legacy', 'clientCredentials'),
		});
		expect(explanation.message).toBe(
			'Cannot list alerts on the legacy Defender XDR API (Microsoft Threat Protection): it has no such operation',
		);
	});
});
