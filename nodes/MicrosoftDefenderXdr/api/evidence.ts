import type { IDataObject } from 'n8n-workflow';

import type {
	AlertEntities,
	CloudAppEntity,
	DeviceEntity,
	DomainEntity,
	EvidenceVerdict,
	FileEntity,
	IpEntity,
	MailboxEntity,
	ProcessEntity,
	UrlEntity,
	UserEntity,
} from '../model/entities';

/**
 * An alert's evidence as small, deduplicated records a next node can use (look up an IP, block a hash, isolate a
 * device, disable a user), read from Graph's polymorphic `evidence[]` (the `#microsoft.graph.security.*Evidence`
 * types of the v1.0 metadata) or from the legacy API's `devices[]` and `entities[]`. Every evidence item ends up
 * in exactly one list: its own kind, or `other` (whole, with its `@odata.type` or legacy `entityType`); evidence
 * nested inside another (a logon session's account and host, a connection's addresses, a malware's files) is
 * listed under its own kind as well. Nothing here throws: unknown or malformed evidence goes to `other`, cut to
 * a bounded depth and size. A device is its Defender ID (then its Entra ID), a user their SID, object ID or UPN:
 * records with different IDs are never merged, and a name alone never merges into a record that has an ID.
 */

type EntityRecord = { verdict: EvidenceVerdict | null } & object;

/** A trimmed non-empty identifier, numbers included (Graph sends some IDs as Int64), or null. */
function identifier(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

function wholeNumber(value: unknown): number | null {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	return null;
}

function recordOf(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

function recordsOf(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.map(recordOf).filter((entry): entry is IDataObject => entry !== undefined) : [];
}

const verdictStrength: Record<string, number> = { unknown: 0, noThreatsFound: 1, suspicious: 2, malicious: 3 };

/** The more telling of two verdicts, so a hash one alert calls malicious stays malicious after merging. */
function strongerVerdict(first: EvidenceVerdict | null, second: EvidenceVerdict | null): EvidenceVerdict | null {
	if (first === null) return second;
	if (second === null) return first;
	return (verdictStrength[second] ?? 0) > (verdictStrength[first] ?? 0) ? second : first;
}

/**
 * What makes a record one entity: its IDs by kind (a device's Defender and Entra IDs, a user's SID, object ID and
 * UPN), and a name for records that have no ID at all. Values are compared case-insensitively (hashes, addresses
 * and names are not case-sensitive in Defender).
 */
interface Identity {
	ids: Array<[kind: string, value: string | null]>;
	name?: string | null;
}

/** The most records one list keeps, and the most evidence items read per alert: a bound on time and memory. */
const mostRecords = 10_000;

/**
 * Records of one kind. A record merges into the one known record that shares an ID and has no different ID of
 * the same kind, so records with different IDs are never one entity; a record without any ID merges only with another
 * without ID and with the same name, never into a record that has an ID. The merged record keeps the first
 * non-null value of each field and the strongest verdict. A record with neither ID nor name is not kept.
 */
class EntityList<Entity extends EntityRecord> {
	readonly records: Entity[] = [];
	private readonly idsOf = new Map<Entity, Map<string, string>>();
	private readonly byId = new Map<string, Entity[]>();
	private readonly byName = new Map<string, Entity>();

	constructor(private readonly identityOf: (entity: Entity) => Identity) {}

	add(entity: Entity): boolean {
		const identity = this.identityOf(entity);
		const ids = new Map<string, string>();
		for (const [kind, value] of identity.ids) if (value !== null && !ids.has(kind)) ids.set(kind, value.toLowerCase());
		if (ids.size === 0) return this.addByName(entity, identity.name?.toLowerCase());
		const candidates = new Set([...ids].flatMap(([kind, value]) => this.byId.get(`${kind}:${value}`) ?? []));
		const compatible = [...candidates].filter((candidate) => [...ids].every(([kind, value]) => (this.idsOf.get(candidate)!.get(kind) ?? value) === value));
		// Two known records fit (an Entra ID shared by two Defender IDs): which one this is cannot be told, so neither.
		const known = compatible.length === 1 ? compatible[0] : undefined;
		if (known) {
			merge(known, entity);
			const knownIds = this.idsOf.get(known)!;
			for (const [kind, value] of ids) if (!knownIds.has(kind)) this.index(known, knownIds, kind, value);
			return true;
		}
		if (this.records.length >= mostRecords) return false;
		this.records.push(entity);
		const ownIds = new Map<string, string>();
		this.idsOf.set(entity, ownIds);
		for (const [kind, value] of ids) this.index(entity, ownIds, kind, value);
		return true;
	}

	private index(entity: Entity, ids: Map<string, string>, kind: string, value: string): void {
		ids.set(kind, value);
		const key = `${kind}:${value}`;
		this.byId.set(key, [...(this.byId.get(key) ?? []), entity]);
	}

	private addByName(entity: Entity, name: string | undefined): boolean {
		if (!name) return false;
		const known = this.byName.get(name);
		if (known) {
			merge(known, entity);
			return true;
		}
		if (this.records.length >= mostRecords) return false;
		this.records.push(entity);
		this.byName.set(name, entity);
		return true;
	}
}

/** Fills the known record's gaps from the other and keeps the stronger verdict. */
function merge<Entity extends EntityRecord>(known: Entity, other: Entity): void {
	const fields = known as Record<string, unknown>;
	for (const [field, value] of Object.entries(other)) {
		if (fields[field] === null && value !== null) fields[field] = value;
	}
	known.verdict = strongerVerdict(known.verdict, other.verdict);
}

/** Nesting kept in `other` records; deeper values are cut (no walk may overflow the stack on hostile input). */
const deepestLevel = 16;
/** Entries kept per array and per object in `other` records. */
const mostEntries = 100;

/** A copy of a value cut to a bounded depth and width, so the recursion stays shallow whatever the input. */
function bounded(value: unknown, level = 0): unknown {
	if (typeof value !== 'object' || value === null) return value;
	if (level >= deepestLevel) return '[nested too deep]';
	if (Array.isArray(value)) return value.slice(0, mostEntries).map((entry) => bounded(entry, level + 1));
	return Object.fromEntries(
		Object.entries(value)
			.slice(0, mostEntries)
			.map(([key, entry]) => [key, bounded(entry, level + 1)]),
	);
}

/** Evidence of other types, deduplicated by content (the same evidence repeated across an incident's alerts). */
class OtherList {
	readonly records: IDataObject[] = [];
	private readonly seen = new Set<string>();

	add(evidence: IDataObject): void {
		if (this.records.length >= mostRecords) return;
		const copy = bounded(evidence) as IDataObject;
		const content = JSON.stringify(copy);
		if (this.seen.has(content)) return;
		this.seen.add(content);
		this.records.push(copy);
	}
}

class EntityCollector {
	readonly devices = new EntityList<DeviceEntity>((device) => ({
		ids: [
			['mde', device.mdeDeviceId],
			['entra', device.azureAdDeviceId],
		],
		name: device.deviceDnsName ?? device.hostName,
	}));
	readonly users = new EntityList<UserEntity>((user) => ({
		ids: [
			['sid', user.userSid],
			['entra', user.azureAdUserId],
			['upn', user.userPrincipalName],
		],
		name: user.accountName && `${user.domainName ?? ''}\\${user.accountName}`,
	}));
	readonly ips = new EntityList<IpEntity>((ip) => ({ ids: [['ip', ip.ipAddress]] }));
	readonly urls = new EntityList<UrlEntity>((url) => ({ ids: [['url', url.url]] }));
	readonly domains = new EntityList<DomainEntity>((domain) => ({ ids: [['domain', domain.domainName]] }));
	readonly files = new EntityList<FileEntity>((file) => ({
		ids: [
			['sha256', file.sha256],
			['sha1', file.sha1],
			['md5', file.md5],
		],
		// Without a hash, the same path on the same device is the same file.
		name: file.fileName && `${file.mdeDeviceId ?? ''}:${file.filePath ?? ''}\\${file.fileName}`,
	}));
	readonly processes = new EntityList<ProcessEntity>((running) => ({
		ids: [
			[
				'process',
				running.processId === null && running.processCommandLine === null
					? null
					: `${running.mdeDeviceId ?? ''}:${running.processId ?? ''}:${running.processCreationDateTime ?? ''}:${running.processCommandLine ?? ''}`,
			],
		],
	}));
	readonly mailboxes = new EntityList<MailboxEntity>((mailbox) => ({
		ids: [
			['address', mailbox.primaryAddress],
			['upn', mailbox.userPrincipalName],
		],
	}));
	readonly cloudApps = new EntityList<CloudAppEntity>((app) => ({
		ids: [
			['app', app.appId && `${app.applicationKind}:${app.appId}`],
			['object', app.objectId && `${app.applicationKind}:${app.objectId}`],
		],
		name: app.displayName && `${app.applicationKind}:${app.displayName}`,
	}));
	readonly other = new OtherList();

	result(): AlertEntities {
		return {
			devices: this.devices.records,
			users: this.users.records,
			ips: this.ips.records,
			urls: this.urls.records,
			domains: this.domains.records,
			files: this.files.records,
			processes: this.processes.records,
			mailboxes: this.mailboxes.records,
			cloudApps: this.cloudApps.records,
			other: this.other.records,
		};
	}
}

// Graph evidence. Each reader lists what it can and says whether the evidence itself found a home; nested
// evidence objects carry no `@odata.type` when they are of the declared type, so the readers know their types.

const verdictOf = (evidence: IDataObject): EvidenceVerdict | null => identifier(evidence.verdict);

function addDevice(collector: EntityCollector, evidence: IDataObject | undefined): boolean {
	if (!evidence) return false;
	return collector.devices.add({
		mdeDeviceId: identifier(evidence.mdeDeviceId),
		azureAdDeviceId: identifier(evidence.azureAdDeviceId),
		deviceDnsName: identifier(evidence.deviceDnsName),
		hostName: identifier(evidence.hostName),
		osPlatform: identifier(evidence.osPlatform),
		verdict: verdictOf(evidence),
	});
}

/** A `userAccount` complex value, with the verdict of the evidence that holds it. */
function addUserAccount(collector: EntityCollector, account: IDataObject | undefined, verdict: EvidenceVerdict | null): boolean {
	if (!account) return false;
	return collector.users.add({
		userPrincipalName: identifier(account.userPrincipalName),
		accountName: identifier(account.accountName),
		domainName: identifier(account.domainName),
		userSid: identifier(account.userSid),
		azureAdUserId: identifier(account.azureAdUserId),
		displayName: identifier(account.displayName),
		verdict,
	});
}

function addUser(collector: EntityCollector, evidence: IDataObject | undefined): boolean {
	return evidence ? addUserAccount(collector, recordOf(evidence.userAccount), verdictOf(evidence)) : false;
}

function addIp(collector: EntityCollector, evidence: IDataObject | undefined): boolean {
	if (!evidence) return false;
	return collector.ips.add({
		ipAddress: identifier(evidence.ipAddress),
		countryLetterCode: identifier(evidence.countryLetterCode),
		verdict: verdictOf(evidence),
	});
}

/** An address given as plain text (a sender IP, a resolved address), with the verdict of its evidence. */
function addIpAddress(collector: EntityCollector, address: unknown, verdict: EvidenceVerdict | null): boolean {
	return collector.ips.add({ ipAddress: identifier(address), countryLetterCode: null, verdict });
}

function addUrl(collector: EntityCollector, address: unknown, verdict: EvidenceVerdict | null): boolean {
	return collector.urls.add({ url: identifier(address), verdict });
}

/** A `fileDetails` complex value (a file's or a process image's). */
function addFileDetails(
	collector: EntityCollector,
	details: IDataObject | undefined,
	mdeDeviceId: string | null,
	verdict: EvidenceVerdict | null,
): boolean {
	if (!details) return false;
	return collector.files.add({
		sha1: identifier(details.sha1),
		sha256: identifier(details.sha256),
		md5: identifier(details.md5),
		fileName: identifier(details.fileName),
		filePath: identifier(details.filePath),
		mdeDeviceId,
		verdict,
	});
}

function addFile(collector: EntityCollector, evidence: IDataObject): boolean {
	return addFileDetails(collector, recordOf(evidence.fileDetails), identifier(evidence.mdeDeviceId), verdictOf(evidence));
}

/** A hash given as algorithm and value (`fileHashEvidence`, a blob's `fileHashes`). */
function addFileHash(collector: EntityCollector, hash: IDataObject, verdict: EvidenceVerdict | null): boolean {
	const algorithm = identifier(hash.algorithm)?.toLowerCase();
	const value = identifier(hash.value);
	const hashes = { sha1: null, sha256: null, md5: null } as Pick<FileEntity, 'sha1' | 'sha256' | 'md5'>;
	if (algorithm === 'sha1' || algorithm === 'sha256' || algorithm === 'md5') hashes[algorithm] = value;
	return collector.files.add({ ...hashes, fileName: null, filePath: null, mdeDeviceId: null, verdict });
}

function addProcess(collector: EntityCollector, evidence: IDataObject): boolean {
	const image = recordOf(evidence.imageFile) ?? {};
	const mdeDeviceId = identifier(evidence.mdeDeviceId);
	const verdict = verdictOf(evidence);
	// The image's hashes are what a next node blocks, so the image is listed with the files as well.
	addFileDetails(collector, recordOf(evidence.imageFile), mdeDeviceId, verdict);
	return collector.processes.add({
		processId: wholeNumber(evidence.processId),
		processCommandLine: identifier(evidence.processCommandLine),
		processCreationDateTime: identifier(evidence.processCreationDateTime),
		parentProcessId: wholeNumber(evidence.parentProcessId),
		mdeDeviceId,
		fileName: identifier(image.fileName),
		filePath: identifier(image.filePath),
		sha1: identifier(image.sha1),
		sha256: identifier(image.sha256),
		verdict,
	});
}

function addMailbox(
	collector: EntityCollector,
	primaryAddress: unknown,
	userPrincipalName: unknown,
	displayName: unknown,
	verdict: EvidenceVerdict | null,
): boolean {
	return collector.mailboxes.add({
		primaryAddress: identifier(primaryAddress),
		userPrincipalName: identifier(userPrincipalName),
		displayName: identifier(displayName),
		verdict,
	});
}

function addCloudApp(
	collector: EntityCollector,
	applicationKind: CloudAppEntity['applicationKind'],
	appId: unknown,
	objectId: unknown,
	displayName: unknown,
	verdict: EvidenceVerdict | null,
): boolean {
	return collector.cloudApps.add({
		applicationKind,
		appId: identifier(appId),
		objectId: identifier(objectId),
		displayName: identifier(displayName),
		verdict,
	});
}

/**
 * Readers by evidence type (the name after `#microsoft.graph.security.`). A reader returns true when the evidence
 * is listed under its own kind; otherwise the evidence goes to `other`, after its nested evidence was listed.
 */
const graphReaders: Record<string, (collector: EntityCollector, evidence: IDataObject) => boolean> = {
	deviceEvidence: addDevice,
	userEvidence: addUser,
	ipEvidence: addIp,
	urlEvidence: (collector, evidence) => addUrl(collector, evidence.url, verdictOf(evidence)),
	dnsEvidence: (collector, evidence) => {
		for (const address of recordsOf(evidence.ipAddresses)) addIp(collector, address);
		return collector.domains.add({ domainName: identifier(evidence.domainName), verdict: verdictOf(evidence) });
	},
	fileEvidence: addFile,
	fileHashEvidence: (collector, evidence) => addFileHash(collector, evidence, verdictOf(evidence)),
	processEvidence: addProcess,
	mailboxEvidence: (collector, evidence) =>
		addMailbox(collector, evidence.primaryAddress, evidence.upn, evidence.displayName, verdictOf(evidence)),
	cloudApplicationEvidence: (collector, evidence) =>
		addCloudApp(collector, 'cloudApplication', evidence.appId, null, evidence.displayName, verdictOf(evidence)),
	oauthApplicationEvidence: (collector, evidence) =>
		addCloudApp(collector, 'oauthApplication', evidence.appId, evidence.objectId, evidence.displayName, verdictOf(evidence)),
	servicePrincipalEvidence: (collector, evidence) =>
		addCloudApp(
			collector,
			'servicePrincipal',
			evidence.appId,
			evidence.servicePrincipalObjectId,
			evidence.servicePrincipalName,
			verdictOf(evidence),
		),
	// Evidence of other kinds that holds evidence of these kinds: the nested evidence is listed, the rest is `other`.
	hostLogonSessionEvidence: (collector, evidence) => {
		addUser(collector, recordOf(evidence.account));
		addDevice(collector, recordOf(evidence.host));
		return false;
	},
	cloudLogonSessionEvidence: (collector, evidence) => {
		addUser(collector, recordOf(evidence.account));
		return false;
	},
	networkConnectionEvidence: (collector, evidence) => {
		addIp(collector, recordOf(evidence.sourceAddress));
		addIp(collector, recordOf(evidence.destinationAddress));
		return false;
	},
	nicEvidence: (collector, evidence) => {
		addIp(collector, recordOf(evidence.ipAddress));
		return false;
	},
	ioTDeviceEvidence: (collector, evidence) => {
		addIp(collector, recordOf(evidence.ipAddress));
		for (const nic of recordsOf(evidence.nics)) addIp(collector, recordOf(nic.ipAddress));
		return false;
	},
	kubernetesPodEvidence: (collector, evidence) => {
		addIp(collector, recordOf(evidence.podIp));
		return false;
	},
	kubernetesServiceEvidence: (collector, evidence) => {
		addIp(collector, recordOf(evidence.clusterIP));
		for (const address of recordsOf(evidence.externalIPs)) addIp(collector, address);
		return false;
	},
	malwareEvidence: (collector, evidence) => {
		for (const file of recordsOf(evidence.files)) addFile(collector, file);
		for (const process of recordsOf(evidence.processes)) addProcess(collector, process);
		return false;
	},
	blobEvidence: (collector, evidence) => {
		for (const hash of recordsOf(evidence.fileHashes)) addFileHash(collector, hash, verdictOf(evidence));
		return false;
	},
	analyzedMessageEvidence: (collector, evidence) => {
		const verdict = verdictOf(evidence);
		addIpAddress(collector, evidence.senderIp, verdict);
		if (Array.isArray(evidence.urls)) for (const address of evidence.urls) addUrl(collector, address, verdict);
		addMailbox(collector, evidence.recipientEmailAddress, null, null, verdict);
		return false;
	},
	submissionMailEvidence: (collector, evidence) => {
		addIpAddress(collector, evidence.senderIp, verdictOf(evidence));
		return false;
	},
	teamsMessageEvidence: (collector, evidence) => {
		addIpAddress(collector, evidence.senderIP, verdictOf(evidence));
		for (const url of recordsOf(evidence.urls)) addUrl(collector, url.url, verdictOf(url));
		for (const file of recordsOf(evidence.files)) addFile(collector, file);
		return false;
	},
	mailboxConfigurationEvidence: (collector, evidence) => {
		addMailbox(collector, evidence.mailboxPrimaryAddress, evidence.upn, null, verdictOf(evidence));
		return false;
	},
};

/** `#microsoft.graph.security.ipEvidence` (with or without `#`) as `ipEvidence`. */
function evidenceTypeName(evidence: IDataObject): string {
	const type = identifier(evidence['@odata.type']) ?? '';
	return type.replace(/^#?microsoft\.graph\.security\./, '');
}

function readGraphEvidence(collector: EntityCollector, evidence: IDataObject): void {
	const typeName = evidenceTypeName(evidence);
	const reader = Object.prototype.hasOwnProperty.call(graphReaders, typeName) ? graphReaders[typeName] : undefined;
	if (!reader?.(collector, evidence)) collector.other.add(evidence);
}

// The legacy API: `devices[]` (device format) and `entities[]` (one flat shape, `entityType` says which fields
// are filled). Its documentation names the device ID `DeviceId`; its samples send `mdatpDeviceId`.

function readLegacyDevice(collector: EntityCollector, device: IDataObject): void {
	collector.devices.add({
		mdeDeviceId: identifier(device.mdatpDeviceId ?? device.deviceId ?? device.DeviceId),
		azureAdDeviceId: identifier(device.aadDeviceId),
		deviceDnsName: identifier(device.deviceDnsName),
		hostName: null,
		osPlatform: identifier(device.osPlatform),
		verdict: null,
	});
}

const legacyReaders: Record<string, (collector: EntityCollector, entity: IDataObject) => boolean> = {
	user: (collector, entity) =>
		collector.users.add({
			userPrincipalName: identifier(entity.userPrincipalName),
			accountName: identifier(entity.accountName),
			domainName: identifier(entity.domainName),
			userSid: identifier(entity.userSid),
			azureAdUserId: identifier(entity.aadUserId),
			displayName: null,
			verdict: null,
		}),
	ip: (collector, entity) => addIpAddress(collector, entity.ipAddress, null),
	url: (collector, entity) => addUrl(collector, entity.url, null),
	file: (collector, entity) => addFileDetails(collector, entity, identifier(entity.deviceId), null),
	process: (collector, entity) => {
		addFileDetails(collector, entity, identifier(entity.deviceId), null);
		return collector.processes.add({
			processId: wholeNumber(entity.processId),
			processCommandLine: identifier(entity.processCommandLine),
			processCreationDateTime: identifier(entity.processCreationTime),
			parentProcessId: wholeNumber(entity.parentProcessId),
			mdeDeviceId: identifier(entity.deviceId),
			fileName: identifier(entity.fileName),
			filePath: identifier(entity.filePath),
			sha1: identifier(entity.sha1),
			sha256: identifier(entity.sha256),
			verdict: null,
		});
	},
	mailbox: (collector, entity) =>
		addMailbox(collector, entity.mailboxAddress, entity.userPrincipalName, entity.mailboxDisplayName, null),
};

/** A legacy entity for `other`: the fields it fills (the legacy shape sends every field, mostly null). */
function filledFields(entity: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(entity).filter(([, value]) => value !== null && value !== undefined)) as IDataObject;
}

function readLegacyEntity(collector: EntityCollector, entity: IDataObject): void {
	const type = (identifier(entity.entityType) ?? '').toLowerCase();
	const reader = Object.prototype.hasOwnProperty.call(legacyReaders, type) ? legacyReaders[type] : undefined;
	if (!reader?.(collector, entity)) collector.other.add(filledFields(entity));
}

/**
 * The entities of one or more alerts (an incident's alerts are aggregated into one set), from Graph's
 * `evidence[]` or the legacy `devices[]`/`entities[]`, whichever an alert carries.
 */
export function entitiesOfAlerts(alerts: readonly unknown[]): AlertEntities {
	const collector = new EntityCollector();
	for (const alert of alerts.map(recordOf)) {
		if (!alert) continue;
		for (const evidence of recordsOf(alert.evidence).slice(0, mostRecords)) readGraphEvidence(collector, evidence);
		for (const device of recordsOf(alert.devices).slice(0, mostRecords)) readLegacyDevice(collector, device);
		for (const entity of recordsOf(alert.entities).slice(0, mostRecords)) readLegacyEntity(collector, entity);
	}
	return collector.result();
}
