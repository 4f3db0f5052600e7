import type { IDataObject } from 'n8n-workflow';

/*
 * The entities of alerts as the node and the trigger output them (Entities option): small, deduplicated records a
 * next node can use (look up an IP, block a hash, isolate a device, disable a user). Defender's vocabulary only;
 * `api/evidence.ts` reads them from each API's evidence.
 */

/** Graph's evidence verdicts; the legacy API has none (null). */
export type EvidenceVerdict = 'unknown' | 'noThreatsFound' | 'suspicious' | 'malicious' | string;

export interface DeviceEntity {
	mdeDeviceId: string | null;
	azureAdDeviceId: string | null;
	deviceDnsName: string | null;
	hostName: string | null;
	osPlatform: string | null;
	verdict: EvidenceVerdict | null;
}

export interface UserEntity {
	userPrincipalName: string | null;
	accountName: string | null;
	domainName: string | null;
	userSid: string | null;
	azureAdUserId: string | null;
	displayName: string | null;
	verdict: EvidenceVerdict | null;
}

export interface IpEntity {
	ipAddress: string | null;
	countryLetterCode: string | null;
	verdict: EvidenceVerdict | null;
}

export interface UrlEntity {
	url: string | null;
	verdict: EvidenceVerdict | null;
}

export interface DomainEntity {
	domainName: string | null;
	verdict: EvidenceVerdict | null;
}

export interface FileEntity {
	sha1: string | null;
	sha256: string | null;
	md5: string | null;
	fileName: string | null;
	filePath: string | null;
	mdeDeviceId: string | null;
	verdict: EvidenceVerdict | null;
}

export interface ProcessEntity {
	processId: number | null;
	processCommandLine: string | null;
	processCreationDateTime: string | null;
	parentProcessId: number | null;
	mdeDeviceId: string | null;
	fileName: string | null;
	filePath: string | null;
	sha1: string | null;
	sha256: string | null;
	verdict: EvidenceVerdict | null;
}

export interface MailboxEntity {
	primaryAddress: string | null;
	userPrincipalName: string | null;
	displayName: string | null;
	verdict: EvidenceVerdict | null;
}

/** Cloud apps (Defender for Cloud Apps), OAuth applications and service principals: what a next node can revoke. */
export interface CloudAppEntity {
	applicationKind: 'cloudApplication' | 'oauthApplication' | 'servicePrincipal';
	appId: string | null;
	objectId: string | null;
	displayName: string | null;
	verdict: EvidenceVerdict | null;
}

export interface AlertEntities {
	devices: DeviceEntity[];
	users: UserEntity[];
	ips: IpEntity[];
	urls: UrlEntity[];
	domains: DomainEntity[];
	files: FileEntity[];
	processes: ProcessEntity[];
	mailboxes: MailboxEntity[];
	cloudApps: CloudAppEntity[];
	/** Evidence of any other type, as Defender sent it (with `@odata.type`, or `entityType` on the legacy API). */
	other: IDataObject[];
}
