import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { requestApplicationToken, type TokenProbeResult } from '../transport/tokenProbe';
import { decodeTokenClaims, grantedPermissions } from '../auth/claims';
import { credentialProblems, readCredentialFields } from '../auth/credentialFields';
import { accessTokenUrl, oauthScope } from '../model/clouds';
import { allowedOperations, apiOfAudience, apiRegistrationName } from '../model/permissions';

/** Entra's sign-in errors users actually meet, with what to do about each. */
const signInErrorAdvice: Record<string, string> = {
	AADSTS90002: 'The tenant does not exist. Check Tenant ID (the "Directory (tenant) ID" GUID or a verified domain) and the Cloud.',
	AADSTS900023: 'The tenant is not a valid GUID or domain name. Check Tenant ID.',
	AADSTS700016: 'No app with this Client ID exists in the tenant. Check Client ID, Tenant ID and Cloud.',
	AADSTS7000215: 'The client secret is wrong. Paste the secret\'s Value (shown once when it was created), not its Secret ID.',
	AADSTS7000222: 'The client secret has expired. Create a new one under Certificates & secrets and update the credential.',
	AADSTS700027: 'The certificate was not accepted. Upload the certificate (public part) to the app registration under Certificates & secrets, and use its matching private key.',
	AADSTS700024: 'The client assertion is outside its validity period. Check the clock of the n8n host.',
	AADSTS50013: 'The client assertion was refused (its audience or signature is wrong). Check that the certificate and private key belong together and match the one uploaded to the app registration.',
	AADSTS7000218: 'Neither a client secret nor a certificate was sent. Fill in Client Secret, or Private Key and Certificate.',
	AADSTS70011: 'The requested scope is invalid for this app. Check the Cloud and API fields.',
	AADSTS500011: 'The API is not available in this tenant (resource principal not found). For the legacy API, Microsoft Threat Protection must be provisioned in the tenant; otherwise use Microsoft Graph.',
	AADSTS53003: 'A Conditional Access policy blocked the sign-in. Ask your Entra administrator to exempt this app.',
};

function describeSignInFailure(result: Extract<TokenProbeResult, { ok: false }>): string {
	const code = result.errorDescription?.match(/AADSTS\d+/)?.[0] ?? (result.errorCodes?.[0] ? `AADSTS${result.errorCodes[0]}` : undefined);
	const firstLine = result.errorDescription?.split(/\r?\n/)[0];
	const advice = code ? signInErrorAdvice[code] : undefined;
	const summary = firstLine ?? result.error ?? `HTTP ${result.status}`;
	return `Sign-in failed: ${summary}${advice ? ` What to do: ${advice}` : ''}`;
}

/**
 * Signs in as the application, decodes the token and reports which operations its permissions allow.
 * Delegated credentials are proven by n8n's Connect button instead.
 */
export async function testDefenderCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const fields = readCredentialFields(data);
	const problems = credentialProblems(fields);
	if (problems.length > 0) return { status: 'Error', message: problems.join(' ') };
	if (fields.grantType !== 'clientCredentials') {
		return { status: 'OK', message: 'Delegated credentials are checked when you click Connect and sign in.' };
	}

	let result: TokenProbeResult;
	try {
		result = await requestApplicationToken({
			tokenUrl: accessTokenUrl(fields),
			clientId: fields.clientId,
			scope: oauthScope(fields),
			clientSecret: typeof data.clientSecret === 'string' ? data.clientSecret : undefined,
			certificate:
				fields.clientCredentialType === 'certificate'
					? { privateKey: String(data.privateKey ?? ''), certificate: String(data.certificate ?? '') }
					: undefined,
		});
	} catch (error) {
		const reason = error instanceof Error ? error.message : 'unknown error';
		return { status: 'Error', message: `Could not reach the sign-in service at ${accessTokenUrl(fields)}: ${reason}` };
	}
	if (!result.ok) return { status: 'Error', message: describeSignInFailure(result) };

	const claims = decodeTokenClaims(result.accessToken);
	if (!claims) return { status: 'OK', message: 'Signed in. The token could not be decoded to list its permissions.' };
	if (apiOfAudience(claims.aud) !== fields.api) {
		return { status: 'Error', message: `Signed in, but the token is for "${claims.aud}", not ${apiRegistrationName[fields.api]}. Check the Cloud and API fields.` };
	}
	const granted = grantedPermissions(claims).permissions;
	const { allowed, refused } = allowedOperations(fields.api, fields.grantType, granted);
	if (allowed.length === 0) {
		return {
			status: 'Error',
			message: `Signed in, but the app has no ${apiRegistrationName[fields.api]} application permission this node uses (roles: ${granted.join(', ') || 'none'}). Add them under API permissions and grant admin consent.`,
		};
	}
	const refusedText = refused.length ? ` Not allowed: ${refused.join(', ')}.` : '';
	return {
		status: 'OK',
		message: `Signed in to tenant ${claims.tid ?? 'unknown'} with roles ${granted.join(', ')}. Allowed: ${allowed.join(', ')}.${refusedText}`,
	};
}
