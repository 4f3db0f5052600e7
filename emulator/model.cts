/**
 * The emulator's own record of incidents and alerts (Graph spellings inside), and how each API presents them.
 * Written from Microsoft's documentation (docs/api-contract.md, sections 4 and 5), independently of the nodes'
 * code, so a misunderstanding in the nodes is not mirrored here.
 */

/**
 * Enum members in the CSDL's order (docs/api-contract.md, section 4). Members after `unknownFutureValue` are the
 * evolvable ones: Graph shows them only to clients that send `Prefer: include-unknown-enum-members`.
 */
const future = 'unknownFutureValue';
export const incidentStatusEnum = ['active', 'resolved', 'inProgress', 'redirected', future, 'awaitingAction'] as const;
export const alertStatusEnum = ['unknown', 'new', 'inProgress', 'resolved', future] as const;
export const severityEnum = ['unknown', 'informational', 'low', 'medium', 'high', future] as const;
export const classificationEnum = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity', future] as const;
export const determinationEnum = [
	'unknown',
	'apt',
	'malware',
	'securityPersonnel',
	'securityTesting',
	'unwantedSoftware',
	'other',
	'multiStagedAttack',
	'compromisedAccount',
	'phishing',
	'maliciousUserActivity',
	'notMalicious',
	'notEnoughDataToValidate',
	'confirmedActivity',
	'lineOfBusinessApplication',
	future,
] as const;
export const serviceSourceEnum = [
	'unknown',
	'microsoftDefenderForEndpoint',
	'microsoftDefenderForIdentity',
	'microsoftDefenderForCloudApps',
	'microsoftDefenderForOffice365',
	'microsoft365Defender',
	'azureAdIdentityProtection',
	'microsoftAppGovernance',
	'dataLossPrevention',
	future,
	'microsoftDefenderForCloud',
	'microsoftSentinel',
	'microsoftInsiderRiskManagement',
	'microsoftThreatIntelligence',
	'microsoftSecurityForAI',
] as const;
export const detectionSourceEnum = [
	'unknown',
	'microsoftDefenderForEndpoint',
	'antivirus',
	'smartScreen',
	'customTi',
	'microsoftDefenderForOffice365',
	'automatedInvestigation',
	'microsoftThreatExperts',
	'customDetection',
	'microsoftDefenderForIdentity',
	'cloudAppSecurity',
	'microsoft365Defender',
	'azureAdIdentityProtection',
	'manual',
	'microsoftDataLossPrevention',
	'appGovernancePolicy',
	'appGovernanceDetection',
	future,
	'microsoftDefenderForCloud',
	'microsoftDefenderForIoT',
	'microsoftDefenderForServers',
	'microsoftDefenderForStorage',
	'microsoftDefenderForDNS',
	'microsoftDefenderForDatabases',
	'microsoftDefenderForContainers',
	'microsoftDefenderForNetwork',
	'microsoftDefenderForAppService',
	'microsoftDefenderForKeyVault',
	'microsoftDefenderForResourceManager',
	'microsoftDefenderForApiManagement',
	'nrtAlerts',
	'scheduledAlerts',
	'microsoftDefenderThreatIntelligenceAnalytics',
	'builtInMl',
	'microsoftInsiderRiskManagement',
	'microsoftThreatIntelligence',
	'microsoftDefenderForAIServices',
	'securityCopilot',
	'microsoftSentinel',
] as const;
export const investigationStateEnum = [
	'unknown',
	'terminated',
	'successfullyRemediated',
	'benign',
	'failed',
	'partiallyRemediated',
	'running',
	'pendingApproval',
	'pendingResource',
	'queued',
	'innerFailure',
	'preexistingAlert',
	'unsupportedOs',
	'unsupportedAlertType',
	'suppressedAlert',
	'partiallyInvestigated',
	'terminatedByUser',
	'terminatedBySystem',
	future,
] as const;
export const evidenceRemediationStatusEnum = ['none', 'remediated', 'prevented', 'blocked', 'notFound', future, 'active', 'pendingApproval', 'declined', 'unremediated', 'running', 'partiallyRemediated'] as const;

/** The members a client may send or be shown, without the `unknownFutureValue` placeholder. */
const realMembers = (members: readonly string[]) => members.filter((member) => member !== future);
export const incidentStatuses = realMembers(incidentStatusEnum);
export const severities = realMembers(severityEnum);
export const classifications = realMembers(classificationEnum);
export const alertStatuses = realMembers(alertStatusEnum);
export const determinations = realMembers(determinationEnum);

/** "no longer available via the API" (legacy update page): refused on update by both APIs, still readable. */
export const retiredDeterminations = ['apt', 'securityPersonnel'];

/** The members after `unknownFutureValue` of one enum. */
function evolvableOf(members: readonly string[]): Set<string> {
	return new Set(members.slice(members.indexOf(future) + 1));
}
const evolvable = {
	incidentStatus: evolvableOf(incidentStatusEnum),
	serviceSource: evolvableOf(serviceSourceEnum),
	detectionSource: evolvableOf(detectionSourceEnum),
	remediationStatus: evolvableOf(evidenceRemediationStatusEnum),
};

/** Older spellings Graph still accepts on input. */
export const determinationAliases: Record<string, string> = {
	compromisedUser: 'compromisedAccount',
	clean: 'notMalicious',
	insufficientData: 'notEnoughDataToValidate',
	confirmedUserActivity: 'confirmedActivity',
};

/** Which determinations go with which classification (the retired ones only on old records). */
export const determinationsAllowed: Record<string, readonly string[]> = {
	truePositive: ['multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other', 'apt'],
	informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other', 'securityPersonnel'],
	falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
	unknown: ['unknown'],
};

export interface StoredComment {
	comment: string;
	/** Who wrote it: Graph calls it createdByDisplayName, the legacy API createdBy. */
	author: string;
	createdDateTime: string;
}

export interface StoredEvidence {
	'@odata.type': string;
	createdDateTime: string;
	verdict: string;
	remediationStatus: string;
	roles: string[];
	detailedRoles: string[];
	tags: string[];
	[key: string]: unknown;
}

export interface StoredAlert {
	id: string;
	providerAlertId: string;
	incidentId: number;
	status: string;
	severity: string;
	classification: string | null;
	determination: string | null;
	serviceSource: string;
	detectionSource: string;
	detectorId: string;
	title: string;
	description: string;
	recommendedActions: string;
	category: string;
	productName: string;
	investigationState: string;
	assignedTo: string | null;
	threatFamilyName: string | null;
	mitreTechniques: string[];
	createdDateTime: string;
	lastUpdateDateTime: string;
	resolvedDateTime: string | null;
	firstActivityDateTime: string;
	lastActivityDateTime: string;
	comments: StoredComment[];
	evidence: StoredEvidence[];
	deviceNames: string[];
	accountNames: string[];
}

export interface StoredIncident {
	id: number;
	displayName: string;
	description: string;
	severity: string;
	status: string;
	classification: string;
	determination: string;
	assignedTo: string | null;
	customTags: string[];
	systemTags: string[];
	createdDateTime: string;
	lastUpdateDateTime: string;
	redirectIncidentId: number | null;
	summary: string | null;
	priorityScore: number | null;
	resolvingComment: string | null;
	lastModifiedBy: string | null;
	comments: StoredComment[];
	alertIds: string[];
	/** When the incident becomes visible to the APIs (ingestion delay). */
	visibleFrom: number;
}

function pascal(value: string): string {
	return value.charAt(0).toUpperCase() + value.slice(1);
}

/** The legacy API's spelling of a Graph enum member. */
export function legacySpelling(field: 'severity' | 'status' | 'classification' | 'determination' | 'alertStatus', value: string | null): string | null {
	if (value === null) return null;
	if (field === 'severity' && value === 'unknown') return 'UnSpecified';
	if (field === 'determination') {
		const special: Record<string, string> = { unknown: 'NotAvailable', notMalicious: 'Clean', notEnoughDataToValidate: 'NoEnoughDataToValidate' };
		return special[value] ?? pascal(value);
	}
	return pascal(value);
}

/** A legacy enum value read back into the Graph spelling (case-insensitive, as the legacy API is). */
export function fromLegacySpelling(field: 'severity' | 'status' | 'classification' | 'determination', value: string): string | undefined {
	const members: readonly string[] =
		field === 'severity' ? severities : field === 'status' ? incidentStatuses : field === 'classification' ? classifications : determinations;
	const wanted = value.toLowerCase();
	return members.find((member) => legacySpelling(field, member)?.toLowerCase() === wanted);
}

export interface Presentation {
	tenantId: string;
	/** Graph hides evolvable members unless the client sent `Prefer: include-unknown-enum-members`. */
	includeUnknownEnumMembers: boolean;
}

/** A member after `unknownFutureValue` reads `unknownFutureValue` unless the client opted in (contract 2.5). */
function shown(value: string, members: Set<string>, presentation: Presentation): string {
	return members.has(value) && !presentation.includeUnknownEnumMembers ? future : value;
}

export type GraphComment = {
	comment: string;
	createdByDisplayName: string;
	createdDateTime: string;
};

export function graphComment(comment: StoredComment): GraphComment {
	return { comment: comment.comment, createdByDisplayName: comment.author, createdDateTime: comment.createdDateTime };
}

function graphEvidence(evidence: StoredEvidence, presentation: Presentation): Record<string, unknown> {
	return { ...evidence, remediationStatus: shown(evidence.remediationStatus, evolvable.remediationStatus, presentation) };
}

/** Every property of the CSDL's alert type (contract 5.2), in the order the reference page's sample shows. */
export function graphAlert(alert: StoredAlert, presentation: Presentation): Record<string, unknown> {
	return {
		'@odata.type': '#microsoft.graph.security.alert',
		id: alert.id,
		providerAlertId: alert.providerAlertId,
		incidentId: String(alert.incidentId),
		status: alert.status,
		severity: alert.severity,
		// An alert nobody classified reads unknown on Graph (the reference samples), null on the legacy API.
		classification: alert.classification ?? 'unknown',
		determination: alert.determination ?? 'unknown',
		serviceSource: shown(alert.serviceSource, evolvable.serviceSource, presentation),
		detectionSource: shown(alert.detectionSource, evolvable.detectionSource, presentation),
		productName: alert.productName,
		detectorId: alert.detectorId,
		tenantId: presentation.tenantId,
		title: alert.title,
		description: alert.description,
		recommendedActions: alert.recommendedActions,
		category: alert.category,
		categories: [alert.category],
		assignedTo: alert.assignedTo,
		alertWebUrl: `https://security.microsoft.com/alerts/${alert.id}?tid=${presentation.tenantId}`,
		incidentWebUrl: `https://security.microsoft.com/incidents/${alert.incidentId}?tid=${presentation.tenantId}`,
		actorDisplayName: null,
		threatDisplayName: alert.threatFamilyName,
		threatFamilyName: alert.threatFamilyName,
		mitreTechniques: [...alert.mitreTechniques],
		createdDateTime: alert.createdDateTime,
		lastUpdateDateTime: alert.lastUpdateDateTime,
		resolvedDateTime: alert.resolvedDateTime,
		firstActivityDateTime: alert.firstActivityDateTime,
		lastActivityDateTime: alert.lastActivityDateTime,
		investigationState: alert.investigationState,
		alertPolicyId: null,
		customDetails: {},
		additionalData: {},
		comments: alert.comments.map(graphComment),
		evidence: alert.evidence.map((evidence) => graphEvidence(evidence, presentation)),
		systemTags: [],
	};
}

/** An incident as Graph returns it; the fields tests and tools reach for are typed. */
export type GraphIncidentShape = Record<string, unknown> & {
	id: string;
	displayName: string;
	status: string;
	severity: string;
	customTags: string[];
	comments: GraphComment[];
	alerts?: Array<Record<string, unknown> & { id: string }>;
};

/** Every property of the CSDL's incident type (contract 5.1); alerts only when expanded. */
export function graphIncident(
	incident: StoredIncident,
	presentation: Presentation,
	expandedAlerts?: StoredAlert[],
): GraphIncidentShape {
	const shape: GraphIncidentShape = {
		'@odata.type': '#microsoft.graph.security.incident',
		id: String(incident.id),
		tenantId: presentation.tenantId,
		status: shown(incident.status, evolvable.incidentStatus, presentation),
		incidentWebUrl: `https://security.microsoft.com/incidents/${incident.id}?tid=${presentation.tenantId}`,
		redirectIncidentId: incident.redirectIncidentId === null ? null : String(incident.redirectIncidentId),
		displayName: incident.displayName,
		createdDateTime: incident.createdDateTime,
		lastUpdateDateTime: incident.lastUpdateDateTime,
		assignedTo: incident.assignedTo,
		classification: incident.classification,
		determination: incident.determination,
		severity: incident.severity,
		priorityScore: incident.priorityScore,
		customTags: [...incident.customTags],
		systemTags: [...incident.systemTags],
		description: incident.description,
		summary: incident.summary,
		resolvingComment: incident.resolvingComment,
		lastModifiedBy: incident.lastModifiedBy,
		comments: incident.comments.map(graphComment),
	};
	if (expandedAlerts) shape.alerts = expandedAlerts.map((alert) => graphAlert(alert, presentation) as Record<string, unknown> & { id: string });
	return shape;
}

/** The legacy spellings Microsoft's samples show (contract 5.5); others are the Graph member capitalised. */
const legacyServiceSources: Record<string, string> = {
	microsoftDefenderForEndpoint: 'MicrosoftDefenderATP',
	microsoftDefenderForOffice365: 'OfficeATP',
	microsoftDefenderForCloudApps: 'MicrosoftCloudAppSecurity',
};
const legacyDetectionSources: Record<string, string> = {
	antivirus: 'WindowsDefenderAv',
	microsoftDefenderForOffice365: 'OfficeATP',
	cloudAppSecurity: 'MCAS',
};

function legacyAlert(alert: StoredAlert): Record<string, unknown> {
	return {
		alertId: alert.id,
		incidentId: alert.incidentId,
		serviceSource: legacyServiceSources[alert.serviceSource] ?? pascal(alert.serviceSource),
		creationTime: alert.createdDateTime,
		lastUpdatedTime: alert.lastUpdateDateTime,
		resolvedTime: alert.resolvedDateTime,
		firstActivity: alert.firstActivityDateTime,
		lastActivity: alert.lastActivityDateTime,
		title: alert.title,
		description: alert.description,
		category: alert.category,
		status: legacySpelling('alertStatus', alert.status),
		severity: legacySpelling('severity', alert.severity),
		investigationId: null,
		investigationState: pascal(alert.investigationState),
		classification: legacySpelling('classification', alert.classification),
		determination: legacySpelling('determination', alert.determination),
		detectionSource: legacyDetectionSources[alert.detectionSource] ?? pascal(alert.detectionSource),
		assignedTo: alert.assignedTo,
		actorName: null,
		threatFamilyName: alert.threatFamilyName,
		mitreTechniques: [...alert.mitreTechniques],
		devices: alert.deviceNames.map((deviceDnsName) => ({ deviceDnsName, osPlatform: 'Windows11', healthStatus: 'Active', riskScore: 'High', rbacGroupName: 'UnassignedGroup' })),
		entities: alert.accountNames.map((accountName) => ({ entityType: 'User', accountName, domainName: 'CONTOSO', userPrincipalName: `${accountName}@contoso.example` })),
	};
}

/** The legacy incident has only the fields of its schema (contract 5.5): no URL, system tags or description. */
export function legacyIncident(incident: StoredIncident, alerts: StoredAlert[]): Record<string, unknown> {
	return {
		incidentId: incident.id,
		redirectIncidentId: incident.redirectIncidentId,
		incidentName: incident.displayName,
		createdTime: incident.createdDateTime,
		lastUpdateTime: incident.lastUpdateDateTime,
		assignedTo: incident.assignedTo,
		classification: legacySpelling('classification', incident.classification),
		determination: legacySpelling('determination', incident.determination),
		status: legacySpelling('status', incident.status),
		severity: legacySpelling('severity', incident.severity),
		tags: [...incident.customTags],
		comments: incident.comments.map((comment) => ({ comment: comment.comment, createdBy: comment.author, createdTime: comment.createdDateTime })),
		alerts: alerts.map(legacyAlert),
	};
}
