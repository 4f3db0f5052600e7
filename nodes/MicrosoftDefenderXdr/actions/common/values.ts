import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listOf, quotedForMessage, withoutUndefined } from '../../model/values';
import { parameterError } from './errors';

/** Case, spaces, hyphens and underscores do not matter when matching an option. */
function comparable(text: unknown): string {
	return String(text).trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/** The option a value names, by its value or (as an AI agent or an expression may write it) its display name. */
export function matchingOption<Value extends string>(value: unknown, options: Array<INodePropertyOptions & { value: Value }>): Value | undefined {
	const wanted = comparable(value);
	return options.find((option) => comparable(option.value) === wanted || comparable(option.name) === wanted)?.value;
}

export function optionValue<Value extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	options: Array<INodePropertyOptions & { value: Value }>,
): Value {
	const match = matchingOption(value, options);
	if (match !== undefined) return match;
	throw parameterError(
		context,
		itemIndex,
		`${label} ${quotedForMessage(value)} is not one of: ${options.map((option) => (option.name === option.value ? option.value : `${option.value} (${option.name})`)).join(', ')}`,
	);
}

export function optionValues<Value extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	options: Array<INodePropertyOptions & { value: Value }>,
): Value[] {
	return listOf(value).map((entry) => optionValue(context, itemIndex, label, entry, options));
}

const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;
const wallClock = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** Minutes the time zone is ahead of UTC at that instant. */
function zoneOffsetMinutes(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value);
	const wallAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return Math.round((wallAsUtc - (instant - (instant % 1000))) / 60000);
}

/**
 * An ISO 8601 instant in UTC. n8n's date picker gives a wall-clock time without a zone, meant in the
 * workflow's time zone; a value with a zone or offset is taken as it is.
 */
export function instantOf(value: unknown, timeZone: string): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	const text = String(value ?? '').trim();
	const parts = wallClock.exec(text);
	if (parts && !hasZone.test(text)) {
		const [year, month, day, hour, minute, second, millisecond] = parts.slice(1).map((part) => Number(part ?? 0));
		const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
		// Date.UTC rolls 2025-02-30 over into March; such a date was a typo, not a wish.
		const wall = new Date(wallAsUtc);
		if (wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day || wall.getUTCHours() !== hour) return undefined;
		if (minute > 59 || second > 59) return undefined;
		// The offset can change at the instant itself (daylight saving time), so look again at the result.
		const firstGuess = wallAsUtc - zoneOffsetMinutes(wallAsUtc, timeZone) * 60000;
		const instant = wallAsUtc - zoneOffsetMinutes(firstGuess, timeZone) * 60000;
		return new Date(instant).toISOString();
	}
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function readInstant(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const instant = instantOf(value, context.getTimezone());
	if (instant === undefined) {
		throw parameterError(
			context,
			itemIndex,
			`${label} ${quotedForMessage(value)} is not a date and time`,
			'Use the date picker or an ISO 8601 value such as 2025-01-31T08:00:00Z.',
		);
	}
	return instant;
}

export function readTimeRange(
	context: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
): { createdAfter?: string; createdBefore?: string; updatedAfter?: string; updatedBefore?: string } {
	const range = {
		createdAfter: readInstant(context, itemIndex, 'Created After', filters.createdAfter),
		createdBefore: readInstant(context, itemIndex, 'Created Before', filters.createdBefore),
		updatedAfter: readInstant(context, itemIndex, 'Updated After', filters.updatedAfter),
		updatedBefore: readInstant(context, itemIndex, 'Updated Before', filters.updatedBefore),
	};
	return withoutUndefined(range);
}

export function readNonEmptyText(
	context: IExecuteFunctions,
	itemIndex: number,
	parameterName: string,
	label: string,
): string {
	const value = context.getNodeParameter(parameterName, itemIndex, '');
	const text = typeof value === 'string' ? value : String(value ?? '');
	if (text.trim() === '') throw parameterError(context, itemIndex, `${label} is empty`);
	return text;
}
