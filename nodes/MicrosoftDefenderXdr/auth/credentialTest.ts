import type { ICredentialTestRequest } from 'n8n-workflow';

import { apiBaseUrlExpression, apiBaseUrlExpressionFor } from '../model/clouds';

/*
 * The credential's Test, as n8n 2.x (and 1.x) runs it. For a credential that extends oAuth2Api, n8n ignores a
 * node's function test (`testedBy`) and only checks whether a token is stored, unless the credential type itself
 * declares a test request: n8n then fetches the application token with its own OAuth2 code and sends this
 * request with it, through its request helpers (its redirect, timeout and domain rules apply). Reading one
 * incident proves sign-in, the API's host and the read permission in one go.
 */

export const missingReadPermissionMessage =
	'Signed in, but Defender refused to list incidents (HTTP 403): the app lacks the read permission. Microsoft Graph: add the application permission SecurityIncident.Read.All (or SecurityIncident.ReadWrite.All); legacy API: Incident.Read.All under "Microsoft Threat Protection". Grant admin consent, then test again. A signed-in user also needs a Defender role that can see incidents.';

export const tokenRefusedMessage =
	'Signed in, but the API refused the token (HTTP 401). Check that Cloud and API name the API whose permissions the app was granted (a Microsoft Graph token does not work on the legacy API), then test again.';

/** Redirects are errors, never followed, so the token goes to the configured API only. */
const requestRules = { disableFollowRedirect: true, timeout: 30_000 };

export const defenderCredentialTest: ICredentialTestRequest = {
	request: {
		baseURL: apiBaseUrlExpression,
		url: '={{ $credentials.api === "legacy" ? "/incidents" : "/security/incidents" }}',
		qs: { $top: 1 },
		...requestRules,
	},
	rules: [
		{ type: 'responseCode', properties: { value: 401, message: tokenRefusedMessage } },
		{ type: 'responseCode', properties: { value: 403, message: missingReadPermissionMessage } },
	],
};

export const endpointTokenRefusedMessage =
	'Signed in, but Defender for Endpoint refused the token (HTTP 401). Check that Cloud names the cloud of the tenant whose WindowsDefenderATP permissions the app was granted, then test again.';

export const missingMachineReadPermissionMessage =
	'Signed in, but Defender for Endpoint refused to list devices (HTTP 403): the app lacks the read permission. Add the application permission Machine.Read.All (or Machine.ReadWrite.All) under "APIs my organization uses" > WindowsDefenderATP, grant admin consent, then test again. A signed-in user also needs a Defender role that can see devices.';

/** The Defender for Endpoint credential's Test: reading one device proves sign-in, host and read permission. */
export const endpointCredentialTest: ICredentialTestRequest = {
	request: { baseURL: apiBaseUrlExpressionFor('endpoint'), url: '/machines', qs: { $top: 1 }, ...requestRules },
	rules: [
		{ type: 'responseCode', properties: { value: 401, message: endpointTokenRefusedMessage } },
		{ type: 'responseCode', properties: { value: 403, message: missingMachineReadPermissionMessage } },
	],
};
