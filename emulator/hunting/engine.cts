import { HuntingQueryError } from './kusto.cjs';
import type { ColumnSchema, HuntingTables } from './tables.cjs';

/**
 * A small KQL evaluator for the emulator: optional scalar `let` statements, then a tabular source (a table or
 * `range`) followed by piped operators. Microsoft's Kusto analyzer has already accepted the query (see kusto.cts),
 * so anything this evaluator cannot read is a construct it does not support, and it is named as such.
 */

export type Row = Record<string, unknown>;

/** An intermediate result: column names in Kusto's order (Kusto supplies names and types, see `schemaOf`). */
export interface Table {
	columns: string[];
	rows: Row[];
}

export interface EvaluationOptions {
	tables: HuntingTables;
	now: Date;
	window: { start: Date; end: Date };
	/** Kusto's result schema of the query text up to an offset: gives each operator's output its real column names. */
	schemaOf: (queryPrefix: string) => ColumnSchema[];
}

interface Token {
	type: 'name' | 'literal' | 'operator' | 'punctuation';
	text: string;
	/** Offset in the query text. */
	start: number;
	value?: unknown;
}

const millisecondsPer: Record<string, number> = {
	d: 86_400_000, day: 86_400_000, days: 86_400_000,
	h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
	m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
	s: 1000, sec: 1000, second: 1000, seconds: 1000,
	ms: 1, millisecond: 1, milliseconds: 1,
	microsecond: 0.001, microseconds: 0.001, tick: 0.0001, ticks: 0.0001,
};
const timespanLiteral = new RegExp(`^(\\d+(?:\\.\\d+)?)(${Object.keys(millisecondsPer).sort((first, second) => second.length - first.length).join('|')})(?!\\w)`);

function unsupported(construct: string): HuntingQueryError {
	return new HuntingQueryError(`The emulator does not support the KQL construct '${construct}'. It evaluates where, project, project-away, extend, take, limit, top, order by, sort by, summarize, distinct, count, range and scalar let.`);
}

/** KQL datetime literals are UTC unless they say otherwise. */
function parseDateTime(text: string): Date {
	let normalized = text.trim().replace(' ', 'T');
	if (/^\d{4}-\d{2}-\d{2}$/.test(normalized)) normalized += 'T00:00:00';
	if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(normalized)) normalized += 'Z';
	const instant = new Date(normalized);
	if (Number.isNaN(instant.getTime())) throw new HuntingQueryError(`The datetime literal '${text}' is not valid.`);
	return instant;
}

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let position = 0;
	const push = (token: Omit<Token, 'start'>, length: number) => {
		tokens.push({ ...token, start: position });
		position += length;
	};
	while (position < text.length) {
		const rest = text.slice(position);
		const space = /^(\s+|\/\/[^\n]*)/.exec(rest);
		if (space) {
			position += space[0].length;
			continue;
		}
		const quote = /^@?(["'])((?:\\.|(?!\1).)*)\1/.exec(rest);
		if (quote) {
			const verbatim = rest.startsWith('@');
			const value = verbatim ? quote[2] : quote[2].replace(/\\(.)/g, (_match, character: string) => ({ n: '\n', t: '\t', r: '\r' })[character] ?? character);
			push({ type: 'literal', text: quote[0], value }, quote[0].length);
			continue;
		}
		const dateTime = /^datetime\(([^)]*)\)/i.exec(rest);
		if (dateTime) {
			push({ type: 'literal', text: dateTime[0], value: parseDateTime(dateTime[1]) }, dateTime[0].length);
			continue;
		}
		const timespan = timespanLiteral.exec(rest);
		if (timespan) {
			push({ type: 'literal', text: timespan[0], value: Number(timespan[1]) * millisecondsPer[timespan[2]] }, timespan[0].length);
			continue;
		}
		const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
		if (number) {
			push({ type: 'literal', text: number[0], value: Number(number[0]) }, number[0].length);
			continue;
		}
		const negatedOrCaseless = /^(!(?:has_cs|has|contains_cs|contains|startswith|endswith|in)~?|in~)(?!\w)/.exec(rest);
		if (negatedOrCaseless) {
			push({ type: 'name', text: negatedOrCaseless[0] }, negatedOrCaseless[0].length);
			continue;
		}
		// project-away, mv-expand and friends are single words; a minus between column names is not.
		const name = /^(project-away|project-rename|project-keep|project-reorder|mv-expand|mv-apply|make-series|top-nested|top-hitters)(?![\w-])/.exec(rest) ?? /^[A-Za-z_]\w*/.exec(rest);
		if (name) {
			push({ type: 'name', text: name[0] }, name[0].length);
			continue;
		}
		const operator = /^(==|!=|=~|!~|<=|>=|<|>|\+|-|\*|\/|%|=)/.exec(rest);
		if (operator) {
			push({ type: 'operator', text: operator[0] }, operator[0].length);
			continue;
		}
		push({ type: 'punctuation', text: rest[0] }, 1);
	}
	return tokens;
}

type Expression =
	| { kind: 'literal'; value: unknown }
	| { kind: 'column'; name: string }
	| { kind: 'binary'; operator: string; left: Expression; right: Expression }
	| { kind: 'negate'; operand: Expression }
	| { kind: 'in'; negated: boolean; caseInsensitive: boolean; left: Expression; values: Expression[] }
	| { kind: 'call'; name: string; args: Expression[] };

const comparisonOperators = ['==', '!=', '=~', '!~', '<', '<=', '>', '>='];
const stringOperators = ['has', '!has', 'has_cs', '!has_cs', 'contains', '!contains', 'contains_cs', '!contains_cs', 'startswith', '!startswith', 'endswith', '!endswith'];

class Cursor {
	index = 0;

	constructor(readonly tokens: Token[]) {}

	peek(offset = 0): Token | undefined {
		return this.tokens[this.index + offset];
	}

	next(): Token {
		const token = this.tokens[this.index++];
		if (!token) throw unsupported(this.tokens[this.tokens.length - 1]?.text ?? '');
		return token;
	}

	isText(text: string): boolean {
		return this.peek()?.text.toLowerCase() === text;
	}

	expect(text: string): void {
		const token = this.next();
		if (token.text.toLowerCase() !== text) throw unsupported(token.text);
	}

	/** Reads `item` repeatedly, separated by commas. */
	list<Item>(item: () => Item): Item[] {
		const items = [item()];
		while (this.isText(',')) {
			this.next();
			items.push(item());
		}
		return items;
	}

	done(): boolean {
		return this.index >= this.tokens.length;
	}
}

function parseExpression(cursor: Cursor): Expression {
	let left = parseAnd(cursor);
	while (cursor.isText('or')) {
		cursor.next();
		left = { kind: 'binary', operator: 'or', left, right: parseAnd(cursor) };
	}
	return left;
}

function parseAnd(cursor: Cursor): Expression {
	let left = parseComparison(cursor);
	while (cursor.isText('and')) {
		cursor.next();
		left = { kind: 'binary', operator: 'and', left, right: parseComparison(cursor) };
	}
	return left;
}

function parseComparison(cursor: Cursor): Expression {
	const left = parseArithmetic(cursor, 0);
	const token = cursor.peek();
	const text = token?.text.toLowerCase() ?? '';
	if ((token?.type === 'operator' && comparisonOperators.includes(text)) || (token?.type === 'name' && stringOperators.includes(text))) {
		cursor.next();
		return { kind: 'binary', operator: text, left, right: parseArithmetic(cursor, 0) };
	}
	if (token?.type === 'name' && ['in', 'in~', '!in', '!in~'].includes(text)) {
		cursor.next();
		cursor.expect('(');
		const values = cursor.isText(')') ? [] : cursor.list(() => parseExpression(cursor));
		cursor.expect(')');
		return { kind: 'in', negated: text.startsWith('!'), caseInsensitive: text.endsWith('~'), left, values };
	}
	return left;
}

/** Additive (level 0) and multiplicative (level 1) operators, left-associative. */
const arithmeticLevels = [['+', '-'], ['*', '/', '%']];

function parseArithmetic(cursor: Cursor, level: number): Expression {
	const operand = () => (level + 1 < arithmeticLevels.length ? parseArithmetic(cursor, level + 1) : parseUnary(cursor));
	let left = operand();
	while (cursor.peek()?.type === 'operator' && arithmeticLevels[level].includes(cursor.peek()!.text)) {
		const operator = cursor.next().text;
		left = { kind: 'binary', operator, left, right: operand() };
	}
	return left;
}

function parseUnary(cursor: Cursor): Expression {
	if (cursor.peek()?.type === 'operator' && cursor.isText('-')) {
		cursor.next();
		return { kind: 'negate', operand: parseUnary(cursor) };
	}
	return parsePrimary(cursor);
}

function parsePrimary(cursor: Cursor): Expression {
	const token = cursor.next();
	if (token.type === 'literal') return { kind: 'literal', value: token.value };
	if (token.text === '(') {
		const inner = parseExpression(cursor);
		cursor.expect(')');
		return inner;
	}
	if (token.type !== 'name') throw unsupported(token.text);
	const lower = token.text.toLowerCase();
	if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
	if (!cursor.isText('(')) return { kind: 'column', name: token.text };
	cursor.next();
	const args = cursor.isText(')') ? [] : cursor.list(() => parseExpression(cursor));
	cursor.expect(')');
	return { kind: 'call', name: lower, args };
}

interface Context {
	now: Date;
	columns: Set<string>;
	variables: Map<string, unknown>;
}

function isEmpty(value: unknown): boolean {
	return value === null || value === undefined || value === '';
}

function asText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return formatDateTime(value);
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** Defender writes DateTime values with seven fractional digits. */
export function formatDateTime(instant: Date): string {
	return instant.toISOString().replace(/Z$/, '0000Z');
}

/** Kusto's timespan text: [-][d.]hh:mm:ss[.fffffff]. */
export function formatTimespan(milliseconds: number): string {
	const sign = milliseconds < 0 ? '-' : '';
	const ticks = Math.round(Math.abs(milliseconds) * 10_000);
	const seconds = Math.floor(ticks / 10_000_000);
	const fraction = ticks % 10_000_000;
	const days = Math.floor(seconds / 86_400);
	const clock = [Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60].map((part) => String(part).padStart(2, '0')).join(':');
	return `${sign}${days ? `${days}.` : ''}${clock}${fraction ? `.${String(fraction).padStart(7, '0')}` : ''}`;
}

/** `has` matches whole terms: the needle bounded by non-alphanumeric characters or the ends. */
function hasTerm(haystack: string, needle: string, caseSensitive: boolean): boolean {
	if (!needle) return true;
	const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, caseSensitive ? 'u' : 'iu').test(haystack);
}

function comparable(value: unknown): unknown {
	return value instanceof Date ? value.getTime() : value;
}

const stringTests: Record<string, (haystack: string, needle: string) => boolean> = {
	has: (haystack, needle) => hasTerm(haystack, needle, false),
	has_cs: (haystack, needle) => hasTerm(haystack, needle, true),
	contains: (haystack, needle) => haystack.toLowerCase().includes(needle.toLowerCase()),
	contains_cs: (haystack, needle) => haystack.includes(needle),
	startswith: (haystack, needle) => haystack.toLowerCase().startsWith(needle.toLowerCase()),
	endswith: (haystack, needle) => haystack.toLowerCase().endsWith(needle.toLowerCase()),
};

function binaryOperation(operator: string, left: unknown, right: unknown): unknown {
	const negated = operator.startsWith('!') && operator !== '!=' && operator !== '!~';
	const stringTest = stringTests[negated ? operator.slice(1) : operator];
	if (stringTest) return stringTest(asText(left), asText(right)) !== negated;
	const leftValue = comparable(left) as number;
	const rightValue = comparable(right) as number;
	switch (operator) {
		case '==':
			return leftValue === rightValue;
		case '!=':
			return leftValue !== rightValue;
		case '=~':
			return asText(left).toLowerCase() === asText(right).toLowerCase();
		case '!~':
			return asText(left).toLowerCase() !== asText(right).toLowerCase();
		case '<':
			return leftValue < rightValue;
		case '<=':
			return leftValue <= rightValue;
		case '>':
			return leftValue > rightValue;
		case '>=':
			return leftValue >= rightValue;
		case '+':
			return left instanceof Date ? new Date(left.getTime() + Number(right)) : Number(left) + Number(right);
		case '-':
			if (left instanceof Date && right instanceof Date) return left.getTime() - right.getTime();
			return left instanceof Date ? new Date(left.getTime() - Number(right)) : Number(left) - Number(right);
		case '*':
			return Number(left) * Number(right);
		case '/':
			return Number(left) / Number(right);
		default:
			return Number(left) % Number(right);
	}
}

/** Kusto bins datetimes from 0001-01-01 (a Monday), not from the Unix epoch: it matters for 7d bins. */
const kustoEpochOffset = 719_162 * 86_400_000;

function binDateTime(milliseconds: number, size: number): number {
	return Math.floor((milliseconds + kustoEpochOffset) / size) * size - kustoEpochOffset;
}

const scalarFunctions: Record<string, (args: unknown[], context: Context) => unknown> = {
	ago: ([span], context) => new Date(context.now.getTime() - Number(span)),
	now: (_args, context) => context.now,
	tolower: ([value]) => asText(value).toLowerCase(),
	toupper: ([value]) => asText(value).toUpperCase(),
	strcat: (args) => args.map(asText).join(''),
	strlen: ([value]) => asText(value).length,
	tostring: ([value]) => asText(value),
	toint: ([value]) => Math.trunc(Number(value)),
	tolong: ([value]) => Math.trunc(Number(value)),
	todouble: ([value]) => Number(value),
	toreal: ([value]) => Number(value),
	isempty: ([value]) => isEmpty(value),
	isnotempty: ([value]) => !isEmpty(value),
	isnull: ([value]) => value === null || value === undefined,
	isnotnull: ([value]) => value !== null && value !== undefined,
	not: ([value]) => !value,
	iff: ([condition, whenTrue, whenFalse]) => (condition ? whenTrue : whenFalse),
	iif: ([condition, whenTrue, whenFalse]) => (condition ? whenTrue : whenFalse),
	bin: ([value, size]) => (value instanceof Date ? new Date(binDateTime(value.getTime(), Number(size))) : Math.floor(Number(value) / Number(size)) * Number(size)),
	startofday: ([value]) => new Date(binDateTime((value as Date).getTime(), 86_400_000)),
};

function evaluate(expression: Expression, row: Row, context: Context): unknown {
	switch (expression.kind) {
		case 'literal':
			return expression.value;
		case 'column':
			if (context.columns.has(expression.name)) return row[expression.name];
			if (context.variables.has(expression.name)) return context.variables.get(expression.name);
			throw new HuntingQueryError(`Failed to resolve scalar expression named '${expression.name}'.`);
		case 'negate':
			return -Number(evaluate(expression.operand, row, context));
		case 'in': {
			const left = asText(evaluate(expression.left, row, context));
			const values = expression.values.map((value) => asText(evaluate(value, row, context)));
			const found = expression.caseInsensitive ? values.some((value) => value.toLowerCase() === left.toLowerCase()) : values.includes(left);
			return found !== expression.negated;
		}
		case 'call': {
			const implementation = scalarFunctions[expression.name];
			if (!implementation) throw new HuntingQueryError(`The emulator does not support the KQL function '${expression.name}'.`);
			return implementation(
				expression.args.map((argument) => evaluate(argument, row, context)),
				context,
			);
		}
		case 'binary':
			if (expression.operator === 'and') return Boolean(evaluate(expression.left, row, context)) && Boolean(evaluate(expression.right, row, context));
			if (expression.operator === 'or') return Boolean(evaluate(expression.left, row, context)) || Boolean(evaluate(expression.right, row, context));
			return binaryOperation(expression.operator, evaluate(expression.left, row, context), evaluate(expression.right, row, context));
	}
}

interface Assignment {
	name: string;
	expression: Expression;
}

/**
 * `Name = expression` or a bare expression. A bare computed column gets a placeholder name unique in the query
 * (its token position); Kusto's own name for it (count_, Column1...) replaces it afterwards (see applySchema).
 */
function readAssignments(cursor: Cursor): Assignment[] {
	return cursor.list(() => {
		let name: string | undefined;
		if (cursor.peek()?.type === 'name' && cursor.peek(1)?.text === '=') {
			name = cursor.next().text;
			cursor.next();
		}
		const placeholder = `\u0000computed${cursor.index}`;
		const expression = parseExpression(cursor);
		return { name: name ?? (expression.kind === 'column' ? expression.name : placeholder), expression };
	});
}

interface SortKey {
	expression: Expression;
	descending: boolean;
}

function readSortKeys(cursor: Cursor): SortKey[] {
	return cursor.list(() => {
		const expression = parseExpression(cursor);
		let descending = true;
		if (cursor.isText('asc') || cursor.isText('desc')) descending = cursor.next().text.toLowerCase() === 'desc';
		if (cursor.isText('nulls')) throw unsupported('nulls first/last');
		return { expression, descending };
	});
}

/** Stable multi-key sort; empty values sort as the smallest. */
function sortRows(rows: Row[], keys: SortKey[], context: Context): Row[] {
	const decorated = rows.map((row) => ({ row, values: keys.map((key) => comparable(evaluate(key.expression, row, context))) }));
	decorated.sort((first, second) => {
		for (let index = 0; index < keys.length; index++) {
			const left = first.values[index] as number | string | null | undefined;
			const right = second.values[index] as number | string | null | undefined;
			if (left === right) continue;
			const order = left === undefined || left === null ? -1 : right === undefined || right === null ? 1 : left < right ? -1 : 1;
			return keys[index].descending ? -order : order;
		}
		return 0;
	});
	return decorated.map(({ row }) => row);
}

/** project (only the assignments) or extend (the table's columns, replaced in place, then new ones). */
function project(table: Table, assignments: Assignment[], context: Context, keepExisting: boolean): Table {
	const rows = table.rows.map((row) => {
		const projected: Row = keepExisting ? { ...row } : {};
		for (const { name, expression } of assignments) projected[name] = evaluate(expression, row, context);
		return projected;
	});
	const names = assignments.map((assignment) => assignment.name);
	const columns = keepExisting ? [...table.columns, ...names.filter((name) => !table.columns.includes(name))] : names;
	return { columns, rows };
}

type Aggregation = (values: () => unknown[], rows: Row[], argument: Expression | undefined, context: Context) => unknown;

const sumOf = (values: unknown[]) => values.reduce((sum: number, value) => sum + Number(value), 0);

function extreme(pickFirst: (candidate: unknown, best: unknown) => boolean): Aggregation {
	return (values) => {
		const present = values().filter((value) => !isEmpty(value));
		return present.length ? present.reduce((best, value) => (pickFirst(comparable(value), comparable(best)) ? value : best)) : null;
	};
}

const aggregations: Record<string, Aggregation> = {
	count: (_values, rows) => rows.length,
	countif: (_values, rows, argument, context) => rows.filter((row) => Boolean(evaluate(argument!, row, context))).length,
	dcount: (values) => new Set(values().map(asText)).size,
	make_set: (values) => [...new Set(values().map((value) => (value instanceof Date ? formatDateTime(value) : value)))],
	sum: (values) => sumOf(values()),
	avg: (values) => {
		const list = values();
		return list.length ? sumOf(list) / list.length : null;
	},
	min: extreme((candidate, best) => (candidate as number) < (best as number)),
	max: extreme((candidate, best) => (candidate as number) > (best as number)),
};

function summarize(table: Table, cursor: Cursor, context: Context): Table {
	const outputs = cursor.isText('by') ? [] : readAssignments(cursor);
	const calls = outputs.map(({ name, expression }) => {
		if (expression.kind !== 'call' || !aggregations[expression.name]) {
			throw new HuntingQueryError(`The emulator does not support the KQL aggregation '${expression.kind === 'call' ? expression.name : name}': use count(), countif(), dcount(), min(), max(), sum(), avg() or make_set().`);
		}
		return { name, aggregate: aggregations[expression.name], argument: expression.args[0] };
	});
	const groups: Assignment[] = [];
	if (cursor.isText('by')) {
		cursor.next();
		groups.push(...readAssignments(cursor));
	}
	const buckets = new Map<string, { keys: unknown[]; rows: Row[] }>();
	for (const row of table.rows) {
		const keys = groups.map((group) => evaluate(group.expression, row, context));
		const id = JSON.stringify(keys.map(comparable));
		const bucket = buckets.get(id) ?? { keys, rows: [] };
		bucket.rows.push(row);
		buckets.set(id, bucket);
	}
	// Without `by`, summarize returns one row even over no input.
	if (groups.length === 0 && buckets.size === 0) buckets.set('[]', { keys: [], rows: [] });
	const rows = [...buckets.values()].map(({ keys, rows: bucketRows }) => {
		const output: Row = {};
		groups.forEach((group, index) => (output[group.name] = keys[index]));
		for (const { name, aggregate, argument } of calls) output[name] = aggregate(() => bucketRows.map((row) => evaluate(argument!, row, context)), bucketRows, argument, context);
		return output;
	});
	return { columns: [...groups.map((group) => group.name), ...calls.map((call) => call.name)], rows };
}

function readCount(cursor: Cursor): number {
	const token = cursor.next();
	if (typeof token.value !== 'number') throw unsupported(token.text);
	return token.value;
}

function applyOperator(table: Table, cursor: Cursor, context: Context): Table {
	const operatorToken = cursor.next();
	context.columns = new Set(table.columns);
	switch (operatorToken.text) {
		case 'where':
		case 'filter': {
			const predicate = parseExpression(cursor);
			return { columns: table.columns, rows: table.rows.filter((row) => Boolean(evaluate(predicate, row, context))) };
		}
		case 'project':
			return project(table, readAssignments(cursor), context, false);
		case 'extend':
			return project(table, readAssignments(cursor), context, true);
		case 'project-away': {
			const names = readAssignments(cursor).map(({ expression }) => (expression.kind === 'column' ? expression.name : ''));
			if (names.includes('')) throw unsupported('project-away with wildcards');
			const columns = table.columns.filter((column) => !names.includes(column));
			return { columns, rows: table.rows };
		}
		case 'take':
		case 'limit':
			return { columns: table.columns, rows: table.rows.slice(0, readCount(cursor)) };
		case 'top': {
			const count = readCount(cursor);
			cursor.expect('by');
			return { columns: table.columns, rows: sortRows(table.rows, readSortKeys(cursor), context).slice(0, count) };
		}
		case 'order':
		case 'sort':
			cursor.expect('by');
			return { columns: table.columns, rows: sortRows(table.rows, readSortKeys(cursor), context) };
		case 'summarize':
			return summarize(table, cursor, context);
		case 'distinct': {
			const projected = project(table, readAssignments(cursor), context, false);
			const seen = new Set<string>();
			const rows = projected.rows.filter((row) => {
				const key = JSON.stringify(projected.columns.map((column) => comparable(row[column])));
				return !seen.has(key) && Boolean(seen.add(key));
			});
			return { columns: projected.columns, rows };
		}
		case 'count':
			return { columns: ['Count'], rows: [{ Count: table.rows.length }] };
		default:
			throw new HuntingQueryError(`The emulator does not support the KQL operator '${operatorToken.text}'.`);
	}
}

/** The largest `range` the emulator materializes. */
const rangeRowLimit = 10_000_000;

function readSource(cursor: Cursor, options: EvaluationOptions, context: Context): Table {
	const token = cursor.next();
	if (token.text === 'range') {
		const column = cursor.next().text;
		const bound = (keyword: string) => {
			cursor.expect(keyword);
			return Number(evaluate(parseArithmetic(cursor, 0), {}, context));
		};
		const from = bound('from');
		const to = bound('to');
		const step = bound('step');
		if (!(step > 0)) throw unsupported('range with a step that is not positive');
		if ((to - from) / step + 1 > rangeRowLimit) {
			// Defender would spend its 3-minute budget on this; the emulator refuses rather than exhaust its memory.
			throw new HuntingQueryError(`Query execution has exceeded the allowed limits: range of more than ${rangeRowLimit} rows.`, 504, 'GatewayTimeout');
		}
		const rows: Row[] = [];
		for (let value = from; value <= to; value += step) rows.push({ [column]: value });
		return { columns: [column], rows };
	}
	const table = token.type === 'name' ? options.tables[token.text] : undefined;
	if (!table) throw unsupported(token.text);
	const start = options.window.start.getTime();
	const end = options.window.end.getTime();
	return {
		columns: table.schema.map((column) => column.name),
		rows: table.rows.filter((row) => !(row.Timestamp instanceof Date) || (row.Timestamp.getTime() >= start && row.Timestamp.getTime() <= end)),
	};
}

/** Gives the table Kusto's column names (its naming of computed columns such as count_ or Column1), by position. */
function applySchema(table: Table, schema: ColumnSchema[]): Table {
	const names = schema.map((column) => column.name);
	if (names.length !== table.columns.length) throw unsupported(`a query whose columns the emulator cannot match (${names.join(', ')})`);
	if (names.every((name, index) => name === table.columns[index])) return table;
	return { columns: names, rows: table.rows.map((row) => Object.fromEntries(names.map((name, index) => [name, row[table.columns[index]]]))) };
}

function splitStatements(tokens: Token[]): Token[][] {
	const statements: Token[][] = [[]];
	for (const token of tokens) {
		if (token.text === ';') statements.push([]);
		else statements[statements.length - 1].push(token);
	}
	return statements.filter((statement) => statement.length > 0);
}

/** `let name = scalar;` binds a value; tabular lets and functions are beyond the emulator. */
function bindLet(statement: Token[], context: Context): void {
	const cursor = new Cursor(statement);
	cursor.expect('let');
	const name = cursor.next().text;
	const tabularOrFunction = unsupported(`let ${name} = <tabular expression or function>`);
	if (!cursor.isText('=')) throw tabularOrFunction;
	cursor.next();
	context.columns = new Set();
	try {
		const expression = parseExpression(cursor);
		if (!cursor.done()) throw tabularOrFunction;
		context.variables.set(name, evaluate(expression, {}, context));
	} catch {
		throw tabularOrFunction;
	}
}

/** Evaluates the query; cells keep their evaluation values (Date for DateTime, milliseconds for TimeSpan). */
export function evaluateQuery(query: string, options: EvaluationOptions): Table {
	const statements = splitStatements(tokenize(query));
	const context: Context = { now: options.now, columns: new Set(), variables: new Map() };
	statements.slice(0, -1).forEach((statement) => bindLet(statement, context));
	const cursor = new Cursor(statements[statements.length - 1]);
	let table = readSource(cursor, options, context);
	while (!cursor.done()) {
		const pipe = cursor.next();
		if (pipe.text !== '|') throw unsupported(pipe.text);
		table = applyOperator(table, cursor, context);
		const end = cursor.peek()?.start ?? query.length;
		table = applySchema(table, options.schemaOf(query.slice(0, end)));
	}
	return table;
}
