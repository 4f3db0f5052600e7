/*
 * KQL text built from values a workflow supplies. A value only ever enters a query as a string literal, written
 * here: Kusto reads a double-quoted literal up to the first unescaped quote, so escaping the backslash and the
 * quote keeps every value inside its literal (learn.microsoft.com/kusto/query/scalar-data-types/string).
 */

const escapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters other than the escaped ones, and the Unicode line separators. */
function isUnwritable(character: string): boolean {
	const code = character.codePointAt(0) ?? 0;
	return !(character in escapes) && (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029);
}

/** A value as a double-quoted KQL string literal; refuses control characters a literal cannot hold. */
export function kqlString(value: string): string {
	if ([...value].some(isUnwritable)) throw new Error('A control character cannot be written into a KQL string literal');
	return `"${value.replace(/[\\"\n\r\t]/g, (character) => escapes[character])}"`;
}

/** Values as the parenthesized list of `in`, `in~` and `has_any`: ("a", "b"). */
export function kqlStringList(values: readonly string[]): string {
	return `(${values.map(kqlString).join(', ')})`;
}
