import type { ApiName, GrantType } from './clouds';

/*
 * Which permission each operation needs, per API and per kind of grant. The token helper explains refusals
 * from this table and the credential test reports what a token allows.
 */

/** Operations the permission helper knows; each backend method maps to one. */
export type DefenderOperation =
	| 'listIncidents'
	| 'getIncident'
	| 'updateIncident'
	| 'addIncidentComment'
	| 'listAlerts'
	| 'getAlert'
	| 'updateAlert'
	| 'addAlertComment'
	| 'runHuntingQuery'
	// Graph v1.0 response (identity containment and custom detection rules), global cloud only.
	| 'listIdentityAccounts'
	| 'getIdentityAccount'
	| 'invokeIdentityAction'
	| 'listDetectionRules'
	| 'getDetectionRule'
	| 'createDetectionRule'
	| 'updateDetectionRule'
	| 'deleteDetectionRule';


/** Application tokens carry `roles`, delegated ones `scp`. */
export type GrantKind = 'application' | 'delegated';

type PermissionFamily =
	| 'incidentRead'
	| 'incidentWrite'
	| 'alertRead'
	| 'alertWrite'
	| 'hunting'
	| 'identityRead'
	| 'identityAction'
	| 'detectionRuleRead'
	| 'detectionRuleWrite';

const familyOfOperation: Record<DefenderOperation, PermissionFamily> = {
	listIncidents: 'incidentRead',
	getIncident: 'incidentRead',
	updateIncident: 'incidentWrite',
	addIncidentComment: 'incidentWrite',
	listAlerts: 'alertRead',
	getAlert: 'alertRead',
	updateAlert: 'alertWrite',
	addAlertComment: 'alertWrite',
	runHuntingQuery: 'hunting',
	listIdentityAccounts: 'identityRead',
	getIdentityAccount: 'identityRead',
	invokeIdentityAction: 'identityAction',
	listDetectionRules: 'detectionRuleRead',
	getDetectionRule: 'detectionRuleRead',
	createDetectionRule: 'detectionRuleWrite',
	updateDetectionRule: 'detectionRuleWrite',
	deleteDetectionRule: 'detectionRuleWrite',
};

export const operationPhrase: Record<DefenderOperation, string> = {
	listIncidents: 'list incidents',
	getIncident: 'read an incident',
	updateIncident: 'update an incident',
	addIncidentComment: 'comment on an incident',
	listAlerts: 'list alerts',
	getAlert: 'read an alert',
	updateAlert: 'update an alert',
	addAlertComment: 'comment on an alert',
	runHuntingQuery: 'run an advanced hunting query',
	listIdentityAccounts: 'list identity accounts',
	getIdentityAccount: 'read an identity account',
	invokeIdentityAction: 'act on an identity account',
	listDetectionRules: 'list custom detection rules',
	getDetectionRule: 'read a custom detection rule',
	createDetectionRule: 'create a custom detection rule',
	updateDetectionRule: 'update a custom detection rule',
	deleteDetectionRule: 'delete a custom detection rule',
};

/** The role a signed-in user needs for the Graph response operations, where it is not the incident roles' (docs/api-contract.md, 10). */
export const responseRoleAdvice: Partial<Record<DefenderOperation, string>> = {
	listIdentityAccounts: 'Delegated access to identity accounts also needs the signed-in user to hold at least the Security Administrator role in Microsoft Entra ID.',
	getIdentityAccount: 'Delegated access to identity accounts also needs the signed-in user to hold at least the Security Administrator role in Microsoft Entra ID.',
	invokeIdentityAction: 'Delegated identity actions also need the signed-in user to hold at least the Security Administrator role in Microsoft Entra ID.',
	listDetectionRules: 'Delegated access to custom detection rules also needs the Defender XDR unified RBAC permission Detection tuning (manage) for the signed-in user.',
	getDetectionRule: 'Delegated access to custom detection rules also needs the Defender XDR unified RBAC permission Detection tuning (manage) for the signed-in user.',
	createDetectionRule: 'Delegated changes to custom detection rules also need the Defender XDR unified RBAC permission Detection tuning (manage) for the signed-in user.',
	updateDetectionRule: 'Delegated changes to custom detection rules also need the Defender XDR unified RBAC permission Detection tuning (manage) for the signed-in user.',
	deleteDetectionRule: 'Delegated changes to custom detection rules also need the Defender XDR unified RBAC permission Detection tuning (manage) for the signed-in user.',
};

const graphPermissions: Record<PermissionFamily, string[]> = {
	incidentRead: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
	incidentWrite: ['SecurityIncident.ReadWrite.All'],
	alertRead: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
	alertWrite: ['SecurityAlert.ReadWrite.All'],
	hunting: ['ThreatHunting.Read.All'],
	// The identity and detection rule pages (docs/api-contract.md, section 10).
	identityRead: ['SecurityIdentitiesAccount.Read.All'],
	identityAction: ['SecurityIdentitiesActions.ReadWrite.All'],
	detectionRuleRead: ['CustomDetection.Read.All', 'CustomDetection.ReadWrite.All'],
	detectionRuleWrite: ['CustomDetection.ReadWrite.All'],
};

/** The legacy API has none of the Graph v1.0 response operations. */
const noResponsePermissions = { identityRead: [], identityAction: [], detectionRuleRead: [], detectionRuleWrite: [] };

/** Any one permission of a list suffices; ReadWrite is listed wherever Read is enough. */
const permissionTable: Record<ApiName, Record<GrantKind, Record<PermissionFamily, string[]>>> = {
	// Graph's application and delegated permissions have the same names.
	graph: { application: graphPermissions, delegated: graphPermissions },
	legacy: {
		application: {
			incidentRead: ['Incident.Read.All', 'Incident.ReadWrite.All'],
			incidentWrite: ['Incident.ReadWrite.All'],
			alertRead: [],
			alertWrite: [],
			hunting: ['AdvancedHunting.Read.All'],
			...noResponsePermissions,
		},
		delegated: {
			incidentRead: ['Incident.Read', 'Incident.ReadWrite'],
			incidentWrite: ['Incident.ReadWrite'],
			alertRead: [],
			alertWrite: [],
			hunting: ['AdvancedHunting.Read'],
			...noResponsePermissions,
		},
	},
};

export const apiRegistrationName: Record<ApiName, string> = {
	graph: 'Microsoft Graph',
	legacy: 'Microsoft Threat Protection',
};

export const apiDisplayName: Record<ApiName, string> = {
	graph: 'the Microsoft Graph security API',
	legacy: 'the legacy Defender XDR API (Microsoft Threat Protection)',
};

/** Audiences Entra puts in tokens for each API, in every cloud (with or without a trailing slash). */
const audiencesByApi: Record<ApiName, string[]> = {
	graph: [
		'https://graph.microsoft.com',
		'https://graph.microsoft.us',
		'https://dod-graph.microsoft.us',
		'00000003-0000-0000-c000-000000000000',
	],
	legacy: [
		'https://api.security.microsoft.com',
		'https://api-us.security.microsoft.com',
		'https://api-eu.security.microsoft.com',
		'https://api-uk.security.microsoft.com',
		'https://api-gcc.security.microsoft.us',
		'https://api-gov.security.microsoft.us',
		'8ee8fdad-f234-4243-8f3b-15c294843740',
	],
};

export function grantKindOf(grantType: GrantType): GrantKind {
	return grantType === 'clientCredentials' ? 'application' : 'delegated';
}

/** The permissions of which any one allows the operation; empty when the API has no such operation. */
export function requiredPermissions(api: ApiName, grantType: GrantType, operation: DefenderOperation): string[] {
	return permissionTable[api][grantKindOf(grantType)][familyOfOperation[operation]];
}

/** Which operations a set of granted permissions allows, for the credential test's report. */
export function allowedOperations(
	api: ApiName,
	grantType: GrantType,
	granted: string[],
): { allowed: DefenderOperation[]; refused: DefenderOperation[] } {
	const operations = Object.keys(familyOfOperation) as DefenderOperation[];
	const allows = (operation: DefenderOperation) =>
		requiredPermissions(api, grantType, operation).some((permission) => granted.includes(permission));
	return { allowed: operations.filter(allows), refused: operations.filter((operation) => !allows(operation)) };
}

export function apiOfAudience(audience: string | undefined): ApiName | undefined {
	if (typeof audience !== 'string') return undefined;
	const normalized = audience.replace(/\/+$/, '').toLowerCase();
	return (Object.keys(audiencesByApi) as ApiName[]).find((api) => audiencesByApi[api].includes(normalized));
}

/*
 * The WindowsDefenderATP (Microsoft Defender for Endpoint) permissions each operation needs (see the reference
 * defender-endpoint-api.md sections 2-4): application permissions appear in the token's `roles`, delegated
 * ones in `scp`, and a delegated user also needs a Defender role. Any one permission of a list suffices; the
 * first is the least privilege.
 */

export type EndpointOperation =
	| 'listMachines'
	| 'getMachine'
	| 'findMachinesByIp'
	| 'tagMachine'
	| 'isolateMachine'
	| 'releaseMachine'
	| 'scanMachine'
	| 'restrictMachine'
	| 'unrestrictMachine'
	| 'collectInvestigationPackage'
	| 'stopAndQuarantineFile'
	| 'listMachineActions'
	| 'getMachineAction'
	| 'cancelMachineAction'
	| 'getPackageUri'
	| 'listIndicators'
	| 'submitIndicator'
	| 'importIndicators'
	| 'deleteIndicator';

export interface EndpointPermissionRequirement {
	application: string[];
	delegated: string[];
	/** The Defender role (RBAC) a signed-in user needs besides the permission. */
	role: 'View Data' | 'Active remediation actions' | 'Alerts Investigation' | 'Manage security settings';
	/** For messages: "isolate a device". */
	phrase: string;
}

const machineRead = { application: ['Machine.Read.All', 'Machine.ReadWrite.All'], delegated: ['Machine.Read', 'Machine.ReadWrite'] };
const action = (permission: string, phrase: string, role: EndpointPermissionRequirement['role'] = 'Active remediation actions'): EndpointPermissionRequirement => ({
	application: [permission],
	delegated: [permission],
	role,
	phrase,
});
const indicators = (phrase: string): EndpointPermissionRequirement => ({ application: ['Ti.ReadWrite.All', 'Ti.ReadWrite'], delegated: ['Ti.ReadWrite'], role: 'Manage security settings', phrase });

export const endpointPermissions: Record<EndpointOperation, EndpointPermissionRequirement> = {
	listMachines: { ...machineRead, role: 'View Data', phrase: 'list devices' },
	getMachine: { ...machineRead, role: 'View Data', phrase: 'read a device' },
	findMachinesByIp: { ...machineRead, role: 'View Data', phrase: 'find devices by IP address' },
	tagMachine: { application: ['Machine.ReadWrite.All'], delegated: ['Machine.ReadWrite'], role: 'Manage security settings', phrase: 'tag a device' },
	isolateMachine: action('Machine.Isolate', 'isolate a device'),
	releaseMachine: action('Machine.Isolate', 'release a device from isolation'),
	scanMachine: action('Machine.Scan', 'run an antivirus scan'),
	restrictMachine: action('Machine.RestrictExecution', 'restrict app execution'),
	unrestrictMachine: action('Machine.RestrictExecution', 'remove an app restriction'),
	collectInvestigationPackage: action('Machine.CollectForensics', 'collect an investigation package', 'Alerts Investigation'),
	stopAndQuarantineFile: { application: ['Machine.StopAndQuarantine', 'Machine.ReadWrite.All'], delegated: ['Machine.StopAndQuarantine'], role: 'Active remediation actions', phrase: 'stop and quarantine a file' },
	listMachineActions: { ...machineRead, role: 'View Data', phrase: 'list device actions' },
	getMachineAction: { ...machineRead, role: 'View Data', phrase: 'read a device action' },
	cancelMachineAction: {
		application: ['Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Machine.Offboard', 'Machine.LiveResponse'],
		delegated: ['Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Machine.Offboard', 'Machine.LiveResponse'],
		role: 'Active remediation actions',
		phrase: 'cancel a device action',
	},
	getPackageUri: { application: ['Machine.Read.All', 'Machine.ReadWrite.All'], delegated: ['Machine.CollectForensics'], role: 'Alerts Investigation', phrase: 'read the investigation package link' },
	listIndicators: indicators('list indicators'),
	submitIndicator: indicators('create or update an indicator'),
	importIndicators: indicators('import indicators'),
	deleteIndicator: indicators('delete an indicator'),
};

/** Where the permissions live in the app registration. */
export const endpointRegistrationName = 'WindowsDefenderATP';
export const endpointRegistrationPath = '"APIs my organization uses" > "WindowsDefenderATP"';

/** Audiences Entra puts in WindowsDefenderATP tokens, in every cloud (section 1). */
export const endpointAudiences = [
	'https://api.securitycenter.microsoft.com',
	'https://securitycenter.onmicrosoft.com/windowsatpservice',
	'https://api-gcc.securitycenter.microsoft.us',
	'https://api-gov.securitycenter.microsoft.us',
	'https://securitycenter.onmicrosoft.us/windowsatpservice',
	'fc780465-2017-40d4-a0c5-307022471b92',
];
