import { defenderTimestamp, type EmulatorClock } from './clock.cjs';
import {
	alertStatuses,
	classifications,
	determinationAliases,
	determinations,
	determinationsAllowed,
	incidentStatuses,
	retiredDeterminations,
	type StoredAlert,
	type StoredIncident,
} from './model.cjs';
import { SeededRandom } from './random.cjs';
import { buildIncident, seedIncidents, type NewIncidentSpecification, type SeedCounters } from './seed.cjs';

/** A request the API refuses, with the status and the Microsoft error code it answers with. */
export class ApiRefusal extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

/** Changes in Graph spelling, already parsed from either API's body. */
export interface IncidentChangeSet {
	/** The error code this API answers a retired determination with. */
	refusalCode?: string;
	status?: string;
	assignedTo?: string | null;
	classification?: string;
	determination?: string;
	customTags?: string[];
	comment?: string;
}

export interface AlertChangeSet {
	status?: string;
	assignedTo?: string | null;
	classification?: string;
	determination?: string;
}

/** A determination Microsoft retired from the API (contract 3.4); Graph and legacy word the refusal the same way. */
function refuseRetired(determination: string | undefined, code: string): void {
	if (determination !== undefined && retiredDeterminations.includes(determination)) {
		throw new ApiRefusal(400, code, `The determination '${determination}' is no longer available via the API.`);
	}
}

function requireMember(field: string, value: string, members: readonly string[]): void {
	if (!members.includes(value)) {
		throw new ApiRefusal(400, 'BadRequest', `The value '${value}' is not valid for ${field}. Allowed values: ${members.join(', ')}.`);
	}
}

/** Graph and the legacy API refuse a determination that does not belong to the classification. */
function checkPair(classification: string | undefined, determination: string | undefined, current: { classification: string | null }): void {
	if (determination === undefined) return;
	const effective = classification ?? current.classification ?? 'unknown';
	if (!determinationsAllowed[effective]?.includes(determination)) {
		throw new ApiRefusal(
			400,
			'InvalidInput',
			`Determination '${determination}' is not valid with classification '${effective}'. Valid determinations: ${(determinationsAllowed[effective] ?? []).join(', ')}.`,
		);
	}
}

export function canonicalDetermination(value: string): string {
	return determinationAliases[value] ?? value;
}

/**
 * Date.parse of stored timestamps, remembered up to a bound: every list request checks the creation time of every
 * incident, and parsing them again each time made the emulator, not the client, the cost of a long list.
 */
const parsedTimestamps = new Map<string, number>();

function millisecondsOf(timestamp: string): number {
	let milliseconds = parsedTimestamps.get(timestamp);
	if (milliseconds === undefined) {
		milliseconds = Date.parse(timestamp);
		if (parsedTimestamps.size >= 200_000) parsedTimestamps.clear();
		parsedTimestamps.set(timestamp, milliseconds);
	}
	return milliseconds;
}

/** All incidents and alerts of the emulated tenant. */
export class DefenderStore {
	readonly incidents = new Map<number, StoredIncident>();

	readonly alerts = new Map<string, StoredAlert>();

	private random: SeededRandom;

	private counters: SeedCounters = { nextIncidentId: 1, nextAlertNumber: 1 };

	/** Default ingestion delay for incidents created from now on. */
	ingestionDelayMinutes = 0;

	constructor(
		private readonly clock: EmulatorClock,
		private readonly seed: number,
		private readonly seededCount: number,
	) {
		this.random = new SeededRandom(seed + 1);
		this.reset();
	}

	reset(): void {
		this.incidents.clear();
		this.alerts.clear();
		this.counters = { nextIncidentId: 1000, nextAlertNumber: 1 };
		this.random = new SeededRandom(this.seed + 1);
		this.ingestionDelayMinutes = 0;
		for (const { incident, alerts } of seedIncidents(this.seed, this.seededCount, this.clock.now(), this.counters)) this.add(incident, alerts);
	}

	private add(incident: StoredIncident, alerts: StoredAlert[]): void {
		this.incidents.set(incident.id, incident);
		for (const alert of alerts) this.alerts.set(alert.id, alert);
	}

	createIncident(specification: NewIncidentSpecification = {}): StoredIncident {
		const { incident, alerts } = buildIncident(
			this.random,
			this.counters,
			{ visibleAfterMinutes: this.ingestionDelayMinutes, ...specification },
			this.clock.now(),
		);
		this.add(incident, alerts);
		return incident;
	}

	/** Incidents the APIs can see now: created, and past their ingestion delay. */
	visibleIncidents(): StoredIncident[] {
		const now = this.clock.now().getTime();
		return [...this.incidents.values()].filter((incident) => incident.visibleFrom <= now && millisecondsOf(incident.createdDateTime) <= now);
	}

	visibleIncident(id: string): StoredIncident | undefined {
		if (!/^\d{1,15}$/.test(id)) return undefined;
		const incident = this.incidents.get(Number(id));
		return incident && this.visibleIncidents().includes(incident) ? incident : undefined;
	}

	alertsOf(incident: StoredIncident): StoredAlert[] {
		return incident.alertIds.map((id) => this.alerts.get(id)).filter((alert): alert is StoredAlert => alert !== undefined);
	}

	visibleAlerts(): StoredAlert[] {
		return this.visibleIncidents().flatMap((incident) => this.alertsOf(incident));
	}

	visibleAlert(id: string): StoredAlert | undefined {
		return this.visibleAlerts().find((alert) => alert.id === id);
	}

	private touch(): string {
		return defenderTimestamp(this.clock.now());
	}

	updateIncident(incident: StoredIncident, changes: IncidentChangeSet, author: string): StoredIncident {
		if (changes.status !== undefined) requireMember('status', changes.status, incidentStatuses);
		if (changes.classification !== undefined) requireMember('classification', changes.classification, classifications);
		if (changes.determination !== undefined) requireMember('determination', changes.determination, determinations);
		refuseRetired(changes.determination, changes.refusalCode ?? 'BadRequest');
		checkPair(changes.classification, changes.determination, incident);
		const updatedAt = this.touch();
		if (changes.status !== undefined) incident.status = changes.status;
		if (changes.assignedTo !== undefined) incident.assignedTo = changes.assignedTo;
		if (changes.classification !== undefined) {
			incident.classification = changes.classification;
			if (changes.determination === undefined) incident.determination = changes.classification === 'unknown' ? 'unknown' : 'other';
		}
		if (changes.determination !== undefined) incident.determination = changes.determination;
		if (changes.customTags !== undefined) incident.customTags = [...changes.customTags];
		if (changes.comment !== undefined) incident.comments.push({ comment: changes.comment, author, createdDateTime: updatedAt });
		incident.lastUpdateDateTime = updatedAt;
		incident.lastModifiedBy = author;
		return incident;
	}

	updateAlert(alert: StoredAlert, changes: AlertChangeSet): StoredAlert {
		if (changes.status !== undefined) requireMember('status', changes.status, alertStatuses);
		if (changes.classification !== undefined) requireMember('classification', changes.classification, classifications);
		if (changes.determination !== undefined) requireMember('determination', changes.determination, determinations);
		refuseRetired(changes.determination, 'BadRequest');
		checkPair(changes.classification, changes.determination, alert);
		const updatedAt = this.touch();
		Object.assign(alert, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
		if (changes.status === 'resolved') alert.resolvedDateTime = updatedAt;
		alert.lastUpdateDateTime = updatedAt;
		this.touchIncidentOf(alert, updatedAt);
		return alert;
	}

	addAlertComment(alert: StoredAlert, comment: string, author: string): StoredAlert {
		const updatedAt = this.touch();
		alert.comments.push({ comment, author, createdDateTime: updatedAt });
		alert.lastUpdateDateTime = updatedAt;
		this.touchIncidentOf(alert, updatedAt);
		return alert;
	}

	/** A change to an alert is a change to its incident, as in Defender. */
	private touchIncidentOf(alert: StoredAlert, updatedAt: string): void {
		const incident = this.incidents.get(alert.incidentId);
		if (incident) incident.lastUpdateDateTime = updatedAt;
	}

	/** A new alert joins an existing incident (and updates it), as correlation does in Defender. */
	createAlert(incidentId: number, specification: NewIncidentSpecification = {}): StoredAlert {
		const incident = this.incidents.get(incidentId);
		if (!incident) throw new ApiRefusal(404, 'NotFound', `Incident ${incidentId} does not exist`);
		const { alerts } = buildIncident(this.random, this.counters, { alertCount: 1, ...specification, incidentId }, this.clock.now());
		const [alert] = alerts;
		this.alerts.set(alert.id, alert);
		incident.alertIds.push(alert.id);
		incident.lastUpdateDateTime = alert.createdDateTime;
		return alert;
	}
}
