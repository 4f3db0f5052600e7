import { BlockList, isIP } from 'node:net';

import { defenderTimestamp } from '../clock.cjs';
import type { Caller } from '../http.cjs';
import { ApiRefusal } from '../store.cjs';

/**
 * Indicators of compromise (defender-endpoint-api.md section 4): submit or update, list, delete, batch import
 * and batch delete, with the documented limits (15,000 active per tenant, 500 per import or batch delete).
 */

export const indicatorTypes = ['FileSha1', 'FileMd5', 'CertificateThumbprint', 'FileSha256', 'IpAddress', 'DomainName', 'Url'] as const;
export const indicatorActions = ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'] as const;
export const indicatorSeverities = ['Informational', 'Low', 'Medium', 'High'] as const;

export const tenantIndicatorLimit = 15_000;
export const batchLimit = 500;

export interface StoredIndicator {
	id: string;
	indicatorValue: string;
	indicatorType: string;
	action: string;
	title: string;
	description: string;
	application: string | null;
	severity: string;
	recommendedActions: string | null;
	expirationTime: Date | null;
	generateAlert: boolean;
	rbacGroupNames: string[];
	educateUrl: string | null;
	createdBy: string;
	createdByDisplayName: string;
	sourceType: 'User' | 'AadApp';
	createdAt: Date;
	updatedAt: Date;
	lastUpdatedBy: string;
}

const hashLengths: Record<string, number> = { FileSha1: 40, FileMd5: 32, FileSha256: 64, CertificateThumbprint: 40 };
const domainPattern = /^(?=.{1,253}$)(?!-)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** IPv4 as a dotted quad, IPv6 with all eight groups; no ranges, no CIDR (section 4.1). */
function validIpAddress(value: string): boolean {
	if (value.includes('/')) return false;
	if (isIP(value) === 4) return /^(\d{1,3}\.){3}\d{1,3}$/.test(value);
	return isIP(value) === 6 && !value.includes('::') && value.split(':').length === 8;
}

/** Addresses that are not on the internet; Microsoft allows only external IPs as indicators (indicator-ip-domain.md). */
const internalAddresses = new BlockList();
for (const [network, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
	internalAddresses.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) internalAddresses.addSubnet(network, prefix, 'ipv6');

function isInternalAddress(value: string): boolean {
	const mapped = /^0{1,4}(:0{1,4}){4}:ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(value);
	if (mapped) {
		const [high, low] = [parseInt(mapped[2], 16), parseInt(mapped[3], 16)];
		return internalAddresses.check([high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'), 'ipv4');
	}
	return internalAddresses.check(value, isIP(value) === 6 ? 'ipv6' : 'ipv4');
}

function validUrl(value: string): boolean {
	const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
	if (!URL.canParse(candidate)) return false;
	const url = new URL(candidate);
	return ['http:', 'https:'].includes(url.protocol) && (domainPattern.test(url.hostname) || validIpAddress(url.hostname));
}

/** The value checked for its type, with the error code Microsoft documents for each kind (section 4.7). */
function checkValue(type: string, value: string): void {
	if (type in hashLengths) {
		if (!new RegExp(`^[0-9a-f]{${hashLengths[type]}}$`, 'i').test(value)) throw new ApiRefusal(400, 'InvalidHashValue', `Invalid hash value '${value}' for indicator type ${type}.`);
	} else if (type === 'IpAddress') {
		if (!validIpAddress(value)) throw new ApiRefusal(400, 'InvalidIpAddress', `Invalid IP address '${value}'.`);
		// The code and wording of this refusal are UNCONFIRMED; the rule is documented.
		if (isInternalAddress(value)) throw new ApiRefusal(400, 'InvalidIpAddress', `Invalid IP address '${value}': only external IP addresses can be indicators.`);
	} else if (type === 'DomainName') {
		if (!domainPattern.test(value)) throw new ApiRefusal(400, 'InvalidDomainName', `Invalid domain name '${value}'.`);
	} else if (!validUrl(value)) {
		throw new ApiRefusal(400, 'InvalidUrl', `Invalid URL '${value}'.`);
	}
}

function requiredString(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (value === undefined || value === null || value === '') throw new ApiRefusal(400, 'MissingRequiredParameter', `Missing required parameter '${field}'.`);
	if (typeof value !== 'string') throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
	return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
	const value = body[field];
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect');
	return value;
}

function member(body: Record<string, unknown>, field: string, members: readonly string[], required: boolean): string | null {
	const value = required ? requiredString(body, field) : optionalString(body, field);
	if (value !== null && !members.includes(value)) throw new ApiRefusal(400, 'InvalidRequestBody', `Request body is incorrect: '${value}' is not a valid ${field}.`);
	return value;
}

/** The body of a submit (or one entry of an import), checked as Microsoft documents it; keys are case-sensitive. */
export function readIndicator(body: Record<string, unknown>, now: Date): Omit<StoredIndicator, 'id' | 'createdBy' | 'createdByDisplayName' | 'sourceType' | 'createdAt' | 'updatedAt' | 'lastUpdatedBy'> {
	const indicatorValue = requiredString(body, 'indicatorValue').trim();
	const indicatorType = member(body, 'indicatorType', indicatorTypes, true)!;
	checkValue(indicatorType, indicatorValue);
	const action = member(body, 'action', indicatorActions, true)!;
	const title = requiredString(body, 'title');
	const description = requiredString(body, 'description');
	const severity = member(body, 'severity', indicatorSeverities, false) ?? 'Informational';
	const expirationText = optionalString(body, 'expirationTime');
	let expirationTime: Date | null = null;
	if (expirationText !== null) {
		if (!/^\d{4}-\d{2}-\d{2}T/.test(expirationText) || Number.isNaN(Date.parse(expirationText))) throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect: expirationTime is not a date and time.');
		expirationTime = new Date(expirationText);
		if (expirationTime.getTime() <= now.getTime()) throw new ApiRefusal(400, 'InvalidInput', 'The expiration time must be in the future.');
	}
	const generateAlert = body.generateAlert;
	if (generateAlert !== undefined && typeof generateAlert !== 'boolean') throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect: generateAlert must be a Boolean.');
	if (action === 'Audit' && generateAlert !== true) throw new ApiRefusal(400, 'InvalidInput', 'generateAlert must be true for the action Audit.');
	const groups = body.rbacGroupNames;
	if (groups !== undefined && groups !== null && (!Array.isArray(groups) || groups.some((group) => typeof group !== 'string'))) {
		throw new ApiRefusal(400, 'InvalidRequestBody', 'Request body is incorrect: rbacGroupNames must be an array of strings.');
	}
	return {
		indicatorValue,
		indicatorType,
		action,
		title,
		description,
		application: optionalString(body, 'application'),
		severity,
		recommendedActions: optionalString(body, 'recommendedActions'),
		expirationTime,
		generateAlert: generateAlert === true,
		rbacGroupNames: (groups as string[] | undefined | null) ?? [],
		educateUrl: optionalString(body, 'educateUrl'),
	};
}

function keyOf(indicator: { indicatorType: string; indicatorValue: string }): string {
	return `${indicator.indicatorType}|${indicator.indicatorValue.toLowerCase()}`;
}

export class IndicatorStore {
	private indicators = new Map<string, StoredIndicator>();

	/** ID by type and value, the (UNCONFIRMED) key a submit updates by. */
	private idByKey = new Map<string, string>();

	private nextId = 1000;

	constructor(private readonly now: () => Date) {}

	reset(): void {
		this.indicators.clear();
		this.idByKey.clear();
		this.nextId = 1000;
	}

	/** Active means not expired: only those count against the tenant's 15,000. */
	activeCount(): number {
		const now = this.now().getTime();
		return [...this.indicators.values()].filter((indicator) => indicator.expirationTime === null || indicator.expirationTime.getTime() > now).length;
	}

	/** The indicators the caller may see: an app with Ti.ReadWrite (not .All) sees only its own (section 4.3). */
	visibleTo(caller: Caller): StoredIndicator[] {
		const all = this.all();
		if (caller.kind === 'application' && !caller.permissions.includes('Ti.ReadWrite.All')) return all.filter((indicator) => indicator.createdBy === caller.clientId);
		return all;
	}

	all(): StoredIndicator[] {
		return [...this.indicators.values()];
	}

	find(id: string): StoredIndicator | undefined {
		return this.indicators.get(id);
	}

	delete(id: string): boolean {
		const indicator = this.indicators.get(id);
		if (indicator) this.idByKey.delete(keyOf(indicator));
		return this.indicators.delete(id);
	}

	/** Submit or update: the same type and value update the existing indicator, which keeps its ID (the key is UNCONFIRMED). */
	upsert(body: Record<string, unknown>, caller: Caller): StoredIndicator {
		const now = this.now();
		const fields = readIndicator(body, now);
		const existingId = this.idByKey.get(keyOf(fields));
		const existing = existingId === undefined ? undefined : this.indicators.get(existingId);
		const author = caller.kind === 'application' ? caller.clientId : caller.displayName;
		if (existing) {
			// The application name applies only to new indicators (section 4.1).
			Object.assign(existing, { ...fields, application: existing.application, updatedAt: now, lastUpdatedBy: author });
			return existing;
		}
		// Counting the active ones is needed only once there are as many indicators as the limit.
		if (this.indicators.size >= tenantIndicatorLimit && this.activeCount() >= tenantIndicatorLimit) {
			throw new ApiRefusal(400, 'BadRequest', `The tenant has reached the maximum of ${tenantIndicatorLimit} active indicators.`);
		}
		const indicator: StoredIndicator = {
			...fields,
			id: String(this.nextId++),
			createdBy: author,
			createdByDisplayName: caller.kind === 'application' ? `API-App:${caller.clientId}` : caller.displayName,
			sourceType: caller.kind === 'application' ? 'AadApp' : 'User',
			createdAt: now,
			updatedAt: now,
			lastUpdatedBy: author,
		};
		this.indicators.set(indicator.id, indicator);
		this.idByKey.set(keyOf(indicator), indicator.id);
		return indicator;
	}

	/** The Indicator entity (section 4.2). */
	entity(indicator: StoredIndicator): Record<string, unknown> {
		return {
			id: indicator.id,
			indicatorValue: indicator.indicatorValue,
			indicatorType: indicator.indicatorType,
			action: indicator.action,
			application: indicator.application,
			source: indicator.createdByDisplayName,
			sourceType: indicator.sourceType,
			createdBy: indicator.createdBy,
			createdByDisplayName: indicator.createdByDisplayName,
			createdBySource: 'PublicApi',
			severity: indicator.severity,
			title: indicator.title,
			description: indicator.description,
			recommendedActions: indicator.recommendedActions,
			creationTimeDateTimeUtc: defenderTimestamp(indicator.createdAt),
			expirationTime: indicator.expirationTime ? defenderTimestamp(indicator.expirationTime) : null,
			lastUpdateTime: defenderTimestamp(indicator.updatedAt),
			lastUpdatedBy: indicator.lastUpdatedBy,
			rbacGroupNames: [...indicator.rbacGroupNames],
			rbacGroupIds: [],
			generateAlert: indicator.generateAlert,
			educateUrl: indicator.educateUrl,
			externalID: null,
		};
	}
}
