/*
 * The vocabulary of the Graph v1.0 response APIs: identity containment through Defender for Identity and custom
 * detection rules (docs/api-contract.md, section 10). Every value here is one the v1.0 pages or CSDL document.
 */

import { durationParts } from './values';

/** CSDL enum `microsoft.graph.security.action`, without `unknownFutureValue`. */
export const identityActions = [
	'disable',
	'enable',
	'forcePasswordReset',
	'revokeAllSessions',
	'requireUserToSignInAgain',
	'markUserAsCompromised',
] as const;
export type IdentityAction = (typeof identityActions)[number];

/** CSDL enum `microsoft.graph.security.identityProvider`, without `unknownFutureValue`. */
export const identityProviders = ['entraID', 'activeDirectory', 'okta'] as const;
export type IdentityProvider = (typeof identityProviders)[number];

/** Which provider supports which action, as the `account` resource page lists them. */
export const actionsByProvider: Record<IdentityProvider, readonly IdentityAction[]> = {
	activeDirectory: ['disable', 'enable', 'forcePasswordReset'],
	entraID: ['disable', 'enable', 'revokeAllSessions', 'requireUserToSignInAgain', 'markUserAsCompromised'],
	okta: ['disable', 'enable', 'revokeAllSessions'],
};

export const identityActionNames: Record<IdentityAction, string> = {
	disable: 'Disable',
	enable: 'Enable',
	forcePasswordReset: 'Force Password Reset',
	revokeAllSessions: 'Revoke All Sessions',
	requireUserToSignInAgain: 'Require User to Sign In Again',
	markUserAsCompromised: 'Mark User as Compromised',
};

export const identityProviderNames: Record<IdentityProvider, string> = {
	entraID: 'Microsoft Entra ID',
	activeDirectory: 'Active Directory (On-Premises)',
	okta: 'Okta',
};

/** Why a provider and action pair cannot be sent, or undefined when the page lists it. */
export function unsupportedActionReason(provider: IdentityProvider, action: IdentityAction): string | undefined {
	const supported = actionsByProvider[provider];
	if (supported.includes(action)) return undefined;
	return `${identityActionNames[action]} is not available for ${identityProviderNames[provider]} accounts; it supports ${supported.map((entry) => identityActionNames[entry]).join(', ')}`;
}

/** `alertTemplate.severity` on the v1.0 page: informational, low, medium, high. */
export const detectionRuleSeverities = ['informational', 'low', 'medium', 'high'] as const;

/** The statuses a client may set; `autoDisabled` is Defender's own (the `status` property of the v1.0 page). */
export const settableDetectionRuleStatuses = ['enabled', 'disabled'] as const;

/**
 * An ISO 8601 duration as `schedule.frequency` takes it (the v1.0 page: "for example P1D for daily, PT1H for
 * hourly"): days, hours, minutes and seconds, at least one of them.
 */
export function isDuration(text: string): boolean {
	const parts = durationParts(text);
	// Graph's Edm.Duration has no years, months or weeks, and whole seconds are what the page shows.
	return parts !== undefined && parts.years + parts.months + parts.weeks === 0 && Number.isInteger(parts.seconds);
}

/** The alert template fields the v1.0 `alertTemplate` page documents. */
export const alertTemplateFields = ['title', 'description', 'severity', 'recommendedActions', 'tactics', 'customDetails', 'entityMappings'] as const;

/** The detection action fields the v1.0 `detectionAction` page documents. */
export const detectionActionFields = ['alertTemplate', 'automatedActions', 'organizationalScope'] as const;

/** The settable detection rule fields of the v1.0 `detectionRule` page (the rest are read-only). */
export const settableDetectionRuleFields = ['displayName', 'description', 'status', 'queryCondition', 'schedule', 'detectionAction'] as const;
