import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { customOriginPattern, type ApiName, type CloudName, type CredentialSettings, type GrantType, type PermissionLevel, type ResponseAccess } from '../model/clouds';
import { domainNamePattern, guidPattern, trimmedText } from '../model/values';
const multiTenantNames = ['common', 'organizations', 'consumers'];

export interface DefenderCredentials extends CredentialSettings {
	clientId: string;
	clientCredentialType: 'clientSecret' | 'certificate';
	/** The most one request may wait for throttling and retries, in total. */
	maxWaitSeconds: number;
}

/** A saved field's text, or empty when it was never saved. */
function savedText(value: unknown): string {
	return trimmedText(value) ?? '';
}

/** The credential's fields with defaults for anything never saved (older credentials, imported JSON). */
export function readCredentialFields(data: ICredentialDataDecryptedObject): DefenderCredentials {
	return {
		grantType: (savedText(data.grantType) || 'clientCredentials') as GrantType,
		clientCredentialType: data.clientCredentialType === 'certificate' ? 'certificate' : 'clientSecret',
		clientId: savedText(data.clientId),
		tenantId: savedText(data.tenantId),
		cloud: (savedText(data.cloud) || 'global') as CloudName,
		api: (savedText(data.api) || 'graph') as ApiName,
		customLoginUrl: savedText(data.customLoginUrl),
		customApiUrl: savedText(data.customApiUrl),
		permissionLevel: (savedText(data.permissionLevel) || 'readWrite') as PermissionLevel,
		responseAccess: (savedText(data.responseAccess) || 'none') as ResponseAccess,
		maxWaitSeconds: typeof data.maxWaitSeconds === 'number' && data.maxWaitSeconds >= 0 ? data.maxWaitSeconds : 60,
	};
}

/**
 * The tenant a credential serves, for the tenantId every output item carries (one workflow, many customer
 * tenants); undefined for the multi-tenant sign-in names, which name no tenant.
 */
export function servedTenantId(credentials: DefenderCredentials): string | undefined {
	const tenantId = credentials.tenantId ?? '';
	return tenantId === '' || multiTenantNames.includes(tenantId.toLowerCase()) ? undefined : tenantId;
}

/** What is wrong with the credential's fields, as sentences a user can act on; empty when all is well. */
export function credentialProblems(credentials: DefenderCredentials): string[] {
	const problems: string[] = [];
	const { tenantId = '', clientId, grantType, cloud } = credentials;
	if (!guidPattern.test(clientId)) {
		problems.push(
			`Client ID "${clientId}" is not a GUID. Copy the "Application (client) ID" from the app registration's Overview page in Microsoft Entra ID.`,
		);
	}
	if (grantType === 'clientCredentials' && (tenantId === '' || multiTenantNames.includes(tenantId.toLowerCase()))) {
		problems.push(
			'Application mode needs the tenant: set Tenant ID to the "Directory (tenant) ID" GUID or a verified domain such as contoso.onmicrosoft.com ("common" and "organizations" do not work for app-only tokens).',
		);
	} else if (tenantId !== '' && !guidPattern.test(tenantId) && !domainNamePattern.test(tenantId) && !multiTenantNames.includes(tenantId.toLowerCase())) {
		problems.push(
			`Tenant ID "${tenantId}" is neither a GUID nor a domain name. Use the "Directory (tenant) ID" from Microsoft Entra ID's Overview page, or a verified domain such as contoso.onmicrosoft.com.`,
		);
	}
	if (cloud === 'custom') {
		for (const [label, url] of [
			['Custom Login URL', credentials.customLoginUrl ?? ''],
			['Custom API URL', credentials.customApiUrl ?? ''],
		]) {
			if (!customOriginPattern.test(url)) {
				problems.push(
					`${label} "${url}" must be https:// with host and optional port only (plain http:// only for 127.0.0.1, [::1] or localhost), e.g. https://login.example.com or http://127.0.0.1:4567.`,
				);
			}
		}
	}
	return problems;
}
