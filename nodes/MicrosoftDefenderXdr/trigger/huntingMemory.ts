import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { durationInMilliseconds, durationParts } from '../model/values';

/**
 * What the hunting event remembers between polls: a short hash of each delivered row's key, grouped by the poll
 * that last saw it. A key is kept while the query keeps returning its row and for the look-back range (plus an
 * hour for clock skew) after the last poll that saw it: by then the row has left the query's time range and
 * cannot come back. At most `maximumRememberedRows` keys (Defender's own cap on one result) of
 * `rowKeyLength` characters each are kept, about 1.2 MB of the workflow's static data at the very most.
 */

/** 72 bits of SHA-256: a collision among 100,000 rows is about as likely as one in 10^11. */
export const rowKeyLength = 12;
export const maximumRememberedRows = 100_000;
const clockSkewAllowance = 3600_000;

export interface SeenGroup {
	/** Local time (milliseconds) of the poll that last saw these rows. */
	seenAt: number;
	/** The rows' keys, concatenated (each `rowKeyLength` characters). */
	keys: string;
}

export interface HuntingMemory {
	/** The query, time range and key columns the keys were made for; a change starts afresh. */
	fingerprint: string;
	groups: SeenGroup[];
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * KQL's pieces: a string literal (verbatim @'...' or @"...", '...' or "..." with escapes, multi-line ```...```),
 * a gap (a line comment or white space), or anything else.
 */
const kqlPieces = /(@'[^']*'|@"[^"]*"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|```[\s\S]*?```)|(\/\/[^\n]*|\s+)|([^'"`@/\s]+|[\s\S])/g;
const wordCharacter = /\w/;

/**
 * The query as KQL reads it: comments dropped, a gap kept only as one space between two word characters, string
 * literals untouched. Editing a comment or the layout leaves the fingerprint, and so the memory, as it was.
 */
export function normalizedQuery(query: string): string {
	let normalized = '';
	let gap = false;
	for (const [piece, , isGap] of query.matchAll(kqlPieces)) {
		if (isGap !== undefined) {
			gap = true;
			continue;
		}
		if (gap && wordCharacter.test(normalized.slice(-1)) && wordCharacter.test(piece[0])) normalized += ' ';
		normalized += piece;
		gap = false;
	}
	return normalized;
}

export function fingerprintOf(query: string, timespan: string, keyColumns: string[]): string {
	return hash(JSON.stringify([normalizedQuery(query), timespan, keyColumns]));
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/**
 * A row's key: its key columns' values, or the whole row (columns in name order) when none are named or a key
 * column is empty (null, missing or ''): such rows cannot be told apart by their key, so they are by all they hold.
 */
export function rowKey(row: IDataObject, keyColumns: string[]): string {
	const identity = keyColumns.length && !keyColumns.some((column) => isEmpty(row[column]))
		? keyColumns.map((column) => row[column])
		: Object.keys(row)
				.sort()
				.map((column) => [column, row[column]]);
	return hash(JSON.stringify(identity)).slice(0, rowKeyLength);
}

function keysOf(group: SeenGroup): string[] {
	const keys: string[] = [];
	for (let offset = 0; offset + rowKeyLength <= group.keys.length; offset += rowKeyLength) {
		keys.push(group.keys.slice(offset, offset + rowKeyLength));
	}
	return keys;
}

export function rememberedKeys(memory: HuntingMemory): Set<string> {
	return new Set(memory.groups.flatMap(keysOf));
}

export function readHuntingMemory(staticData: IDataObject): HuntingMemory | undefined {
	const stored = staticData.hunting as IDataObject | undefined;
	if (typeof stored !== 'object' || stored === null || typeof stored.fingerprint !== 'string' || !Array.isArray(stored.groups)) {
		return undefined;
	}
	const groups = (stored.groups as unknown[]).filter(
		(group): group is SeenGroup =>
			typeof group === 'object' &&
			group !== null &&
			Number.isFinite((group as SeenGroup).seenAt) &&
			typeof (group as SeenGroup).keys === 'string',
	);
	return { fingerprint: stored.fingerprint, groups };
}

export function writeHuntingMemory(staticData: IDataObject, memory: HuntingMemory): void {
	staticData.hunting = { fingerprint: memory.fingerprint, groups: memory.groups } as unknown as IDataObject;
}

/**
 * The memory after a poll that saw `seenKeys` (every key of the result, delivered now or before): those move to
 * a group of this poll; keys of earlier groups stay until their retention ends; beyond the cap, the keys seen
 * longest ago are forgotten first.
 */
export function rememberPoll(
	memory: HuntingMemory,
	seenKeys: Iterable<string>,
	now: number,
	lookBackMilliseconds: number,
): HuntingMemory {
	const seen = new Set(seenKeys);
	const horizon = now - lookBackMilliseconds - clockSkewAllowance;
	const groups: SeenGroup[] = [{ seenAt: now, keys: [...seen].join('') }];
	let budget = maximumRememberedRows - seen.size;
	const newestFirst = [...memory.groups].sort((first, second) => second.seenAt - first.seenAt);
	for (const group of newestFirst) {
		if (group.seenAt < horizon || budget <= 0) break;
		const kept = keysOf(group)
			.filter((key) => !seen.has(key))
			.slice(0, budget);
		if (kept.length === 0) continue;
		groups.push({ seenAt: group.seenAt, keys: kept.join('') });
		budget -= kept.length;
	}
	return { fingerprint: memory.fingerprint, groups };
}

/** An ISO 8601 duration in milliseconds (a year as 365 days, a month as 30), or undefined if it is not one. */
export function durationMilliseconds(duration: string): number | undefined {
	const parts = durationParts(duration);
	const total = parts && durationInMilliseconds(parts);
	return total ? total : undefined;
}
