import { defenderTimestamp } from './clock.cjs';
import { evidenceOf } from './evidence.cjs';
import { determinationsAllowed, type StoredAlert, type StoredEvidence, type StoredIncident } from './model.cjs';
import { SeededRandom } from './random.cjs';

/** Realistic incident stories; several carry non-ASCII text, as real tenants do. */
const scenarios = [
	{ title: "'Mimikatz' hacktool was detected on one endpoint", category: 'CredentialAccess', service: 'microsoftDefenderForEndpoint', detection: 'antivirus', technique: 'T1003', threat: 'Mimikatz' },
	{ title: 'Multi-stage incident involving Initial access & Execution on one endpoint', category: 'Execution', service: 'microsoftDefenderForEndpoint', detection: 'microsoftDefenderForEndpoint', technique: 'T1059.001', threat: null },
	{ title: 'Phishing email delivered to Zoë Müller and 3 other users', category: 'InitialAccess', service: 'microsoftDefenderForOffice365', detection: 'microsoftDefenderForOffice365', technique: 'T1566.001', threat: null },
	{ title: 'Suspicious sign-in from an unfamiliar location (São Paulo)', category: 'InitialAccess', service: 'microsoftDefenderForIdentity', detection: 'microsoftDefenderForIdentity', technique: 'T1078', threat: null },
	{ title: 'Ransomware activity detected: files encrypted on FS-01', category: 'Impact', service: 'microsoftDefenderForEndpoint', detection: 'automatedInvestigation', technique: 'T1486', threat: 'LockBit' },
	{ title: 'Impossible travel activity involving one user', category: 'InitialAccess', service: 'microsoftDefenderForCloudApps', detection: 'microsoftDefenderForCloudApps', technique: 'T1078.004', threat: null },
	{ title: 'Verdächtige PowerShell-Befehlszeile auf einem Endgerät', category: 'Execution', service: 'microsoftDefenderForEndpoint', detection: 'microsoftDefenderForEndpoint', technique: 'T1059.001', threat: null },
	{ title: 'Password spray attack against 12 accounts', category: 'CredentialAccess', service: 'azureAdIdentityProtection', detection: 'azureAdIdentityProtection', technique: 'T1110.003', threat: null },
	{ title: 'Unwanted software (coin miner) on 2 endpoints — 挖矿软件', category: 'Malware', service: 'microsoftDefenderForEndpoint', detection: 'antivirus', technique: 'T1496', threat: 'CoinMiner' },
	{ title: 'Anomalous mailbox forwarding rule created by Łukasz', category: 'Exfiltration', service: 'microsoftDefenderForOffice365', detection: 'microsoftDefenderForOffice365', technique: 'T1114.003', threat: null },
] as const;

const analysts = ['analyst@contoso.example', 'secops@contoso.example', 'jose.garcia@contoso.example', null, null];
const tagPool = ['vip', 'phishing', 'ransomware', 'finance', 'tier-1', 'triage-pending', 'édition-spéciale'];
const devicePool = ['ws-0142.contoso.example', 'fs-01.contoso.example', 'laptop-zoe.contoso.example', 'srv-sql-02.contoso.example'];
const accountPool = ['zoe.muller', 'lukasz.nowak', 'jose.garcia', 'svc-backup', 'admin-tier0'];

export interface SeedCounters {
	nextIncidentId: number;
	nextAlertNumber: number;
}

export interface NewIncidentSpecification {
	title?: string;
	displayName?: string;
	description?: string;
	severity?: string;
	status?: string;
	classification?: string;
	determination?: string;
	assignedTo?: string | null;
	tags?: string[];
	customTags?: string[];
	createdDateTime?: string | Date;
	lastUpdateDateTime?: string | Date;
	/** Minutes after its creation time that the incident becomes visible (ingestion delay). */
	visibleAfterMinutes?: number;
	alertCount?: number;
	serviceSource?: string;
	/** Builds alerts for this existing incident instead of a new incident number. */
	incidentId?: number;
}

/** The four choices the main sequence makes for an alert's evidence; the rest comes from the alert's own seed. */
function evidenceFor(random: SeededRandom, alertNumber: number, created: string, serviceSource: string, device: string, account: string): StoredEvidence[] {
	const riskScore = random.pick(['low', 'medium', 'high']);
	const mdeDeviceId = `${random.integer(1e9, 9e9).toString(16)}a1b2c3`;
	const ipAddress = `203.0.113.${random.integer(1, 254)}`;
	const countryLetterCode = random.pick(['BR', 'DE', 'PL', 'US']);
	return evidenceOf({ alertNumber, createdDateTime: created, serviceSource, deviceDnsName: device, accountName: account, riskScore, mdeDeviceId, ipAddress, countryLetterCode });
}

/** Builds one incident and its alerts from a specification, filling what it leaves open with seeded choices. */
export function buildIncident(
	random: SeededRandom,
	counters: SeedCounters,
	specification: NewIncidentSpecification,
	now: Date,
): { incident: StoredIncident; alerts: StoredAlert[] } {
	const scenario = random.pick(scenarios);
	const created = new Date(specification.createdDateTime ?? now);
	const createdText = defenderTimestamp(created);
	const updatedText = specification.lastUpdateDateTime ? defenderTimestamp(new Date(specification.lastUpdateDateTime)) : createdText;
	const id = specification.incidentId ?? counters.nextIncidentId++;
	const classification = specification.classification ?? 'unknown';
	const determination = specification.determination ?? (classification === 'unknown' ? 'unknown' : determinationsAllowed[classification][0]);
	const device = random.pick(devicePool);
	const account = random.pick(accountPool);
	const alertCount = specification.alertCount ?? random.integer(1, 3);
	const severity = specification.severity ?? random.pick(['informational', 'low', 'medium', 'high']);
	const alerts: StoredAlert[] = [];
	for (let index = 0; index < alertCount; index++) {
		const number = counters.nextAlertNumber++;
		const alertId = `da${(637000000000000000n + BigInt(number) * 7919n).toString()}_${(100000000 + number * 31).toString()}`;
		alerts.push({
			id: alertId,
			providerAlertId: alertId.slice(2),
			incidentId: id,
			status: specification.status === 'resolved' ? 'resolved' : 'new',
			severity,
			classification: classification === 'unknown' ? null : classification,
			determination: classification === 'unknown' ? null : determination,
			serviceSource: specification.serviceSource ?? scenario.service,
			detectionSource: scenario.detection,
			detectorId: `${(number * 2654435761) % 0xffffffff}`,
			title: index === 0 ? scenario.title.replace(/ on .*$/, '') : `${scenario.category} activity ${index + 1}`,
			description: `${scenario.title}. Evidence collected from ${device}.`,
			recommendedActions: 'A. Validate the alert. B. Scope the incident. C. Contain and remediate.',
			category: scenario.category,
			assignedTo: specification.assignedTo ?? null,
			threatFamilyName: scenario.threat,
			mitreTechniques: [scenario.technique],
			createdDateTime: createdText,
			lastUpdateDateTime: updatedText,
			resolvedDateTime: specification.status === 'resolved' ? updatedText : null,
			firstActivityDateTime: defenderTimestamp(new Date(created.getTime() - 20 * 60_000)),
			lastActivityDateTime: defenderTimestamp(new Date(created.getTime() - 60_000)),
			comments: [],
			evidence: evidenceFor(random, number, createdText, specification.serviceSource ?? scenario.service, device, account),
			deviceNames: [device],
			accountNames: [account],
		});
	}
	const incident: StoredIncident = {
		id,
		displayName: specification.displayName ?? specification.title ?? scenario.title,
		description: specification.description ?? `${scenario.title}. Correlated by Microsoft Defender XDR.`,
		severity,
		status: specification.status ?? 'active',
		classification,
		determination,
		assignedTo: specification.assignedTo ?? null,
		customTags: [...(specification.customTags ?? specification.tags ?? [])],
		systemTags: scenario.service === 'microsoftDefenderForOffice365' ? ['Credential Phish'] : [],
		createdDateTime: createdText,
		lastUpdateDateTime: updatedText,
		redirectIncidentId: null,
		comments: [],
		alertIds: alerts.map((alert) => alert.id),
		visibleFrom: created.getTime() + (specification.visibleAfterMinutes ?? 0) * 60_000,
	};
	return { incident, alerts };
}

/** A varied, deterministic history over the 30 days before `now`: every severity, status and classification. */
export function seedIncidents(seed: number, count: number, now: Date, counters: SeedCounters): Array<{ incident: StoredIncident; alerts: StoredAlert[] }> {
	const random = new SeededRandom(seed);
	const thirtyDays = 30 * 24 * 3600_000;
	const seeded: Array<{ incident: StoredIncident; alerts: StoredAlert[] }> = [];
	for (let index = 0; index < count; index++) {
		const created = new Date(now.getTime() - thirtyDays + Math.floor(((index + random.next()) / count) * (thirtyDays - 3600_000)));
		const status = random.pick(['active', 'active', 'inProgress', 'resolved', 'resolved', 'awaitingAction']);
		const classification = status === 'resolved' ? random.pick(['truePositive', 'falsePositive', 'informationalExpectedActivity']) : random.pick(['unknown', 'unknown', 'truePositive']);
		const updated = new Date(Math.min(now.getTime() - 60_000, created.getTime() + random.integer(0, 72) * 3600_000));
		const built = buildIncident(
			random,
			counters,
			{
				severity: random.pick(['informational', 'low', 'medium', 'medium', 'high', 'high', 'unknown']),
				status,
				classification,
				determination: classification === 'unknown' ? 'unknown' : random.pick(determinationsAllowed[classification]),
				assignedTo: random.pick(analysts),
				customTags: random.chance(0.4) ? [random.pick(tagPool)] : [],
				createdDateTime: created,
				lastUpdateDateTime: updated,
			},
			now,
		);
		if (random.chance(0.3)) {
			built.incident.comments.push({ comment: random.pick(['Escalated to tier 2.', 'Benign: scheduled pentest — ça marche.', 'User confirmed they did not sign in.']), createdBy: random.pick(['analyst@contoso.example', 'Automation']), createdDateTime: built.incident.lastUpdateDateTime });
		}
		seeded.push(built);
	}
	// A few merged incidents: Defender keeps them with status redirected and a pointer to the survivor.
	for (let index = 5; index < seeded.length; index += 37) {
		const merged = seeded[index].incident;
		merged.status = 'redirected';
		merged.redirectIncidentId = seeded[index - 1].incident.id;
	}
	return seeded;
}
