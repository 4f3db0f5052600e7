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
	| 'runHuntingQuery';


/** Application tokens carry `roles`, delegated ones `scp`. */
export type GrantKind = 'application' | 'delegated';

type PermissionFamily = 'incidentRead' | 'incidentWrite' | 'alertRead' | 'alertWrite' | 'hunting';

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
};

const graphPermissions: Record<PermissionFamily, string[]> = {
	incidentRead: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
	incidentWrite: ['SecurityIncident.ReadWrite.All'],
	alertRead: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
	alertWrite: ['SecurityAlert.ReadWrite.All'],
	hunting: ['ThreatHunting.Read.All'],
};

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
		},
		delegated: {
			incidentRead: ['Incident.Read', 'Incident.ReadWrite'],
			incidentWrite: ['Incident.ReadWrite'],
			alertRead: [],
			alertWrite: [],
			hunting: ['AdvancedHunting.Read'],
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

