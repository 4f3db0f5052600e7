/**
 * ISO 8601 as Graph's runHuntingQuery takes it (docs/api-contract.md, 2.6): a duration back from now, a single
 * instant (from then until now), or an interval start/end, duration/end, start/duration. No maximum length.
 */

import { durationParts } from '../../model/values';

const instant = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isDuration(text: string): boolean {
	return durationParts(text) !== undefined;
}

function isInstant(text: string): boolean {
	return instant.test(text) && !Number.isNaN(Date.parse(text));
}

export function isIsoTimespan(value: string): boolean {
	const parts = value.split('/');
	if (parts.length === 1) return isDuration(parts[0]) || isInstant(parts[0]);
	if (parts.length !== 2) return false;
	const [start, end] = parts;
	if (isInstant(start) && isInstant(end)) return Date.parse(start) < Date.parse(end);
	return (isInstant(start) && isDuration(end)) || (isDuration(start) && isInstant(end));
}
