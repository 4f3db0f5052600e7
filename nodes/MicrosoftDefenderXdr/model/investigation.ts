import { isDomainName, isIndicatorUrl, isIpAddress, isMachineId } from './endpoint';
import { kqlString, kqlStringList } from './kql';
import { quotedForMessage, textOf } from './values';

/*
 * The investigation templates: fixed advanced hunting queries over Defender's tables that answer an analyst's
 * usual questions about an entity. A value is checked by its kind before any request and enters the query only
 * as a KQL string literal (kql.ts); values of many items share one query, and each result row goes back to the
 * items whose value it answers. Pure: no requests.
 */

/** What a template's value names. */
export type EntityKind = 'file' | 'address' | 'device' | 'user';

/** How a row is matched to a value: the column equals it, its host is the domain or below it, or it is the URL. */
type MatchForm = 'exact' | 'domain' | 'url';

/** A checked value and where to look for it. */
export interface EntityLookup {
	value: string;
	column: string;
	form: MatchForm;
}

export type LookupResult = EntityLookup | { problem: string };

export type TemplateName =
	| 'devicesWithFile'
	| 'devicesContactingAddress'
	| 'deviceSignIns'
	| 'deviceEvents'
	| 'deviceVulnerabilities'
	| 'alertsForEntity';

/** Defender stops a hunting result at this many rows (docs/api-contract.md, 2.6). */
const huntingRowCap = 100_000;
/** Values per query: enough to answer a batch of alerts in one request, small enough to read in a query log. */
export const maximumValuesPerQuery = 100;
/**
 * Microsoft documents no maximum query length for runHuntingQuery; a query with more than this many characters of
 * values is split, so no request depends on an undocumented limit.
 */
export const maximumValueCharactersPerQuery = 30_000;

const sha256 = /^[0-9a-f]{64}$/i;
const sha1 = /^[0-9a-f]{40}$/i;
const md5 = /^[0-9a-f]{32}$/i;
/** A user principal name: a mailbox-style local part (apostrophes included, as in o'brien) and a domain. */
const userPrincipalName = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([^@]+)$/;
/** A Windows security identifier, e.g. S-1-5-21-1004336348-1177238915-682003330-512. */
const securityIdentifier = /^S-1-\d{1,14}(?:-\d{1,10}){1,15}$/i;
const printableAscii = /^[\x21-\x7e]+$/;

export function isUserPrincipalName(value: string): boolean {
	const match = userPrincipalName.exec(value);
	return match !== null && isDomainName(match[1]);
}

export function isSecurityIdentifier(value: string): boolean {
	return securityIdentifier.test(value);
}

/** IPv4, or IPv6 in full or compressed form (hunting tables write what the device saw). */
function isHuntingIpAddress(value: string): boolean {
	if (isIpAddress(value)) return true;
	return /^[0-9a-f:.]+$/i.test(value) && value.includes(':') && URL.canParse(`http://[${value}]/`);
}

/** A URL as written in RemoteUrl: printable ASCII (a look-alike character is refused, not matched), http(s). */
function isHuntingUrl(value: string): boolean {
	return printableAscii.test(value) && isIndicatorUrl(value);
}

/** What each kind takes, for messages. */
const kindDescriptions: Record<EntityKind, string> = {
	file: 'a file hash: a SHA-256 (64 hexadecimal characters), a SHA-1 (40) or an MD5 (32)',
	address: 'an IP address (one address, no range), domain name or URL, e.g. 203.0.113.7, evil.example or https://evil.example/path (ASCII only: write an international domain in its xn-- form)',
	device: 'a Defender device ID: the 40 hexadecimal characters of DeviceId, e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	user: 'a user principal name or security identifier, e.g. zoe.muller@contoso.example or S-1-5-21-1004336348-1177238915-682003330-512',
};

function lookupOf(kind: EntityKind, value: string): EntityLookup | undefined {
	switch (kind) {
		case 'file':
			if (sha256.test(value)) return { value, column: 'SHA256', form: 'exact' };
			if (sha1.test(value)) return { value, column: 'SHA1', form: 'exact' };
			return md5.test(value) ? { value, column: 'MD5', form: 'exact' } : undefined;
		case 'address':
			if (isHuntingIpAddress(value)) return { value, column: 'RemoteIP', form: 'exact' };
			// A CIDR range has the shape of an IP address with a path; the templates compare single addresses.
			if (/^[0-9a-f.:]+\/\d{1,3}$/i.test(value)) return undefined;
			if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/')) return isHuntingUrl(value) ? { value, column: 'RemoteUrl', form: 'url' } : undefined;
			return isDomainName(value) ? { value, column: 'RemoteUrl', form: 'domain' } : undefined;
		case 'device':
			return isMachineId(value) ? { value, column: 'DeviceId', form: 'exact' } : undefined;
		case 'user':
			if (isUserPrincipalName(value)) return { value, column: 'AccountUpn', form: 'exact' };
			return isSecurityIdentifier(value) ? { value, column: 'AccountSid', form: 'exact' } : undefined;
	}
}

interface TemplateDefinition {
	kind: EntityKind;
	table: string;
	/** The columns of `table` a value may be looked up in; another column gets the reason from `refusals`. */
	columns: string[];
	refusals?: Record<string, string>;
	/** What follows the table and the value filter: the rows' shape and order, before the row cap. */
	shape: string[];
	/** An extra condition after the value filter. */
	condition?: string;
}

const seenSummary = (count: string) => [`FirstSeen = min(Timestamp)`, `LastSeen = max(Timestamp)`, `${count} = count()`];

const templates: Record<TemplateName, TemplateDefinition> = {
	devicesWithFile: {
		kind: 'file',
		table: 'DeviceFileEvents',
		columns: ['SHA256', 'SHA1', 'MD5'],
		shape: [`summarize ${[...seenSummary('Events'), 'FileNames = make_set(FileName)', 'FolderPaths = make_set(FolderPath)'].join(', ')} by {column}, DeviceId, DeviceName`, 'order by LastSeen desc'],
	},
	devicesContactingAddress: {
		kind: 'address',
		table: 'DeviceNetworkEvents',
		columns: ['RemoteIP', 'RemoteUrl'],
		shape: [`summarize ${[...seenSummary('Connections'), 'RemotePorts = make_set(RemotePort)', 'Processes = make_set(InitiatingProcessFileName)'].join(', ')} by {column}, DeviceId, DeviceName`, 'order by LastSeen desc'],
	},
	deviceSignIns: {
		kind: 'device',
		table: 'DeviceLogonEvents',
		columns: ['DeviceId'],
		condition: 'ActionType == "LogonSuccess"',
		shape: [`summarize FirstSignIn = min(Timestamp), LastSignIn = max(Timestamp), SignIns = count(), LogonTypes = make_set(LogonType) by DeviceId, DeviceName, AccountDomain, AccountName, AccountSid`, 'order by LastSignIn desc'],
	},
	deviceEvents: {
		kind: 'device',
		table: 'DeviceProcessEvents',
		columns: ['DeviceId'],
		shape: ['project Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, SHA256, ProcessCommandLine, AccountDomain, AccountName, InitiatingProcessFileName', 'order by Timestamp desc'],
	},
	deviceVulnerabilities: {
		kind: 'device',
		table: 'DeviceTvmSoftwareVulnerabilities',
		columns: ['DeviceId'],
		shape: ['project DeviceId, DeviceName, OSPlatform, SoftwareVendor, SoftwareName, SoftwareVersion, CveId, VulnerabilitySeverityLevel, RecommendedSecurityUpdate', 'order by DeviceId asc, CveId desc'],
	},
	alertsForEntity: {
		kind: 'device',
		table: 'AlertEvidence',
		columns: ['DeviceId', 'AccountUpn', 'AccountSid', 'SHA256', 'SHA1', 'RemoteIP', 'RemoteUrl'],
		refusals: { MD5: 'Alert evidence records SHA-256 and SHA-1 hashes, not MD5: give the file\'s SHA-256 or SHA-1' },
		shape: [`summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), EntityTypes = make_set(EntityType), EvidenceRoles = make_set(EvidenceRole) by AlertId, Title, ServiceSource, DetectionSource, {column}`, 'order by LastSeen desc'],
	},
};

export const templateTables: Record<TemplateName, string> = Object.fromEntries(
	Object.entries(templates).map(([name, template]) => [name, template.table]),
) as Record<TemplateName, string>;

/** Checks a value for a template; `kind` is the template's own kind unless it takes several (alerts). */
export function entityLookup(template: TemplateName, kind: EntityKind | undefined, rawValue: unknown): LookupResult {
	const value = textOf(rawValue).trim();
	const chosen = kind ?? templates[template].kind;
	if (value === '') return { problem: `No value was given: give ${kindDescriptions[chosen]}` };
	const lookup = lookupOf(chosen, value);
	if (lookup === undefined) return { problem: `${quotedForMessage(value)} is not ${kindDescriptions[chosen]}` };
	const refusal = templates[template].refusals?.[lookup.column];
	if (refusal !== undefined) return { problem: refusal };
	if (!templates[template].columns.includes(lookup.column)) return { problem: `${quotedForMessage(value)} cannot be looked up in ${templates[template].table}` };
	return lookup;
}

/** URL forms RemoteUrl may hold: as given, without its scheme (Defender often records host and path only), without a final slash. */
function urlForms(value: string): string[] {
	const withoutScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
	const forms = [value, withoutScheme].flatMap((form) => [form, form.replace(/\/+$/, '')]);
	return [...new Set(forms)];
}

function valueFilter(column: string, form: MatchForm, values: readonly string[]): string {
	if (form === 'domain') return values.map((value) => `${column} has ${kqlString(value)}`).join(' or ');
	return `${column} in~ ${kqlStringList(form === 'url' ? values.flatMap(urlForms) : values)}`;
}

/** The query for one batch of values of the same column and form; at most `rowCap` rows come back. */
export function templateQuery(template: TemplateName, batch: { column: string; form: MatchForm; values: readonly string[] }, rowCap: number): string {
	const definition = templates[template];
	const filter = valueFilter(batch.column, batch.form, batch.values);
	const condition = definition.condition ? ` and ${definition.condition}` : '';
	const steps = [`where (${filter})${condition}`, ...definition.shape.map((step) => step.replace('{column}', batch.column)), `take ${rowCap}`];
	return [definition.table, ...steps].join('\n| ');
}

function hostOf(url: string): string {
	return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/)[0].toLowerCase();
}

function comparableUrl(url: string): string {
	return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '').toLowerCase();
}

/** Whether a result row answers a value: Kusto's `in~` compares without case, a domain matches its subdomains. */
export function rowAnswers(row: Record<string, unknown>, lookup: EntityLookup): boolean {
	const cell = textOf(row[lookup.column]);
	if (lookup.form === 'domain') {
		const host = hostOf(cell);
		const domain = lookup.value.toLowerCase();
		return host === domain || host.endsWith(`.${domain}`);
	}
	if (lookup.form === 'url') return comparableUrl(cell) === comparableUrl(lookup.value);
	return cell.toLowerCase() === lookup.value.toLowerCase();
}

/** A batch of distinct values (compared without case) sharing a column and form, to run as one query. */
export interface LookupBatch {
	column: string;
	form: MatchForm;
	values: string[];
}

/**
 * Groups lookups into batches: one per column and form, split so each holds at most `maximumValuesPerQuery`
 * values, `maximumValueCharactersPerQuery` characters of values, and values × `rowsPerValue` within Defender's
 * row cap. A value several items share is asked for once.
 */
export function lookupBatches(lookups: readonly EntityLookup[], rowsPerValue: number): LookupBatch[] {
	const valuesPerQuery = Math.max(1, Math.min(maximumValuesPerQuery, Math.floor(huntingRowCap / rowsPerValue)));
	const batches: LookupBatch[] = [];
	const open = new Map<string, { batch: LookupBatch; characters: number }>();
	const seen = new Set<string>();
	for (const lookup of lookups) {
		const key = `${lookup.column}:${lookup.form}`;
		const distinct = `${key}:${lookup.value.toLowerCase()}`;
		if (seen.has(distinct)) continue;
		seen.add(distinct);
		let current = open.get(key);
		const characters = kqlString(lookup.value).length;
		if (current === undefined || current.batch.values.length >= valuesPerQuery || current.characters + characters > maximumValueCharactersPerQuery) {
			current = { batch: { column: lookup.column, form: lookup.form, values: [] }, characters: 0 };
			open.set(key, current);
			batches.push(current.batch);
		}
		current.batch.values.push(lookup.value);
		current.characters += characters;
	}
	return batches;
}

/** The row cap for a batch: Row Limit rows for each of its values, within Defender's cap. */
export function batchRowCap(batch: LookupBatch, rowsPerValue: number): number {
	return Math.min(huntingRowCap, batch.values.length * rowsPerValue);
}
