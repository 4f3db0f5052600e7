import type { CredentialSettings } from '../model/clouds';
import {
	apiDisplayName,
	apiOfAudience,
	apiRegistrationName,
	grantKindOf,
	operationPhrase,
	requiredPermissions,
	responseRoleAdvice,
	type DefenderOperation,
} from '../model/permissions';
import { guidPattern } from '../model/values';
import { decodeTokenClaims, grantedPermissions, type TokenClaims } from './claims';

export interface AccessFailure {
	operation: DefenderOperation;
	status: 401 | 403;
	/** The API's own error message, if it sent one. */
	apiMessage?: string;
	/** The access token that was refused; only decoded, never repeated. */
	accessToken?: unknown;
	settings: CredentialSettings & { clientId?: string };
	now?: Date;
}

export interface AccessExplanation {
	message: string;
	description: string;
}

function quoteList(permissions: string[]): string {
	return permissions.map((permission) => `"${permission}"`).join(' or ');
}

function describeGranted(claims: TokenClaims): string {
	const { kind, permissions } = grantedPermissions(claims);
	const list = permissions.length ? permissions.join(', ') : 'none';
	return `The token's ${kind} permissions (${kind === 'delegated' ? 'scp' : 'roles'}): ${list}.`;
}

/** Where the permission is added in the app registration, e.g. `"Microsoft Graph"`. */
function grantSteps(settings: { grantType: CredentialSettings['grantType']; clientId?: string }, where: string, permission: string): string {
	const kind = grantKindOf(settings.grantType);
	const registration = settings.clientId ? `the app registration ${settings.clientId}` : 'the app registration';
	const renewal =
		kind === 'application'
			? 'n8n fetches a new token by itself on the next run (allow a few minutes for the grant to take effect).'
			: 'Then reconnect this credential (Connect button) so the new permission is in the token.';
	return (
		`To grant it: Microsoft Entra admin center > App registrations > ${registration} > API permissions > ` +
		`Add a permission > ${where} > ${kind === 'application' ? 'Application' : 'Delegated'} permissions > ` +
		`"${permission}" > Add permissions, then "Grant admin consent" for the tenant. ${renewal}`
	);
}

const roleAdvice =
	'Delegated access also needs the signed-in user to hold a Defender role that allows it: Security Reader to read, ' +
	'Security Operator or Security Administrator to update and comment.';

function withApiMessage(text: string, apiMessage: string | undefined): string {
	return apiMessage ? `${text} Microsoft's answer: "${apiMessage}"` : text;
}

/** What one API needs for one operation, and how the messages name things. */
export interface AccessRequirement {
	/** What was refused, e.g. "list incidents". */
	action: string;
	/** Any one suffices; the first is the least privilege. */
	required: string[];
	/** The product in messages: "Microsoft Defender XDR". */
	product: string;
	/** The API's registration as Entra lists it: "Microsoft Graph". */
	registrationName: string;
	/** Where to find it under Add a permission: `"Microsoft Graph"`. */
	registrationPath: string;
	/** The API in sentences: "the Microsoft Graph security API". */
	apiDisplayName: string;
	/** Which API the token's audience is for, in sentences, or undefined when it is this API's own. */
	foreignAudience(audience: string | undefined): string | undefined;
	/** For delegated tokens: the Defender role the user needs besides the permission. */
	roleAdvice: string;
	/** Whether a missing permission's message also names the role (where both are commonly missing). */
	roleAdviceWithPermission: boolean;
}

/**
 * One message that says why Defender refused a request: expired token, token for another API, token for
 * another tenant, or the exact permission missing and how to grant it.
 */
export function explainRefusal(
	failure: Omit<AccessFailure, 'operation' | 'settings'> & { settings: Omit<AccessFailure['settings'], 'api'> },
	requirement: AccessRequirement,
): AccessExplanation {
	const { status, apiMessage, settings } = failure;
	const { action, required, product } = requirement;
	const kind = grantKindOf(settings.grantType);
	const claims = decodeTokenClaims(failure.accessToken);

	if (!claims) {
		return {
			message: `${product} refused to ${action} (HTTP ${status})`,
			description: withApiMessage(
				`The access token could not be read to say why (it is not a JSON Web Token). This operation needs the ${kind} permission ${quoteList(required)} of ${requirement.registrationName}. Check the credential's tenant, client ID and API.`,
				apiMessage,
			),
		};
	}

	const nowSeconds = Math.floor((failure.now ?? new Date()).getTime() / 1000);
	if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) {
		return {
			message: `The access token expired at ${new Date(claims.exp * 1000).toISOString()} and could not be renewed`,
			description:
				kind === 'application'
					? 'n8n renews application tokens by itself. If this persists, check that the client secret or certificate in the credential is still valid in the app registration.'
					: 'n8n renews delegated tokens with the refresh token. If this persists, the sign-in has expired or was revoked: open the credential and reconnect it.',
		};
	}

	const tokenFor = requirement.foreignAudience(claims.aud);
	if (tokenFor !== undefined) {
		return {
			message: `The access token was issued for ${tokenFor}, but this credential calls ${requirement.apiDisplayName}`,
			description:
				'The token and the API do not match. Check the credential\'s API and Cloud fields; after changing them, reconnect a delegated credential or save an application credential again so n8n fetches a token for the right API.',
		};
	}

	const configuredTenant = settings.tenantId?.trim() ?? '';
	if (guidPattern.test(configuredTenant) && claims.tid && claims.tid.toLowerCase() !== configuredTenant.toLowerCase()) {
		return {
			message: `The access token was issued for tenant ${claims.tid}, but the credential is configured for tenant ${configuredTenant}`,
			description:
				'Defender answers only for the tenant the token belongs to. Check the Tenant ID in the credential; a delegated user must sign in with an account of that tenant.',
		};
	}

	const granted = grantedPermissions(claims);
	const hasPermission = required.some((permission) => granted.permissions.includes(permission));
	if (!hasPermission) {
		return {
			message: `Missing permission to ${action}: the ${kind} permission ${quoteList(required)} of ${requirement.registrationName} is required`,
			description: [describeGranted(claims), grantSteps(settings, requirement.registrationPath, required[0]), kind === 'delegated' && requirement.roleAdviceWithPermission ? requirement.roleAdvice : '']
				.filter(Boolean)
				.join(' '),
		};
	}

	if (status === 403 && kind === 'delegated') {
		return {
			message: `The signed-in user may not ${action}`,
			description: withApiMessage(`The token has the permission (${granted.permissions.join(', ')}), but the user's role does not allow this. ${requirement.roleAdvice}`, apiMessage),
		};
	}

	return {
		message: `${product} refused to ${action} (HTTP ${status}) although the token has the permission`,
		description: withApiMessage(`${describeGranted(claims)} A permission granted in the last few minutes may not have reached Defender yet; try again shortly.`, apiMessage),
	};
}

/** Why Microsoft Graph or the legacy Defender XDR API refused a request. */
export function explainAccessFailure(failure: AccessFailure): AccessExplanation {
	const { operation, settings } = failure;
	const action = operationPhrase[operation];
	const required = requiredPermissions(settings.api, settings.grantType, operation);
	if (required.length === 0) {
		return {
			message: `Cannot ${action} on ${apiDisplayName[settings.api]}: it has no such operation`,
			description: 'Alerts are available only on the Microsoft Graph security API. Set the credential\'s API to Microsoft Graph Security API.',
		};
	}
	return explainRefusal(failure, {
		action,
		required,
		product: 'Microsoft Defender XDR',
		registrationName: apiRegistrationName[settings.api],
		registrationPath: settings.api === 'graph' ? '"Microsoft Graph"' : '"APIs my organization uses" > "Microsoft Threat Protection"',
		apiDisplayName: apiDisplayName[settings.api],
		foreignAudience: (audience) => {
			const tokenApi = apiOfAudience(audience);
			if (tokenApi === settings.api) return undefined;
			return tokenApi ? apiDisplayName[tokenApi] : `the audience "${audience ?? 'none'}"`;
		},
		roleAdvice: responseRoleAdvice[operation] ?? roleAdvice,
		roleAdviceWithPermission: settings.api === 'graph',
	});
}
