import type { INodePropertyOptions } from 'n8n-workflow';

import { textOf } from './values';

export type IncidentStatus = 'active' | 'inProgress' | 'resolved' | 'redirected' | 'awaitingAction';
export type Severity = 'unknown' | 'informational' | 'low' | 'medium' | 'high';
export type Classification = 'unknown' | 'falsePositive' | 'truePositive' | 'informationalExpectedActivity';
export type AlertStatus = 'new' | 'inProgress' | 'resolved';

/*
 * Option lists for the Defender enums, in the Graph spelling the backend interface uses. Names are what the
 * Defender portal shows, so users recognise them.
 */

type TypedOption<Value extends string> = INodePropertyOptions & { value: Value };

export const incidentStatusOptions: Array<TypedOption<IncidentStatus>> = [
	{ name: 'Active', value: 'active' },
	{ name: 'Awaiting Action', value: 'awaitingAction' },
	{ name: 'In Progress', value: 'inProgress' },
	{ name: 'Redirected', value: 'redirected', description: 'Merged into another incident' },
	{ name: 'Resolved', value: 'resolved' },
];

/** The statuses a user may set; Defender itself sets Redirected and Awaiting Action. */
export const settableIncidentStatusOptions = incidentStatusOptions.filter(({ value }) =>
	['active', 'inProgress', 'resolved'].includes(value),
);

export const alertStatusOptions: Array<TypedOption<AlertStatus>> = [
	{ name: 'In Progress', value: 'inProgress' },
	{ name: 'New', value: 'new' },
	{ name: 'Resolved', value: 'resolved' },
];

export const severityOptions: Array<TypedOption<Severity>> = [
	{ name: 'High', value: 'high' },
	{ name: 'Informational', value: 'informational' },
	{ name: 'Low', value: 'low' },
	{ name: 'Medium', value: 'medium' },
	{ name: 'Unknown', value: 'unknown' },
];

export const classificationOptions: Array<TypedOption<Classification>> = [
	{ name: 'False Positive', value: 'falsePositive' },
	{ name: 'Informational, Expected Activity', value: 'informationalExpectedActivity' },
	{ name: 'True Positive', value: 'truePositive' },
	{ name: 'Unknown', value: 'unknown', description: 'Not classified yet' },
];

const determinationNames: Record<string, string> = {
	apt: 'APT',
	compromisedAccount: 'Compromised Account',
	confirmedActivity: 'Confirmed Activity',
	lineOfBusinessApplication: 'Line-of-Business Application',
	maliciousUserActivity: 'Malicious User Activity',
	malware: 'Malware',
	multiStagedAttack: 'Multi-Staged Attack',
	notEnoughDataToValidate: 'Not Enough Data to Validate',
	notMalicious: 'Not Malicious',
	other: 'Other',
	phishing: 'Phishing',
	securityPersonnel: 'Security Personnel',
	securityTesting: 'Security Testing',
	unknown: 'Unknown',
	unwantedSoftware: 'Unwanted Software',
};

/**
 * The determinations Defender accepts with each classification when writing (defender-apis.md section 5).
 * Unknown takes no determination.
 */
export const determinationsByClassification: Record<Classification, readonly string[]> = {
	truePositive: [
		'multiStagedAttack',
		'maliciousUserActivity',
		'compromisedAccount',
		'malware',
		'phishing',
		'unwantedSoftware',
		'other',
	],
	informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
	falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
	unknown: [],
};

/** Older documentation spellings (and the legacy API's) that mean the same determination. */
export const determinationAliases: Record<string, string> = {
	clean: 'notMalicious',
	noenoughdatatovalidate: 'notEnoughDataToValidate',
	insufficientdata: 'notEnoughDataToValidate',
	compromiseduser: 'compromisedAccount',
	confirmeduseractivity: 'confirmedActivity',
};

export function determinationName(determination: string): string {
	return determinationNames[determination] ?? determination;
}

export function classificationName(classification: string): string {
	return classificationOptions.find(({ value }) => value === classification)?.name ?? classification;
}

function byName(first: INodePropertyOptions, second: INodePropertyOptions): number {
	return first.name.localeCompare(second.name);
}

export function determinationOptionsFor(classification: Classification): INodePropertyOptions[] {
	return determinationsByClassification[classification]
		.map((value) => ({ name: determinationName(value), value }))
		.sort(byName);
}

/** Every determination a filter may ask for, including the read-only ones. */
export const allDeterminationOptions: Array<TypedOption<string>> = Object.keys(determinationNames)
	.map((value) => ({ name: determinationName(value), value }))
	.sort(byName);

export const alertServiceSourceOptions: Array<TypedOption<string>> = [
	{ name: 'Microsoft 365 Defender', value: 'microsoft365Defender' },
	{ name: 'Microsoft App Governance', value: 'microsoftAppGovernance' },
	{ name: 'Microsoft Data Loss Prevention', value: 'dataLossPrevention' },
	{ name: 'Microsoft Defender for Cloud', value: 'microsoftDefenderForCloud' },
	{ name: 'Microsoft Defender for Cloud Apps', value: 'microsoftDefenderForCloudApps' },
	{ name: 'Microsoft Defender for Endpoint', value: 'microsoftDefenderForEndpoint' },
	{ name: 'Microsoft Defender for Identity', value: 'microsoftDefenderForIdentity' },
	{ name: 'Microsoft Defender for Office 365', value: 'microsoftDefenderForOffice365' },
	{ name: 'Microsoft Entra ID Protection', value: 'azureAdIdentityProtection' },
	{ name: 'Microsoft Insider Risk Management', value: 'microsoftInsiderRiskManagement' },
	{ name: 'Microsoft Sentinel', value: 'microsoftSentinel' },
];

/** The enum fields whose spelling differs between the APIs. */
export type EnumField = 'severity' | 'status' | 'classification' | 'determination';

/** Graph's values as they are, with older determination spellings mapped to today's and empty ones as unknown. */
export function graphEnumSpelling(value: unknown, field: EnumField): string {
	const spelled = textOf(value);
	if (field === 'determination') return determinationAliases[spelled.toLowerCase()] ?? (spelled || 'unknown');
	return field === 'classification' ? spelled || 'unknown' : spelled;
}

/** Legacy spellings that are not simply the Graph value with a capital first letter. */
const legacySpelling: Record<string, string> = {
	unknown: 'UnSpecified',
	notMalicious: 'Clean',
	notEnoughDataToValidate: 'NoEnoughDataToValidate',
};
const legacyDeterminationUnknown = 'NotAvailable';
const graphSpellingOfLegacy: Record<string, string> = {
	unspecified: 'unknown',
	clean: 'notMalicious',
	noenoughdatatovalidate: 'notEnoughDataToValidate',
	notavailable: 'unknown',
};

/** Graph's camelCase enum value in the legacy API's PascalCase. */
export function toLegacyEnum(value: string, field: EnumField): string {
	if (value === 'unknown') {
		if (field === 'severity') return legacySpelling.unknown;
		if (field === 'determination') return legacyDeterminationUnknown;
		return 'Unknown';
	}
	return legacySpelling[value] ?? value.charAt(0).toUpperCase() + value.slice(1);
}

/** The legacy API's PascalCase enum value in Graph's camelCase, the spelling the backend interface uses. */
export function toGraphEnum(value: unknown): string {
	const spelled = textOf(value);
	if (!spelled) return 'unknown';
	return graphSpellingOfLegacy[spelled.toLowerCase()] ?? spelled.charAt(0).toLowerCase() + spelled.slice(1);
}
