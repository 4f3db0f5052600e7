/**
 * The emulator's own record of incidents and alerts (Graph spellings inside), and how each API presents them.
 * Written from Microsoft's documentation (defender-apis.md sections 4, 5 and 7), independently of the nodes'
 * code, so a misunderstanding in the nodes is not mirrored here.
 */

export const incidentStatuses = ['active', 'inProgress', 'resolved', 'redirected', 'awaitingAction'] as const;
export const severities = ['unknown', 'informational', 'low', 'medium', 'high'] as const;
export const classifications = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'] as const;
export const alertStatuses = ['new', 'inProgress', 'resolved'] as const;
export const determinations = [
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
] as const;

/** Members added after Graph v1.0 shipped: shown as unknownFutureValue unless the client opts in. */
export const evolvableMembers = new Set(['awaitingAction']);

/** Older spellings Graph still accepts on input. */
export const determinationAliases: Record<string, string> = {
	compromisedUser: 'compromisedAccount',
	clean: 'notMalicious',
	insufficientData: 'notEnoughDataToValidate',
	confirmedUserActivity: 'confirmedActivity',
};

/** Which determinations go with which classification when an analyst writes them. */
export const determinationsAllowed: Record<string, readonly string[]> = {
	truePositive: ['multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other', 'apt'],
	informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other', 'securityPersonnel'],
	falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
	unknown: ['unknown'],
};

export interface StoredComment {
	comment: string;
	createdBy: string;
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

function graphEnum(value: string, presentation: Presentation): string {
	return evolvableMembers.has(value) && !presentation.includeUnknownEnumMembers ? 'unknownFutureValue' : value;
}

export function graphComment(comment: StoredComment): { comment: string; createdBy: string; createdDateTime: string } {
	return { comment: comment.comment, createdBy: comment.createdBy, createdDateTime: comment.createdDateTime };
}

export function graphAlert(alert: StoredAlert, presentation: Presentation): Record<string, unknown> {
	return {
		'@odata.type': '#microsoft.graph.security.alert',
		id: alert.id,
		providerAlertId: alert.providerAlertId,
		incidentId: String(alert.incidentId),
		status: alert.status,
		severity: alert.severity,
		classification: alert.classification,
		determination: alert.determination,
		serviceSource: alert.serviceSource,
		detectionSource: alert.detectionSource,
		detectorId: alert.detectorId,
		tenantId: presentation.tenantId,
		title: alert.title,
		description: alert.description,
		recommendedActions: alert.recommendedActions,
		category: alert.category,
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
		comments: alert.comments.map(graphComment),
		evidence: alert.evidence.map((evidence) => ({ ...evidence })),
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
	comments: Array<{ comment: string; createdBy: string; createdDateTime: string }>;
	alerts?: Array<Record<string, unknown> & { id: string }>;
};

export function graphIncident(
	incident: StoredIncident,
	presentation: Presentation,
	expandedAlerts?: StoredAlert[],
): GraphIncidentShape {
	const shape: GraphIncidentShape = {
		id: String(incident.id),
		tenantId: presentation.tenantId,
		status: graphEnum(incident.status, presentation),
		incidentWebUrl: `https://security.microsoft.com/incidents/${incident.id}?tid=${presentation.tenantId}`,
		redirectIncidentId: incident.redirectIncidentId === null ? null : String(incident.redirectIncidentId),
		displayName: incident.displayName,
		createdDateTime: incident.createdDateTime,
		lastUpdateDateTime: incident.lastUpdateDateTime,
		assignedTo: incident.assignedTo,
		classification: incident.classification,
		determination: incident.determination,
		severity: incident.severity,
		customTags: [...incident.customTags],
		systemTags: [...incident.systemTags],
		description: incident.description,
		comments: incident.comments.map(graphComment),
	};
	if (expandedAlerts) shape.alerts = expandedAlerts.map((alert) => graphAlert(alert, presentation) as Record<string, unknown> & { id: string });
	return shape;
}

function legacyAlert(alert: StoredAlert): Record<string, unknown> {
	return {
		alertId: alert.id,
		providerAlertId: alert.providerAlertId,
		incidentId: alert.incidentId,
		serviceSource: alert.serviceSource,
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
		investigationState: 'UnsupportedAlertType',
		classification: legacySpelling('classification', alert.classification),
		determination: legacySpelling('determination', alert.determination),
		detectionSource: alert.detectionSource,
		detectorId: alert.detectorId,
		assignedTo: alert.assignedTo,
		actorName: null,
		threatFamilyName: alert.threatFamilyName,
		mitreTechniques: [...alert.mitreTechniques],
		devices: alert.deviceNames.map((deviceDnsName) => ({ deviceDnsName, osPlatform: 'Windows11', healthStatus: 'Active', riskScore: 'High', tags: [] })),
		entities: alert.accountNames.map((accountName) => ({ entityType: 'User', accountName, domainName: 'CONTOSO' })),
	};
}

export function legacyIncident(incident: StoredIncident, alerts: StoredAlert[]): Record<string, unknown> {
	return {
		incidentId: incident.id,
		incidentUri: `https://security.microsoft.com/incidents/${incident.id}`,
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
		systemTags: [...incident.systemTags],
		description: incident.description,
		comments: incident.comments.map((comment) => ({ comment: comment.comment, createdBy: comment.createdBy, createdTime: comment.createdDateTime })),
		alerts: alerts.map(legacyAlert),
	};
}
