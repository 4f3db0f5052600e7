/**
 * docs/api-contract.md as data: the tables the conformance suite checks the emulator and the node's requests
 * against. Each entry names the section of the contract (and through it Microsoft's source) it comes from.
 */
import { parseFilter, type FilterNode } from '../../emulator/odata/index.cjs';

export type Api = 'graph' | 'legacy';

export interface Endpoint {
	api: Api;
	method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
	/** Below the API's base (`/v1.0` or `/api`); `{id}` stands for an incident or alert ID. */
	path: string;
	/** Query options the endpoint documents (contract 1, 2.3, 2.4). */
	options: string[];
	/**
	 * Options accepted but not listed on the endpoint's page (contract 2.3): the node must be correct whatever
	 * they do, and the emulator can be switched to ignore them.
	 */
	undocumented?: string[];
	/** Properties `$filter` accepts (contract 2.1). */
	filterable?: string[];
	/** Properties `$orderby` accepts (contract 2.3). */
	sortable?: string[];
	/** The largest `$top` (contract 2.2). */
	topLimit?: number;
	/** Body fields a PATCH or POST may carry (contract 1 and 3). */
	bodyFields?: string[];
	/** Every property of the entity type (contract 5), for `$select` and for refusing read-only fields. */
	properties?: string[];
	/** The section of docs/api-contract.md this row comes from. */
	section: string;
}

/** Contract 5.1: the CSDL's incident. */
export const incidentProperties = [
	'id', 'assignedTo', 'classification', 'comments', 'createdDateTime', 'customTags', 'description', 'determination', 'displayName',
	'incidentWebUrl', 'lastModifiedBy', 'lastUpdateDateTime', 'priorityScore', 'redirectIncidentId', 'resolvingComment', 'severity',
	'status', 'summary', 'systemTags', 'tenantId',
];

/** Contract 5.2: the CSDL's alert. */
export const alertProperties = [
	'id', 'actorDisplayName', 'additionalData', 'alertPolicyId', 'alertWebUrl', 'assignedTo', 'categories', 'category', 'classification',
	'comments', 'createdDateTime', 'customDetails', 'description', 'detectionSource', 'detectorId', 'determination', 'evidence',
	'firstActivityDateTime', 'incidentId', 'incidentWebUrl', 'investigationState', 'lastActivityDateTime', 'lastUpdateDateTime',
	'mitreTechniques', 'productName', 'providerAlertId', 'recommendedActions', 'resolvedDateTime', 'serviceSource', 'severity', 'status',
	'systemTags', 'tenantId', 'threatDisplayName', 'threatFamilyName', 'title',
];

/** Contract 5.5: the legacy incident and its embedded alert. */
export const legacyIncidentProperties = [
	'incidentId', 'redirectIncidentId', 'incidentName', 'createdTime', 'lastUpdateTime', 'assignedTo', 'classification', 'determination',
	'status', 'severity', 'tags', 'comments', 'alerts',
];
export const legacyAlertProperties = [
	'alertId', 'incidentId', 'serviceSource', 'creationTime', 'lastUpdatedTime', 'resolvedTime', 'firstActivity', 'lastActivity', 'title',
	'description', 'category', 'status', 'severity', 'investigationId', 'investigationState', 'classification', 'determination',
	'detectionSource', 'assignedTo', 'actorName', 'threatFamilyName', 'mitreTechniques', 'devices', 'entities',
];

export const endpoints: Endpoint[] = [
	{
		api: 'graph',
		method: 'GET',
		path: '/security/incidents',
		options: ['$count', '$filter', '$skip', '$top', '$expand', '$orderby', '$select'],
		filterable: ['assignedTo', 'classification', 'createdDateTime', 'determination', 'lastUpdateDateTime', 'severity', 'status'],
		sortable: ['createdDateTime', 'lastUpdateDateTime'],
		undocumented: ['$orderby'],
		topLimit: 50,
		properties: incidentProperties,
		section: '1, 2.1, 2.2',
	},
	{ api: 'graph', method: 'GET', path: '/security/incidents/{id}', options: ['$expand', '$select'], properties: incidentProperties, section: '1' },
	{
		api: 'graph',
		method: 'PATCH',
		path: '/security/incidents/{id}',
		options: [],
		bodyFields: ['assignedTo', 'classification', 'determination', 'status', 'customTags'],
		properties: incidentProperties,
		section: '3.1',
	},
	{ api: 'graph', method: 'POST', path: '/security/incidents/{id}/comments', options: [], bodyFields: ['@odata.type', 'comment'], section: '1' },
	{
		api: 'graph',
		method: 'GET',
		path: '/security/alerts_v2',
		options: ['$count', '$filter', '$skip', '$top', '$orderby', '$select'],
		filterable: ['assignedTo', 'classification', 'determination', 'createdDateTime', 'lastUpdateDateTime', 'severity', 'serviceSource', 'status'],
		sortable: ['createdDateTime', 'lastUpdateDateTime'],
		undocumented: ['$orderby'],
		topLimit: 1000,
		properties: alertProperties,
		section: '1, 2.1, 2.2',
	},
	{ api: 'graph', method: 'GET', path: '/security/alerts_v2/{id}', options: ['$select'], properties: alertProperties, section: '1' },
	{
		api: 'graph',
		method: 'PATCH',
		path: '/security/alerts_v2/{id}',
		options: [],
		bodyFields: ['status', 'classification', 'determination', 'assignedTo'],
		properties: alertProperties,
		section: '3.2',
	},
	{ api: 'graph', method: 'POST', path: '/security/alerts_v2/{id}/comments', options: [], bodyFields: ['@odata.type', 'comment'], section: '1' },
	{ api: 'graph', method: 'POST', path: '/security/runHuntingQuery', options: [], bodyFields: ['Query', 'Timespan'], section: '1, 2.6' },
	{
		api: 'legacy',
		method: 'GET',
		path: '/incidents',
		options: ['$filter', '$top', '$skip'],
		filterable: ['lastUpdateTime', 'createdTime', 'status', 'assignedTo'],
		topLimit: 100,
		properties: legacyIncidentProperties,
		section: '1, 2.1, 2.2',
	},
	{ api: 'legacy', method: 'GET', path: '/incidents/{id}', options: [], section: '1' },
	{
		api: 'legacy',
		method: 'PATCH',
		path: '/incidents/{id}',
		options: [],
		bodyFields: ['status', 'assignedTo', 'classification', 'determination', 'tags', 'comment'],
		properties: legacyIncidentProperties,
		section: '3.3',
	},
	{ api: 'legacy', method: 'POST', path: '/advancedhunting/run', options: [], bodyFields: ['Query'], section: '1' },
];

/**
 * Contract 10: Graph v1.0 response (identity accounts, custom detection rules). Kept apart from `endpoints`, whose
 * generic checks assume incident and alert IDs; test/conformance/response.test.cts checks these rows.
 */
export const identityAccountProperties = ['id', 'accounts', 'cloudSecurityIdentifier', 'displayName', 'domain', 'isEnabled', 'onPremisesSecurityIdentifier', 'emailAddress', 'userPrincipalName'];
export const detectionRuleProperties = ['id', 'createdBy', 'createdDateTime', 'description', 'displayName', 'lastModifiedBy', 'lastModifiedDateTime', 'queryCondition', 'schedule', 'status', 'detectionAction'];
export const responseEndpoints: Endpoint[] = [
	{
		api: 'graph',
		method: 'GET',
		path: '/security/identities/identityAccounts',
		options: ['$filter', '$select'],
		filterable: ['id', 'cloudSecurityIdentifier', 'displayName', 'domain', 'isEnabled', 'onPremisesSecurityIdentifier'],
		properties: identityAccountProperties,
		section: '10.1',
	},
	{ api: 'graph', method: 'GET', path: '/security/identities/identityAccounts/{id}', options: ['$select'], properties: identityAccountProperties, section: '10.1' },
	{ api: 'graph', method: 'POST', path: '/security/identities/identityAccounts/{id}/invokeAction', options: [], bodyFields: ['accountId', 'action', 'identityProvider'], section: '10.1' },
	{
		api: 'graph',
		method: 'GET',
		path: '/security/rules/detectionRules',
		options: ['$filter', '$orderby', '$select', '$top'],
		filterable: ['id', 'createdBy', 'createdDateTime', 'description', 'displayName', 'lastModifiedBy', 'lastModifiedDateTime', 'status'],
		sortable: ['id', 'createdDateTime', 'displayName', 'lastModifiedDateTime', 'status'],
		properties: detectionRuleProperties,
		section: '10.2',
	},
	{ api: 'graph', method: 'GET', path: '/security/rules/detectionRules/{id}', options: ['$select'], properties: detectionRuleProperties, section: '10.2' },
	{ api: 'graph', method: 'POST', path: '/security/rules/detectionRules', options: [], bodyFields: ['displayName', 'description', 'status', 'queryCondition', 'schedule', 'detectionAction'], section: '10.2' },
	{ api: 'graph', method: 'PATCH', path: '/security/rules/detectionRules/{id}', options: [], bodyFields: ['displayName', 'description', 'status', 'queryCondition', 'schedule', 'detectionAction'], section: '10.2' },
	{ api: 'graph', method: 'DELETE', path: '/security/rules/detectionRules/{id}', options: [], section: '10.2' },
];

/** Contract 4: members a client may send (the placeholder unknownFutureValue is never sent). */
export const settableMembers = {
	graph: {
		incidentStatus: ['active', 'resolved', 'inProgress', 'awaitingAction'],
		alertStatus: ['new', 'inProgress', 'resolved'],
		severity: ['unknown', 'informational', 'low', 'medium', 'high'],
		classification: ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'],
		determination: [
			'unknown', 'malware', 'securityTesting', 'unwantedSoftware', 'other', 'multiStagedAttack', 'compromisedAccount', 'phishing',
			'maliciousUserActivity', 'notMalicious', 'notEnoughDataToValidate', 'confirmedActivity', 'lineOfBusinessApplication',
		],
		serviceSource: [
			'unknown', 'microsoftDefenderForEndpoint', 'microsoftDefenderForIdentity', 'microsoftDefenderForCloudApps', 'microsoftDefenderForOffice365',
			'microsoft365Defender', 'azureAdIdentityProtection', 'microsoftAppGovernance', 'dataLossPrevention', 'microsoftDefenderForCloud',
			'microsoftSentinel', 'microsoftInsiderRiskManagement', 'microsoftThreatIntelligence', 'microsoftSecurityForAI',
		],
	},
	legacy: {
		incidentStatus: ['Active', 'Resolved', 'InProgress'],
		classification: ['TruePositive', 'InformationalExpectedActivity', 'FalsePositive'],
		determination: [
			'MultiStagedAttack', 'MaliciousUserActivity', 'CompromisedAccount', 'Malware', 'Phishing', 'UnwantedSoftware', 'Other',
			'SecurityTesting', 'LineOfBusinessApplication', 'ConfirmedActivity', 'Clean', 'NoEnoughDataToValidate',
		],
	},
};

/** Contract 3.4. */
export const retiredDeterminations = { graph: ['apt', 'securityPersonnel'], legacy: ['Apt', 'SecurityPersonnel'] };

/** Contract 4: members after unknownFutureValue, shown only with `Prefer: include-unknown-enum-members`. */
export const evolvableMembers = {
	incidentStatus: ['awaitingAction'],
	serviceSource: ['microsoftDefenderForCloud', 'microsoftSentinel', 'microsoftInsiderRiskManagement', 'microsoftThreatIntelligence', 'microsoftSecurityForAI'],
	detectionSource: ['microsoftDefenderForCloud', 'scheduledAlerts', 'nrtAlerts', 'microsoftSentinel', 'securityCopilot'],
};

/** Contract 2.6: the Timespan forms runHuntingQuery documents. */
export const timespanForms = ['P30D', 'P90D', '2024-02-01T08:00:00Z/2024-02-15T08:00:00Z', 'P30D/2024-02-15T08:00:00Z', '2024-02-01T08:00:00Z/P30D', '2024-02-01T08:00:00Z'];

export function endpointFor(api: Api, method: string, path: string): Endpoint | undefined {
	return [...endpoints, ...responseEndpoints].find((endpoint) => {
		if (endpoint.api !== api || endpoint.method !== method) return false;
		const pattern = new RegExp(`^${endpoint.path.replace('{id}', '[^/]+')}$`);
		return pattern.test(path);
	});
}

/** The properties a `$filter` refers to, read with the emulator's OData parser. */
export function filterProperties(filter: string): string[] {
	const names = new Set<string>();
	const visit = (node: FilterNode | undefined): void => {
		if (!node || typeof node !== 'object') return;
		const record = node as unknown as Record<string, unknown>;
		if (record.kind === 'property' && typeof record.name === 'string') names.add(record.name);
		if (record.kind === 'lambda' && typeof record.collection === 'string') names.add(record.collection);
		for (const value of Object.values(record)) {
			if (Array.isArray(value)) value.forEach((entry) => visit(entry as FilterNode));
			else if (value && typeof value === 'object') visit(value as FilterNode);
		}
	};
	visit(parseFilter(filter));
	return [...names];
}

export interface BuiltRequest {
	api: Api;
	method: string;
	path: string;
	query?: Record<string, unknown>;
	body?: Record<string, unknown>;
}

/** Why a request is outside the contract, or undefined when the contract allows it. */
export function contractViolation(request: BuiltRequest): string | undefined {
	const endpoint = endpointFor(request.api, request.method, request.path);
	if (!endpoint) return `${request.method} ${request.path} is not a documented ${request.api} endpoint`;
	for (const [name, value] of Object.entries(request.query ?? {})) {
		if (value === undefined) continue;
		if (!endpoint.options.includes(name)) return `${name} is not documented for ${request.method} ${endpoint.path}`;
		if (name === '$filter') {
			const outside = filterProperties(String(value)).filter((property) => !endpoint.filterable?.includes(property));
			if (outside.length > 0) return `$filter on ${outside.join(', ')}, which ${endpoint.path} does not document as filterable`;
		}
		if (name === '$top' && endpoint.topLimit !== undefined && Number(value) > endpoint.topLimit) return `$top ${String(value)} is over ${endpoint.topLimit}`;
		if (name === '$orderby') {
			const fields = String(value).split(',').map((part) => part.trim().split(/\s+/)[0]);
			const outside = fields.filter((field) => !endpoint.sortable?.includes(field));
			if (outside.length > 0) return `$orderby on ${outside.join(', ')}`;
		}
		if (name === '$select') {
			const outside = String(value).split(',').filter((field) => !endpoint.properties?.includes(field));
			if (outside.length > 0) return `$select of ${outside.join(', ')}, which the type does not have`;
		}
		if (name === '$expand' && value !== 'alerts') return `$expand=${String(value)}`;
	}
	for (const field of Object.keys(request.body ?? {})) {
		if (!endpoint.bodyFields?.includes(field)) return `body field ${field} is not settable on ${endpoint.path}`;
	}
	return undefined;
}
