/**
 * Graph v1.0 response APIs: Defender for Identity's identity accounts (list, get, invokeAction) and custom
 * detection rules (list, get, create, update, delete), with the refusals docs/api-contract.md section 10 lists.
 */
import type { EmulatorClock } from './clock.cjs';
import { compileQuery } from './graphApi.cjs';
import { jsonAnswer, readJsonBody, type HttpAnswer } from './http.cjs';
import type { QuerySchema } from './odata/index.cjs';
import type { ApiSurface, Route } from './routes.cjs';
import { ApiRefusal } from './store.cjs';

const identityActions = ['disable', 'enable', 'forcePasswordReset', 'revokeAllSessions', 'requireUserToSignInAgain', 'markUserAsCompromised'];
const identityProviders = ['entraID', 'activeDirectory', 'okta'];
/** Per provider, the actions the `account` resource page lists. */
const actionsByProvider: Record<string, string[]> = {
	activeDirectory: ['disable', 'enable', 'forcePasswordReset'],
	entraID: ['disable', 'enable', 'revokeAllSessions', 'requireUserToSignInAgain', 'markUserAsCompromised'],
	okta: ['disable', 'enable', 'revokeAllSessions'],
};
const severities = ['informational', 'low', 'medium', 'high'];
const ruleStatuses = ['enabled', 'disabled', 'autoDisabled'];
const durationPattern = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

const identityAccountProperties = ['id', 'accounts', 'cloudSecurityIdentifier', 'displayName', 'domain', 'isEnabled', 'onPremisesSecurityIdentifier', 'emailAddress', 'userPrincipalName'];
const detectionRuleProperties = ['id', 'createdBy', 'createdDateTime', 'description', 'displayName', 'lastModifiedBy', 'lastModifiedDateTime', 'queryCondition', 'schedule', 'status', 'detectionAction'];
const readOnlyRuleProperties = ['id', 'createdBy', 'createdDateTime', 'lastModifiedBy', 'lastModifiedDateTime'];
const settableRuleProperties = ['displayName', 'description', 'status', 'queryCondition', 'schedule', 'detectionAction'];
const detectionActionProperties = ['alertTemplate', 'automatedActions', 'organizationalScope'];
const alertTemplateProperties = ['title', 'description', 'severity', 'recommendedActions', 'tactics', 'customDetails', 'entityMappings'];

const identityAccountSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'microsoft.graph.security.identityAccounts',
	fields: {
		id: { type: 'string' },
		cloudSecurityIdentifier: { type: 'string' },
		displayName: { type: 'string' },
		domain: { type: 'string' },
		isEnabled: { type: 'boolean' },
		onPremisesSecurityIdentifier: { type: 'string' },
	},
	properties: identityAccountProperties,
	sortable: [],
};

/** `$filter` on the top-level properties the detectionRule page lists; nested paths are not emulated. */
const detectionRuleSchema: QuerySchema = {
	dialect: 'graph',
	entityTypeName: 'microsoft.graph.security.detectionRule',
	fields: {
		id: { type: 'string' },
		createdBy: { type: 'string' },
		createdDateTime: { type: 'dateTime' },
		description: { type: 'string' },
		displayName: { type: 'string' },
		lastModifiedBy: { type: 'string' },
		lastModifiedDateTime: { type: 'dateTime' },
		status: { type: 'enum', members: [...ruleStatuses, 'unknownFutureValue'], enumTypeName: 'microsoft.graph.security.detectionRuleStatus' },
	},
	properties: detectionRuleProperties,
	sortable: ['id', 'createdDateTime', 'displayName', 'lastModifiedDateTime', 'status'],
};

const identityRead = { application: ['SecurityIdentitiesAccount.Read.All'], delegated: ['SecurityIdentitiesAccount.Read.All'] };
const identityAction = { application: ['SecurityIdentitiesActions.ReadWrite.All'], delegated: ['SecurityIdentitiesActions.ReadWrite.All'] };
const ruleRead = { application: ['CustomDetection.Read.All', 'CustomDetection.ReadWrite.All'], delegated: ['CustomDetection.Read.All', 'CustomDetection.ReadWrite.All'] };
const ruleWrite = { application: ['CustomDetection.ReadWrite.All'], delegated: ['CustomDetection.ReadWrite.All'] };

interface IdentityAccountRecord extends Record<string, unknown> {
	id: string;
	displayName: string;
	isEnabled: boolean;
	accounts: Array<{ identifier: string; identityProvider: string; actions: string[] }>;
}

export interface InvokedAction {
	identityAccountId: string;
	accountId: string;
	action: string;
	identityProvider: string;
	correlationId: string;
}

/** The seeded identity accounts: the people of the seeded alerts' evidence, on one, two or three providers. */
function seededIdentityAccounts(domain: string): IdentityAccountRecord[] {
	const people: Array<[string, string[]]> = [
		['zoe.muller', ['entraID', 'activeDirectory']],
		['lukasz.nowak', ['entraID']],
		['jose.garcia', ['okta', 'entraID']],
		['svc-backup', ['activeDirectory']],
		['admin-tier0', ['activeDirectory', 'entraID']],
	];
	return people.map(([name, providers], index) => {
		const number = String(index + 1).padStart(4, '0');
		return {
			id: `b1d0c0de-0000-4000-8000-00000000${number}`,
			displayName: name,
			domain,
			isEnabled: true,
			cloudSecurityIdentifier: providers.includes('entraID') ? `S-1-12-1-1000-2000-3000-${number}` : null,
			onPremisesSecurityIdentifier: providers.includes('activeDirectory') ? `S-1-5-21-1721254763-462695806-1538882281-${number}` : null,
			userPrincipalName: `${name}@${domain}`,
			emailAddress: `${name}@${domain}`,
			accounts: providers.map((provider) => ({
				identifier: provider === 'activeDirectory' ? `CONTOSO\\${name}` : provider === 'okta' ? `00u${number}okta` : `aaaa${number}-0000-4000-8000-${number.padStart(12, '0')}`,
				identityProvider: provider,
				actions: actionsByProvider[provider],
			})),
		};
	});
}

function refuseUnknown(record: Record<string, unknown>, known: readonly string[], type: string, ignored: readonly string[] = []): void {
	for (const key of Object.keys(record)) {
		if (known.includes(key) || ignored.includes(key) || key.startsWith('@odata')) continue;
		throw new ApiRefusal(400, 'BadRequest', `The property '${key}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`);
	}
}

function objectField(value: unknown, name: string): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiRefusal(400, 'BadRequest', `The property '${name}' must be an object.`);
	return value as Record<string, unknown>;
}

function requiredText(record: Record<string, unknown>, name: string): string {
	const value = record[name];
	if (typeof value !== 'string' || value.trim() === '') throw new ApiRefusal(400, 'BadRequest', `The property '${name}' is required and must be a non-empty string.`);
	return value;
}

/** The rule fields of a POST or PATCH, checked as the v1.0 pages define them; `creating` requires the essential ones. */
function checkedRule(body: Record<string, unknown>, creating: boolean): Record<string, unknown> {
	refuseUnknown(body, settableRuleProperties, 'microsoft.graph.security.detectionRule', readOnlyRuleProperties);
	const rule: Record<string, unknown> = {};
	if (creating || body.displayName !== undefined) rule.displayName = requiredText(body, 'displayName');
	if (body.description !== undefined) rule.description = body.description;
	if (body.status !== undefined) {
		if (body.status !== 'enabled' && body.status !== 'disabled') throw new ApiRefusal(400, 'BadRequest', `The status '${String(body.status)}' cannot be set; use enabled or disabled.`);
		rule.status = body.status;
	}
	if (creating || body.queryCondition !== undefined) {
		const condition = objectField(body.queryCondition, 'queryCondition');
		refuseUnknown(condition, ['queryText'], 'microsoft.graph.security.queryCondition');
		rule.queryCondition = { queryText: requiredText(condition, 'queryText') };
	}
	if (creating || body.schedule !== undefined) {
		const schedule = objectField(body.schedule, 'schedule');
		refuseUnknown(schedule, ['frequency'], 'microsoft.graph.security.ruleSchedule');
		const frequency = requiredText(schedule, 'frequency');
		if (!durationPattern.test(frequency)) throw new ApiRefusal(400, 'BadRequest', `Cannot convert the literal '${frequency}' to the expected type 'Edm.Duration'.`);
		rule.schedule = { frequency };
	}
	if (creating || body.detectionAction !== undefined) {
		const action = objectField(body.detectionAction, 'detectionAction');
		refuseUnknown(action, detectionActionProperties, 'microsoft.graph.security.detectionAction');
		const template = objectField(action.alertTemplate, 'alertTemplate');
		refuseUnknown(template, alertTemplateProperties, 'microsoft.graph.security.alertTemplate');
		requiredText(template, 'title');
		if (!severities.includes(String(template.severity))) {
			throw new ApiRefusal(400, 'BadRequest', `The alert severity '${String(template.severity)}' is not valid; use informational, low, medium or high.`);
		}
		rule.detectionAction = action;
	}
	return rule;
}

export interface ResponseOptions {
	clock: EmulatorClock;
	domain: string;
	origin: () => string;
}

/** The response state of one tenant, and the routes that serve it. */
export function createResponseService(options: ResponseOptions) {
	const { clock } = options;
	let identityAccounts = seededIdentityAccounts(options.domain);
	let rules: Array<Record<string, unknown>> = [];
	let nextRuleId = 7500;
	let correlationCounter = 0;
	/** Whether an action already in effect (disabling a disabled account) is refused with 409, as a switch. */
	let conflictWhenInEffect = false;
	const invoked: InvokedAction[] = [];

	function seedRules(): void {
		nextRuleId = 7500;
		const now = clock.now().toISOString();
		rules = [
			{
				id: String(nextRuleId++),
				displayName: 'Encoded PowerShell',
				description: 'PowerShell started with an encoded command',
				status: 'enabled',
				createdBy: 'analyst@contoso.example',
				createdDateTime: now,
				lastModifiedBy: 'analyst@contoso.example',
				lastModifiedDateTime: now,
				queryCondition: { queryText: 'DeviceProcessEvents | where ProcessCommandLine has "-EncodedCommand"' },
				schedule: { frequency: 'PT1H' },
				detectionAction: { alertTemplate: { title: 'Encoded PowerShell', description: null, severity: 'medium', recommendedActions: null, tactics: ['execution'], customDetails: null, entityMappings: [] }, automatedActions: null, organizationalScope: null },
			},
		];
	}
	seedRules();

	const identityOr404 = (id: string) => {
		const account = identityAccounts.find((candidate) => candidate.id === id);
		if (!account) throw new ApiRefusal(404, 'NotFound', `Identity account with id '${id}' was not found.`);
		return account;
	};
	const ruleOr404 = (id: string) => {
		const rule = rules.find((candidate) => candidate.id === id);
		if (!rule) throw new ApiRefusal(404, 'NotFound', `Detection rule with id '${id}' was not found.`);
		return rule;
	};
	const list = (entitySet: string, values: Array<Record<string, unknown>>): HttpAnswer =>
		jsonAnswer(200, { '@odata.context': `${options.origin()}/v1.0/$metadata#${entitySet}`, value: values });
	const context = (type: string) => `${options.origin()}/v1.0/$metadata#${type}`;

	const routes: Route[] = [
		{
			method: 'GET',
			pattern: /^\/security\/identities\/identityAccounts$/,
			permissions: identityRead,
			writes: false,
			family: 'graph',
			queryOptions: ['$filter', '$select'],
			handle: (exchange) => list('security/identities/identityAccounts', compileQuery(exchange, identityAccountSchema, identityAccounts).map((account) => ({ '@odata.type': '#microsoft.graph.security.user', ...account }))),
		},
		{
			method: 'GET',
			pattern: /^\/security\/identities\/identityAccounts\/([^/]+)$/,
			permissions: identityRead,
			writes: false,
			family: 'graph',
			queryOptions: ['$select'],
			handle: (_exchange, [id]) => jsonAnswer(200, { '@odata.context': context('security/identities/identityAccounts/$entity'), '@odata.type': '#microsoft.graph.security.user', ...identityOr404(id) }),
		},
		{
			method: 'POST',
			pattern: /^\/security\/identities\/identityAccounts\/([^/]+)\/invokeAction$/,
			permissions: identityAction,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, [id]) => {
				const account = identityOr404(id);
				const body = readJsonBody(exchange);
				refuseUnknown(body, ['accountId', 'action', 'identityProvider'], 'invokeAction');
				const accountId = requiredText(body, 'accountId');
				const action = requiredText(body, 'action');
				const provider = requiredText(body, 'identityProvider');
				if (!identityActions.includes(action)) throw new ApiRefusal(400, 'BadRequest', `Requested value '${action}' was not found in enum 'microsoft.graph.security.action'.`);
				if (!identityProviders.includes(provider)) throw new ApiRefusal(400, 'BadRequest', `Requested value '${provider}' was not found in enum 'microsoft.graph.security.identityProvider'.`);
				const entry = account.accounts.find((candidate) => candidate.identityProvider === provider && candidate.identifier === accountId);
				if (!entry) throw new ApiRefusal(400, 'BadRequest', `The account '${accountId}' of provider '${provider}' does not belong to identity account '${id}'.`);
				if (!entry.actions.includes(action)) throw new ApiRefusal(400, 'BadRequest', `The action '${action}' is not supported for provider '${provider}'.`);
				const inEffect = (action === 'disable' && !account.isEnabled) || (action === 'enable' && account.isEnabled);
				if (inEffect && conflictWhenInEffect) throw new ApiRefusal(409, 'Conflict', `The action '${action}' is already in effect for this account.`);
				if (action === 'disable') account.isEnabled = false;
				if (action === 'enable') account.isEnabled = true;
				correlationCounter++;
				const correlationId = `c0ffee00-0000-4000-8000-${correlationCounter.toString(16).padStart(12, '0')}`;
				invoked.push({ identityAccountId: id, accountId, action, identityProvider: provider, correlationId });
				return jsonAnswer(200, { '@odata.context': context('microsoft.graph.security.invokeActionResult'), accountId, action, identityProvider: provider, correlationId });
			},
		},
		{
			method: 'GET',
			pattern: /^\/security\/rules\/detectionRules$/,
			permissions: ruleRead,
			writes: false,
			family: 'graph',
			queryOptions: ['$filter', '$orderby', '$select', '$top'],
			handle: (exchange) => list('security/rules/detectionRules', compileQuery(exchange, detectionRuleSchema, rules)),
		},
		{
			method: 'GET',
			pattern: /^\/security\/rules\/detectionRules\/([^/]+)$/,
			permissions: ruleRead,
			writes: false,
			family: 'graph',
			queryOptions: ['$select'],
			handle: (_exchange, [id]) => jsonAnswer(200, { '@odata.context': context('security/rules/detectionRules/$entity'), ...ruleOr404(id) }),
		},
		{
			method: 'POST',
			pattern: /^\/security\/rules\/detectionRules$/,
			permissions: ruleWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, _parameters, caller) => {
				const fields = checkedRule(readJsonBody(exchange), true);
				const now = clock.now().toISOString();
				const rule = { id: String(nextRuleId++), description: null, status: 'enabled', ...fields, createdBy: caller.displayName, createdDateTime: now, lastModifiedBy: caller.displayName, lastModifiedDateTime: now };
				rules.push(rule);
				return jsonAnswer(201, { '@odata.context': context('security/rules/detectionRules/$entity'), ...rule });
			},
		},
		{
			method: 'PATCH',
			pattern: /^\/security\/rules\/detectionRules\/([^/]+)$/,
			permissions: ruleWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (exchange, [id], caller) => {
				const rule = ruleOr404(id);
				Object.assign(rule, checkedRule(readJsonBody(exchange), false), { lastModifiedBy: caller.displayName, lastModifiedDateTime: clock.now().toISOString() });
				return jsonAnswer(200, { '@odata.context': context('security/rules/detectionRules/$entity'), ...rule });
			},
		},
		{
			method: 'DELETE',
			pattern: /^\/security\/rules\/detectionRules\/([^/]+)$/,
			permissions: ruleWrite,
			writes: true,
			family: 'graph',
			queryOptions: [],
			handle: (_exchange, [id]) => {
				const rule = ruleOr404(id);
				rules = rules.filter((candidate) => candidate !== rule);
				return { status: 204, headers: {}, body: '' };
			},
		},
	];

	return {
		/** The Graph surface with these routes in front of its own. */
		extend: (graph: ApiSurface): ApiSurface => ({ ...graph, routes: [...routes, ...graph.routes] }),
		admin: {
			identityAccounts: () => identityAccounts.map((account) => ({ ...account })),
			invokedActions: () => [...invoked],
			detectionRules: () => rules.map((rule) => ({ ...rule })),
			/** Switch: an action already in effect gets 409 Conflict (Microsoft does not document the answer). */
			conflictWhenInEffect: (on: boolean) => {
				conflictWhenInEffect = on;
			},
			reset: () => {
				identityAccounts = seededIdentityAccounts(options.domain);
				invoked.length = 0;
				seedRules();
			},
		},
	};
}
