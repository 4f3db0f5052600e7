import type { ICredentialTestRequest } from 'n8n-workflow';

import { apiBaseUrlExpression } from '../model/clouds';

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

export const defenderCredentialTest: ICredentialTestRequest = {
	request: {
		baseURL: apiBaseUrlExpression,
		url: '={{ $credentials.api === "legacy" ? "/incidents" : "/security/incidents" }}',
		qs: { $top: 1 },
		// The token goes to the configured API only: a redirect is an error, never followed.
		disableFollowRedirect: true,
		timeout: 30_000,
	},
	rules: [
		{ type: 'responseCode', properties: { value: 401, message: tokenRefusedMessage } },
		{ type: 'responseCode', properties: { value: 403, message: missingReadPermissionMessage } },
	],
};
