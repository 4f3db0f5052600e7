/** Small builders for OData `$filter` text; values are always quoted here, never pasted in raw. */

export function odataString(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

/** `field eq 'a'`, or `(field eq 'a' or field eq 'b')` for several values. */
export function anyOf(field: string, values: readonly string[] | undefined): string | undefined {
	if (!values?.length) return undefined;
	const clauses = values.map((value) => `${field} eq ${odataString(value)}`);
	return clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`;
}

/** Date-time comparisons take the ISO 8601 value unquoted. */
export function compareInstant(field: string, operator: 'ge' | 'lt', instant: string | undefined): string | undefined {
	return instant ? `${field} ${operator} ${new Date(instant).toISOString()}` : undefined;
}

export function allOf(clauses: Array<string | undefined>): string | undefined {
	const present = clauses.filter((clause): clause is string => Boolean(clause));
	return present.length ? present.join(' and ') : undefined;
}
