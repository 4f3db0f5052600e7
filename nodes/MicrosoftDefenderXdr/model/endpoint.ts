import type { INodePropertyOptions } from 'n8n-workflow';

import type { ReferenceKind } from './references';
import { domainNamePattern, guidPattern } from './values';

/*
 * The Microsoft Defender for Endpoint API's vocabulary (see the reference defender-endpoint-api.md): machine
 * actions and their statuses, isolation and scan types, indicators, and the checks that refuse bad input
 * before any request is sent. Pure: no requests, no n8n runtime.
 */

type TypedOption<Value extends string> = INodePropertyOptions & { value: Value };

export const machineActionTypes = [
	'RunAntiVirusScan',
	'Offboard',
	'LiveResponse',
	'CollectInvestigationPackage',
	'Isolate',
	'Unisolate',
	'StopAndQuarantineFile',
	'RestrictCodeExecution',
	'UnrestrictCodeExecution',
] as const;
export type MachineActionType = (typeof machineActionTypes)[number];

export const machineActionStatuses = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled'] as const;
export type MachineActionStatus = (typeof machineActionStatuses)[number];

/** Statuses an action never leaves. */
export const finalActionStatuses: readonly MachineActionStatus[] = ['Succeeded', 'Failed', 'TimeOut', 'Cancelled'];
/** Statuses in which Defender refuses a second action of the same type on the device. */
export const activeActionStatuses: readonly MachineActionStatus[] = ['Pending', 'InProgress'];

export function isFinalStatus(status: unknown): status is MachineActionStatus {
	return finalActionStatuses.includes(status as MachineActionStatus);
}

export const isolationTypes = ['Full', 'Selective', 'UnManagedDevice'] as const;
export type IsolationType = (typeof isolationTypes)[number];

export const isolationTypeOptions: Array<TypedOption<IsolationType>> = [
	{ name: 'Full', value: 'Full', description: 'Cut the managed device off the network except for Defender' },
	{ name: 'Selective', value: 'Selective', description: 'Let a limited set of apps (such as Outlook and Teams) keep their connection; Windows 10 1709 or newer' },
	{ name: 'Unmanaged Device', value: 'UnManagedDevice', description: 'Contain an unmanaged device from the network' },
];

export const scanTypes = ['Quick', 'Full'] as const;
export type ScanType = (typeof scanTypes)[number];

export const scanTypeOptions: Array<TypedOption<ScanType>> = [
	{ name: 'Full', value: 'Full', description: 'Every file on the device; can take hours' },
	{ name: 'Quick', value: 'Quick', description: 'The places malware usually lives' },
];

/** One device action: the path segment after `/machines/{id}/` and the action type Defender records. */
export interface DeviceActionDefinition {
	segment: string;
	type: MachineActionType;
	/** What the action does, for messages: "isolate the device". */
	phrase: string;
}

export const deviceActions = {
	isolate: { segment: 'isolate', type: 'Isolate', phrase: 'isolate the device' },
	releaseFromIsolation: { segment: 'unisolate', type: 'Unisolate', phrase: 'release the device from isolation' },
	runAntivirusScan: { segment: 'runAntiVirusScan', type: 'RunAntiVirusScan', phrase: 'run an antivirus scan' },
	restrictAppExecution: { segment: 'restrictCodeExecution', type: 'RestrictCodeExecution', phrase: 'restrict app execution' },
	removeAppRestriction: { segment: 'unrestrictCodeExecution', type: 'UnrestrictCodeExecution', phrase: 'remove the app restriction' },
	collectInvestigationPackage: { segment: 'collectInvestigationPackage', type: 'CollectInvestigationPackage', phrase: 'collect an investigation package' },
	stopAndQuarantineFile: { segment: 'StopAndQuarantineFile', type: 'StopAndQuarantineFile', phrase: 'stop and quarantine a file' },
} as const satisfies Record<string, DeviceActionDefinition>;
export type DeviceActionName = keyof typeof deviceActions;

/**
 * What makes a device action the same request: its type, its scope (isolation or scan type) and, for stop and
 * quarantine, its file. A pending action is this request only when all three match; any other pending action
 * is someone else's, which must never stand in for this one.
 */
export interface DeviceActionRequest {
	type: MachineActionType;
	scope?: string;
	sha1?: string;
}

export function deviceActionRequest(name: DeviceActionName, body: Record<string, unknown>): DeviceActionRequest {
	const scope = body.IsolationType ?? body.ScanType;
	return {
		type: deviceActions[name].type,
		scope: typeof scope === 'string' ? scope : undefined,
		sha1: typeof body.Sha1 === 'string' ? body.Sha1.toLowerCase() : undefined,
	};
}

function sameText(left: unknown, right: string | undefined): boolean {
	return right === undefined || (typeof left === 'string' && left.toLowerCase() === right.toLowerCase());
}

function fileIdentifierOf(action: Record<string, unknown>): unknown {
	const file = action.relatedFileInfo;
	return typeof file === 'object' && file !== null ? (file as Record<string, unknown>).fileIdentifier : undefined;
}

/** Whether an action Defender recorded is this request (type, scope and file all match). */
export function isSameRequest(action: Record<string, unknown>, request: DeviceActionRequest): boolean {
	const fileIdentifier = fileIdentifierOf(action);
	return action.type === request.type && sameText(action.scope, request.scope) && sameText(fileIdentifier, request.sha1);
}

/**
 * Whether an action Defender answered a request with is visibly another one: another type, or a scope or file it
 * states that differs. Looser than `isSameRequest`, so an answer that leaves its scope out is not mistaken for a
 * blocking action after it was created.
 */
export function contradictsRequest(action: Record<string, unknown>, request: DeviceActionRequest): boolean {
	const stated = (value: unknown, wanted: string | undefined) => value !== null && value !== undefined && !sameText(value, wanted);
	return action.type !== request.type || stated(action.scope, request.scope) || stated(fileIdentifierOf(action), request.sha1);
}

/** An action as messages name it: `Isolate (Selective)`, `StopAndQuarantineFile (file <sha1>)`. */
export function describeDeviceAction(action: Record<string, unknown>): string {
	const fileIdentifier = fileIdentifierOf(action);
	const detail = typeof action.scope === 'string' && action.scope ? action.scope : typeof fileIdentifier === 'string' ? `file ${fileIdentifier}` : undefined;
	return `${String(action.type)}${detail ? ` (${detail})` : ''}`;
}

export const indicatorTypes = ['FileSha1', 'FileMd5', 'CertificateThumbprint', 'FileSha256', 'IpAddress', 'DomainName', 'Url'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];

export const indicatorTypeOptions: Array<TypedOption<IndicatorType | 'automatic'>> = [
	{ name: 'Automatic (From the Value)', value: 'automatic', description: 'SHA-1, SHA-256 or MD5 by length, IP address, URL, or domain name' },
	{ name: 'Certificate Thumbprint', value: 'CertificateThumbprint' },
	{ name: 'Domain Name', value: 'DomainName' },
	{ name: 'File MD5', value: 'FileMd5' },
	{ name: 'File SHA-1', value: 'FileSha1' },
	{ name: 'File SHA-256', value: 'FileSha256' },
	{ name: 'IP Address', value: 'IpAddress' },
	{ name: 'URL', value: 'Url' },
];

export const indicatorActions = ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'] as const;
export type IndicatorAction = (typeof indicatorActions)[number];

/** The actions Microsoft supports today; Alert and AlertAndBlock are legacy (section 4.1). */
export const indicatorActionOptions: Array<TypedOption<IndicatorAction>> = [
	{ name: 'Allow', value: 'Allowed' },
	{ name: 'Audit', value: 'Audit', description: 'Generates an alert (Generate Alert is turned on for it)' },
	{ name: 'Block', value: 'Block', description: 'Block execution or the connection' },
	{ name: 'Block and Remediate', value: 'BlockAndRemediate', description: 'Files and certificates' },
	{ name: 'Warn', value: 'Warn', description: 'Defender for Cloud Apps only' },
];

export const indicatorSeverities = ['Informational', 'Low', 'Medium', 'High'] as const;
export type IndicatorSeverity = (typeof indicatorSeverities)[number];

export const indicatorSeverityOptions: Array<TypedOption<IndicatorSeverity>> = [...indicatorSeverities].sort().map((severity) => ({ name: severity, value: severity }));

/** A name-sorted option list of plain values, as n8n's linter wants. */
export function valueOptions<Value extends string>(values: readonly Value[]): Array<INodePropertyOptions & { value: Value }> {
	return [...values].sort().map((value) => ({ name: value, value }));
}

export const healthStatusOptions: Array<INodePropertyOptions & { value: string }> = [
	{ name: 'Active', value: 'Active' },
	{ name: 'Impaired Communication', value: 'ImpairedCommunication' },
	{ name: 'Inactive', value: 'Inactive' },
	{ name: 'No Sensor Data', value: 'NoSensorData' },
	{ name: 'No Sensor Data, Impaired Communication', value: 'NoSensorDataImpairedCommunication' },
	{ name: 'Unknown', value: 'Unknown' },
];

export const riskScoreOptions: Array<INodePropertyOptions & { value: string }> = ['High', 'Informational', 'Low', 'Medium', 'None'].map((value) => ({ name: value, value }));
export const exposureLevelOptions: Array<INodePropertyOptions & { value: string }> = ['High', 'Low', 'Medium', 'None'].map((value) => ({ name: value, value }));

/** Defender's largest page for machines, machine actions and indicators. */
export const endpointPageLimit = 10_000;
/** At most this many indicators per import request (section 4.5). */
export const indicatorBatchLimit = 500;
/** Active indicators a tenant may hold; Microsoft cannot raise it (section 4.1). */
export const tenantIndicatorLimit = 15_000;

const hexPattern = (length: number) => new RegExp(`^[0-9a-f]{${length}}$`, 'i');
const machineIdPattern = hexPattern(40);
const hashPatterns: Record<'FileSha1' | 'FileMd5' | 'FileSha256' | 'CertificateThumbprint', RegExp> = {
	FileSha1: hexPattern(40),
	FileMd5: hexPattern(32),
	FileSha256: hexPattern(64),
	CertificateThumbprint: hexPattern(40),
};

/** A Defender device ID: 40 hexadecimal characters (the DeviceId column of hunting tables). */
export function isMachineId(value: string): boolean {
	return machineIdPattern.test(value);
}

export function isSha1(value: string): boolean {
	return hashPatterns.FileSha1.test(value);
}

/** A machine action's ID is a GUID. */
export function isMachineActionId(value: string): boolean {
	return guidPattern.test(value);
}

function isIpv4(value: string): boolean {
	const parts = value.split('.');
	return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255 && (part === '0' || !part.startsWith('0')));
}

/** Defender wants IPv6 with all eight groups written out (section 4.1). */
function isFullIpv6(value: string): boolean {
	const groups = value.split(':');
	return groups.length === 8 && groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group));
}

/** IPv4 as a dotted quad or IPv6 with all eight groups; no ranges, no CIDR. */
export function isIpAddress(value: string): boolean {
	return isIpv4(value) || isFullIpv6(value);
}

export function isDomainName(value: string): boolean {
	return domainNamePattern.test(value) && !isIpv4(value);
}

/** An http(s) URL whose host is a domain or an IP address; the scheme may be left out, as in the portal. */
export function isIndicatorUrl(value: string): boolean {
	const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
	const candidate = hasScheme ? value : `http://${value}`;
	let url: URL;
	try {
		url = new URL(candidate);
	} catch {
		return false;
	}
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return ['http:', 'https:'].includes(url.protocol) && (domainNamePattern.test(host) || isIpAddress(host));
}

/**
 * The indicator type a value has: hashes by length (40 hex characters is a SHA-1; a certificate thumbprint has
 * the same shape, so it must be chosen explicitly), IP addresses, URLs (a scheme or a path), else domain names.
 */
export function detectIndicatorType(rawValue: string): IndicatorType | undefined {
	const value = rawValue.trim();
	if (hashPatterns.FileSha256.test(value)) return 'FileSha256';
	if (hashPatterns.FileSha1.test(value)) return 'FileSha1';
	if (hashPatterns.FileMd5.test(value)) return 'FileMd5';
	if (isIpAddress(value)) return 'IpAddress';
	// A CIDR range looks like an IP with a path, but Defender supports no ranges (section 4.1).
	if (/^[0-9a-f.:]+\/\d{1,3}$/i.test(value)) return undefined;
	if ((/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/')) && isIndicatorUrl(value)) return 'Url';
	if (isDomainName(value)) return 'DomainName';
	return undefined;
}

const typeNames: Record<IndicatorType, string> = {
	FileSha1: 'a SHA-1 hash (40 hexadecimal characters)',
	FileMd5: 'an MD5 hash (32 hexadecimal characters)',
	FileSha256: 'a SHA-256 hash (64 hexadecimal characters)',
	CertificateThumbprint: 'a certificate thumbprint (40 hexadecimal characters)',
	IpAddress: 'an IP address (IPv4 as a.b.c.d, IPv6 with all eight groups; no ranges or CIDR)',
	DomainName: 'a domain name such as evil.example',
	Url: 'an http or https URL such as https://evil.example/path',
};

/** IPv4 ranges that are not on the internet (RFC 6890), as [first octets, prefix length, kind]. */
const internalIpv4Ranges: Array<[number[], number, string]> = [
	[[0], 8, 'an unspecified'],
	[[10], 8, 'a private'],
	[[100, 64], 10, 'a shared (carrier-grade NAT)'],
	[[127], 8, 'a loopback'],
	[[169, 254], 16, 'a link-local'],
	[[172, 16], 12, 'a private'],
	[[192, 0, 0], 24, 'a reserved'],
	[[192, 168], 16, 'a private'],
	[[198, 18], 15, 'a reserved (benchmarking)'],
	[[224], 4, 'a multicast'],
	[[240], 4, 'a reserved'],
];

function ipv4Number(octets: number[]): number {
	return octets.reduce((total, octet) => total * 256 + octet, 0);
}

/** What kind of internal address an IP address is ("a private"), or undefined for an external one. */
export function internalAddressKind(value: string): string | undefined {
	if (isIpv4(value)) {
		const address = ipv4Number(value.split('.').map(Number));
		const range = internalIpv4Ranges.find(([start, prefix]) => {
			const size = 2 ** (32 - prefix);
			const base = ipv4Number([...start, 0, 0, 0, 0].slice(0, 4));
			return address >= base && address < base + size;
		});
		return range?.[2];
	}
	if (!isFullIpv6(value)) return undefined;
	const groups = value.split(':').map((group) => parseInt(group, 16));
	const first = groups[0];
	if (groups.slice(0, 7).every((group) => group === 0) && groups[7] <= 1) return groups[7] === 0 ? 'an unspecified' : 'a loopback';
	if ((first & 0xfe00) === 0xfc00) return 'a unique local (private)';
	if ((first & 0xffc0) === 0xfe80) return 'a link-local';
	if ((first & 0xff00) === 0xff00) return 'a multicast';
	// IPv4 written as IPv6 (::ffff:a.b.c.d in hexadecimal) is judged as the IPv4 address.
	if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
		return internalAddressKind([groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.'));
	}
	return undefined;
}

/** Why a value does not fit its indicator type, as a sentence; undefined when it fits. */
export function indicatorValueProblem(type: IndicatorType, value: string): string | undefined {
	const fits =
		type === 'IpAddress' ? isIpAddress(value) : type === 'DomainName' ? isDomainName(value) : type === 'Url' ? isIndicatorUrl(value) : hashPatterns[type].test(value);
	if (!fits) return `"${value}" is not ${typeNames[type]}`;
	const internal = type === 'IpAddress' ? internalAddressKind(value) : undefined;
	// Microsoft allows only external IP addresses as indicators (indicator-ip-domain.md).
	return internal ? `"${value}" is ${internal} address; Defender takes only external (public) IP addresses as indicators` : undefined;
}

/** What the actions allow per indicator kind in Defender's portal (section 4.1). */
export function indicatorActionProblem(type: IndicatorType, action: IndicatorAction): string | undefined {
	if (type === 'CertificateThumbprint' && !['Allowed', 'BlockAndRemediate', 'Alert', 'AlertAndBlock'].includes(action)) {
		return `Certificates allow only Allow or Block and Remediate, not ${action}`;
	}
	if (['IpAddress', 'DomainName', 'Url'].includes(type) && action === 'BlockAndRemediate') {
		return 'Block and Remediate applies to files and certificates; use Block for IP addresses, URLs and domains';
	}
	return undefined;
}

/**
 * Defender answers a second action of the same type while one is pending with HTTP 400 "Action is already in
 * progress" (documented); third-party clients also see the code ActiveRequestAlreadyExists (unconfirmed).
 */
export function isAlreadyInProgress(code: string | undefined, message: string | undefined): boolean {
	return code === 'ActiveRequestAlreadyExists' || /already in progress/i.test(message ?? '');
}

/** The investigation package link; Microsoft's documented answer wraps it in quotes inside the string. */
export function unquotedLink(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/** A device as users give it: its 40-hex ID, or its portal page `https://security.microsoft.com/machines/<id>`. */
export const deviceReference: ReferenceKind = {
	noun: 'device',
	idPattern: '[0-9a-fA-F]{40}',
	idExample: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	portalPaths: ['machines'],
	linkExample: 'https://security.microsoft.com/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
};
