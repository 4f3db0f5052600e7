/** Small, pure helpers every layer shares; each meaning has this one home. */

export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A DNS name: labels of letters, digits and hyphens joined by dots, ending in a top-level name of letters. */
export const domainNamePattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** The parts of an ISO 8601 duration, each 0 when absent. */
export interface DurationParts {
	years: number;
	months: number;
	weeks: number;
	days: number;
	hours: number;
	minutes: number;
	seconds: number;
}

/** At least one part, and a time part only with a figure after the T. */
const isoDurationPattern = /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration such as P7D, PT12H or P1DT6H read into its parts, or undefined when it is not one. */
export function durationParts(text: string): DurationParts | undefined {
	const parts = isoDurationPattern.exec(text);
	if (!parts) return undefined;
	const [years, months, weeks, days, hours, minutes, seconds] = parts.slice(1).map((part) => Number(part ?? 0));
	return { years, months, weeks, days, hours, minutes, seconds };
}

/** A duration in milliseconds, counting a year as 365 days and a month as 30. */
export function durationInMilliseconds({ years, months, weeks, days, hours, minutes, seconds }: DurationParts): number {
	return ((((years * 365 + months * 30 + weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

/** A field of an API answer as text: empty for a missing or null field. */
export function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/** A field of an API answer as text, or null when it is missing, null or empty. */
export function textOrNull(value: unknown): string | null {
	return value === undefined || value === null || value === '' ? null : String(value);
}

/** A user's text without surrounding white space, or undefined when it is not text or only white space. */
export function trimmedText(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Drops keys whose value is undefined, so only what was set reaches a request or an output item. */
export function withoutUndefined<Shape extends object>(shape: Shape): Shape {
	return Object.fromEntries(Object.entries(shape).filter(([, value]) => value !== undefined)) as Shape;
}

/** A comma- or newline-separated text, or an array from an expression, as a list of trimmed entries. */
export function listOf(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,\n]/);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** Quotes user input for an error message without letting a long or odd value flood it. */
export function quotedForMessage(value: unknown): string {
	const isText = typeof value === 'string';
	const text = isText ? value : (JSON.stringify(value) ?? String(value));
	const shortened = text.length > 80 ? `${text.slice(0, 80)}…` : text;
	return isText ? JSON.stringify(shortened) : shortened;
}

/**
 * An output item with the tenant it came from: the API's own tenantId when the record has one, else the
 * credential's, so a partner's workflow serving many tenants knows each item's customer.
 */
export function withTenantId<Shape extends Record<string, unknown>>(json: Shape, tenantId: string | undefined): Shape {
	if (tenantId === undefined || (typeof json.tenantId === 'string' && json.tenantId !== '')) return json;
	return { ...json, tenantId };
}

/** A list, or undefined when it is empty, so an empty filter is no filter. */
export function nonEmpty<Value>(values: Value[]): Value[] | undefined {
	return values.length > 0 ? values : undefined;
}
