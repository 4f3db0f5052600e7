import { EntraRefusal } from './answers.cjs';
import type { ApiName } from './types.cjs';

/**
 * The resources (APIs) Entra issues tokens for in the emulator, by every identifier Microsoft documents
 * (docs/api-contract.md, sections 7 and 9). Graph tokens always carry the canonical Graph audience of their cloud; legacy
 * tokens carry the identifier exactly as it was requested.
 */
interface ResourceDefinition {
	api: ApiName;
	identifiers: string[];
	audience: (requested: string) => string;
}

const graphApplicationId = '00000003-0000-0000-c000-000000000000';
const threatProtectionApplicationId = '8ee8fdad-f234-4243-8f3b-15c294843740';
/** WindowsDefenderATP (defender-endpoint-api.md section 1.4). */
const windowsDefenderAtpApplicationId = 'fc780465-2017-40d4-a0c5-307022471b92';

const resourceDefinitions: ResourceDefinition[] = [
	{ api: 'graph', identifiers: ['https://graph.microsoft.com', graphApplicationId], audience: () => 'https://graph.microsoft.com' },
	{ api: 'graph', identifiers: ['https://graph.microsoft.us'], audience: () => 'https://graph.microsoft.us' },
	{ api: 'graph', identifiers: ['https://dod-graph.microsoft.us'], audience: () => 'https://dod-graph.microsoft.us' },
	{
		api: 'legacy',
		identifiers: [
			'https://api.security.microsoft.com',
			'https://api-us.security.microsoft.com',
			'https://api-eu.security.microsoft.com',
			'https://api-uk.security.microsoft.com',
			'https://api-gcc.security.microsoft.us',
			'https://api-gov.security.microsoft.us',
			threatProtectionApplicationId,
		],
		audience: (requested) => requested,
	},
	{
		api: 'endpoint',
		// The documented resource, the older App ID URI, and the government hosts third-party code uses (section 1.2).
		identifiers: [
			'https://api.securitycenter.microsoft.com',
			'https://securitycenter.onmicrosoft.com/windowsatpservice',
			'https://api-gcc.securitycenter.microsoft.us',
			'https://api-gov.securitycenter.microsoft.us',
			'https://securitycenter.onmicrosoft.us/windowsatpservice',
			windowsDefenderAtpApplicationId,
		],
		audience: (requested) => requested,
	},
];

export interface Resource {
	api: ApiName;
	/** As the client wrote it (the legacy audience keeps a trailing slash if it had one). */
	identifier: string;
	audience: string;
}

export function findResource(identifier: string): Resource | undefined {
	const wanted = identifier.replace(/\/$/, '').toLowerCase();
	const definition = resourceDefinitions.find((candidate) => candidate.identifiers.some((known) => known.toLowerCase() === wanted));
	return definition && { api: definition.api, identifier, audience: definition.audience(identifier) };
}

/** OpenID Connect scopes name no resource; they shape the answer (refresh token, ID token) instead. */
export const openIdScopes = ['openid', 'profile', 'email', 'offline_access'];

/** `https://graph.microsoft.com/SecurityIncident.Read.All` → resource and permission; bare names are Graph's, as in Entra. */
export function splitScope(scope: string): { resourceIdentifier: string; permission: string } {
	const separator = scope.lastIndexOf('/');
	if (separator <= 0) return { resourceIdentifier: 'https://graph.microsoft.com', permission: scope };
	return { resourceIdentifier: scope.slice(0, separator), permission: scope.slice(separator + 1) };
}

export function resourceOrRefuse(identifier: string, tenantDomain: string): Resource {
	const resource = findResource(identifier);
	if (!resource) {
		throw new EntraRefusal(
			400,
			'invalid_resource',
			500011,
			`The resource principal named ${identifier} was not found in the tenant named ${tenantDomain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
		);
	}
	return resource;
}
