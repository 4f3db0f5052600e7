import type { ColumnSchema, ColumnType, HuntingTables } from './tables.cjs';

/**
 * A small KQL evaluator for the emulator: a tabular source (a table or `range`) followed by piped operators.
 * Syntax is first checked by Microsoft's own Kusto parser (see syntax.cts); this evaluates the subset our
 * users' hunting workflows use and names anything else as unsupported.
 */

export class HuntingQueryError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 504 = 400,
		readonly code: 'BadRequest' | 'GatewayTimeout' = 'BadRequest',
	) {
		super(message);
	}
}

type Row = Record<string, unknown>;
interface Table {
	schema: ColumnSchema[];
	rows: Row[];
}

interface Token {
	type: 'name' | 'string' | 'number' | 'timespan' | 'operator' | 'punctuation';
	text: string;
	value?: unknown;
}

const timespanUnits: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1, tick: 0.0001, microsecond: 0.001 };

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let position = 0;
	while (position < text.length) {
		const rest = text.slice(position);
		const space = /^(\s+|\/\/[^\n]*)/.exec(rest);
		if (space) {
			position += space[0].length;
			continue;
		}
		const quote = /^@?(["'])((?:\\.|(?!\1).)*)\1/.exec(rest);
		if (quote) {
			const raw = quote[2];
			const value = rest.startsWith('@') ? raw : raw.replace(/\\(.)/g, (_match, character: string) => ({ n: '\n', t: '\t' })[character] ?? character);
			tokens.push({ type: 'string', text: quote[0], value });
			position += quote[0].length;
			continue;
		}
		const timespan = /^(\d+(?:\.\d+)?)(ms|d|h|m|s)\b/.exec(rest);
		if (timespan) {
			tokens.push({ type: 'timespan', text: timespan[0], value: Number(timespan[1]) * timespanUnits[timespan[2]] });
			position += timespan[0].length;
			continue;
		}
		const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
		if (number) {
			tokens.push({ type: 'number', text: number[0], value: Number(number[0]) });
			position += number[0].length;
			continue;
		}
		const negatedOrCaseless = /^(!(?:has_cs|has|contains_cs|contains|startswith|endswith|in)~?|in~)(?!\w)/.exec(rest);
		if (negatedOrCaseless) {
			tokens.push({ type: 'name', text: negatedOrCaseless[0] });
			position += negatedOrCaseless[0].length;
			continue;
		}
		const name = /^[A-Za-z_][\w]*(-[a-z]+)*/.exec(rest);
		if (name) {
			// project-away, mv-expand and friends are single words; a minus between column names is not.
			const word = /^(project-away|project-rename|project-keep|project-reorder|mv-expand|mv-apply|make-series|top-nested|top-hitters)\b/.test(name[0]) ? name[0] : /^[A-Za-z_]\w*/.exec(rest)![0];
			tokens.push({ type: 'name', text: word });
			position += word.length;
			continue;
		}
		const operator = /^(==|!=|=~|!~|<=|>=|<|>|\+|-|\*|\/|%|=)/.exec(rest);
		if (operator) {
			tokens.push({ type: 'operator', text: operator[0] });
			position += operator[0].length;
			continue;
		}
		if ('()[],|;.'.includes(rest[0])) {
			tokens.push({ type: 'punctuation', text: rest[0] });
			position++;
			continue;
		}
		throw new HuntingQueryError(`Query could not be parsed: unexpected character '${rest[0]}'.`);
	}
	return tokens;
}

type Expression =
	| { kind: 'literal'; value: unknown }
	| { kind: 'column'; name: string }
	| { kind: 'binary'; operator: string; left: Expression; right: Expression }
	| { kind: 'unary'; operator: string; operand: Expression }
	| { kind: 'in'; negated: boolean; caseInsensitive: boolean; left: Expression; values: Expression[] }
	| { kind: 'call'; name: string; args: Expression[] };

const stringOperators = ['has', '!has', 'contains', '!contains', 'startswith', '!startswith', 'endswith', '!endswith', 'has_cs', 'contains_cs', 'matches'];
const supportedOperators = ['where', 'filter', 'project', 'project-away', 'extend', 'take', 'limit', 'top', 'order', 'sort', 'summarize', 'distinct', 'count'];
const aggregateNames = ['count', 'dcount', 'min', 'max', 'sum', 'avg', 'countif', 'make_set', 'arg_max', 'arg_min'];

class Cursor {
	index = 0;

	constructor(readonly tokens: Token[]) {}

	peek(offset = 0): Token | undefined {
		return this.tokens[this.index + offset];
	}

	next(): Token {
		const token = this.tokens[this.index++];
		if (!token) throw new HuntingQueryError('Query could not be parsed: the query ends too early.');
		return token;
	}

	isText(text: string, offset = 0): boolean {
		return this.peek(offset)?.text.toLowerCase() === text;
	}

	expect(text: string): void {
		const token = this.next();
		if (token.text.toLowerCase() !== text) throw new HuntingQueryError(`Query could not be parsed: expected '${text}' but found '${token.text}'.`);
	}

	done(): boolean {
		return this.index >= this.tokens.length;
	}
}

function parseExpression(cursor: Cursor): Expression {
	return parseOr(cursor);
}

function parseOr(cursor: Cursor): Expression {
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
	const left = parseAdditive(cursor);
	const token = cursor.peek();
	if (!token) return left;
	const text = token.text.toLowerCase();
	if (['==', '!=', '=~', '!~', '<', '<=', '>', '>='].includes(text) && token.type === 'operator') {
		cursor.next();
		return { kind: 'binary', operator: text, left, right: parseAdditive(cursor) };
	}
	if (token.type === 'name' && stringOperators.includes(text)) {
		cursor.next();
		return { kind: 'binary', operator: text, left, right: parseAdditive(cursor) };
	}
	if (token.type === 'name' && ['in', 'in~', '!in', '!in~'].includes(text)) {
		cursor.next();
		return parseInList(cursor, left, text.startsWith('!'), text.endsWith('~'));
	}
	return left;
}

function parseInList(cursor: Cursor, left: Expression, negated: boolean, caseInsensitive: boolean): Expression {
	cursor.expect('(');
	const values: Expression[] = [];
	if (!cursor.isText(')')) {
		values.push(parseExpression(cursor));
		while (cursor.isText(',')) {
			cursor.next();
			values.push(parseExpression(cursor));
		}
	}
	cursor.expect(')');
	return { kind: 'in', negated, caseInsensitive, left, values };
}

function parseAdditive(cursor: Cursor): Expression {
	let left = parseMultiplicative(cursor);
	while (cursor.peek()?.type === 'operator' && ['+', '-'].includes(cursor.peek()!.text)) {
		const operator = cursor.next().text;
		left = { kind: 'binary', operator, left, right: parseMultiplicative(cursor) };
	}
	return left;
}

function parseMultiplicative(cursor: Cursor): Expression {
	let left = parseUnary(cursor);
	while (cursor.peek()?.type === 'operator' && ['*', '/', '%'].includes(cursor.peek()!.text)) {
		const operator = cursor.next().text;
		left = { kind: 'binary', operator, left, right: parseUnary(cursor) };
	}
	return left;
}

function parseUnary(cursor: Cursor): Expression {
	if (cursor.peek()?.type === 'operator' && cursor.peek()!.text === '-') {
		cursor.next();
		return { kind: 'unary', operator: '-', operand: parseUnary(cursor) };
	}
	return parsePrimary(cursor);
}

function parsePrimary(cursor: Cursor): Expression {
	const token = cursor.next();
	if (token.type === 'string' || token.type === 'number' || token.type === 'timespan') return { kind: 'literal', value: token.value };
	if (token.text === '(') {
		const inner = parseExpression(cursor);
		cursor.expect(')');
		return inner;
	}
	if (token.type !== 'name') throw new HuntingQueryError(`Query could not be parsed at '${token.text}'.`);
	const lower = token.text.toLowerCase();
	if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
	if (cursor.isText('(')) {
		cursor.next();
		if (lower === 'datetime') {
			let text = '';
			while (!cursor.isText(')')) text += cursor.next().text;
			cursor.expect(')');
			const instant = new Date(text.includes('T') || text.length <= 10 ? text : text.replace(' ', 'T'));
			if (Number.isNaN(instant.getTime())) throw new HuntingQueryError(`Invalid datetime literal '${text}'.`);
			return { kind: 'literal', value: instant };
		}
		const args: Expression[] = [];
		if (!cursor.isText(')')) {
			args.push(parseExpression(cursor));
			while (cursor.isText(',')) {
				cursor.next();
				args.push(parseExpression(cursor));
			}
		}
		cursor.expect(')');
		return { kind: 'call', name: lower, args };
	}
	return { kind: 'column', name: token.text };
}

interface Context {
	now: Date;
	columns: Set<string>;
}

function asText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return formatDateTime(value);
	return String(value);
}

/** Defender writes DateTime values with seven fractional digits. */
export function formatDateTime(instant: Date): string {
	return instant.toISOString().replace(/Z$/, '0000Z');
}

function hasTerm(haystack: string, needle: string): boolean {
	if (!needle) return true;
	const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu');
	return pattern.test(haystack);
}

function comparable(value: unknown): unknown {
	return value instanceof Date ? value.getTime() : value;
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
	isempty: ([value]) => value === null || value === undefined || value === '',
	isnotempty: ([value]) => !(value === null || value === undefined || value === ''),
	isnull: ([value]) => value === null || value === undefined,
	isnotnull: ([value]) => !(value === null || value === undefined),
	not: ([value]) => !value,
	iff: ([condition, whenTrue, whenFalse]) => (condition ? whenTrue : whenFalse),
	iif: ([condition, whenTrue, whenFalse]) => (condition ? whenTrue : whenFalse),
	bin: ([value, size]) => (value instanceof Date ? new Date(Math.floor(value.getTime() / Number(size)) * Number(size)) : Math.floor(Number(value) / Number(size)) * Number(size)),
	startofday: ([value]) => new Date(Math.floor((value as Date).getTime() / 86_400_000) * 86_400_000),
};

function evaluate(expression: Expression, row: Row, context: Context): unknown {
	switch (expression.kind) {
		case 'literal':
			return expression.value;
		case 'column':
			if (!context.columns.has(expression.name)) throw new HuntingQueryError(`Failed to resolve scalar expression named '${expression.name}'.`);
			return row[expression.name];
		case 'unary':
			return -Number(evaluate(expression.operand, row, context));
		case 'in': {
			const left = asText(evaluate(expression.left, row, context));
			const values = expression.values.map((value) => asText(evaluate(value, row, context)));
			const found = expression.caseInsensitive ? values.some((value) => value.toLowerCase() === left.toLowerCase()) : values.includes(left);
			return expression.negated ? !found : found;
		}
		case 'call': {
			if (aggregateNames.includes(expression.name) && !scalarFunctions[expression.name]) {
				throw new HuntingQueryError(`The aggregation function '${expression.name}' can only be used in summarize.`);
			}
			const implementation = scalarFunctions[expression.name];
			if (!implementation) throw new HuntingQueryError(`The emulator does not support the KQL function '${expression.name}'.`);
			return implementation(expression.args.map((argument) => evaluate(argument, row, context)), context);
		}
		case 'binary': {
			const { operator } = expression;
			if (operator === 'and') return Boolean(evaluate(expression.left, row, context)) && Boolean(evaluate(expression.right, row, context));
			if (operator === 'or') return Boolean(evaluate(expression.left, row, context)) || Boolean(evaluate(expression.right, row, context));
			const left = evaluate(expression.left, row, context);
			const right = evaluate(expression.right, row, context);
			switch (operator) {
				case '==':
					return comparable(left) === comparable(right);
				case '!=':
					return comparable(left) !== comparable(right);
				case '=~':
					return asText(left).toLowerCase() === asText(right).toLowerCase();
				case '!~':
					return asText(left).toLowerCase() !== asText(right).toLowerCase();
				case '<':
					return (comparable(left) as number) < (comparable(right) as number);
				case '<=':
					return (comparable(left) as number) <= (comparable(right) as number);
				case '>':
					return (comparable(left) as number) > (comparable(right) as number);
				case '>=':
					return (comparable(left) as number) >= (comparable(right) as number);
				case '+':
					return left instanceof Date ? new Date(left.getTime() + Number(right)) : Number(left) + Number(right);
				case '-':
					if (left instanceof Date && right instanceof Date) return left.getTime() - right.getTime();
					return left instanceof Date ? new Date(left.getTime() - Number(right)) : Number(left) - Number(right);
				case '*':
					return Number(left) * Number(right);
				case '/':
					return Number(left) / Number(right);
				case '%':
					return Number(left) % Number(right);
				case 'has':
					return hasTerm(asText(left), asText(right));
				case '!has':
					return !hasTerm(asText(left), asText(right));
				case 'has_cs':
					return asText(left).includes(asText(right));
				case 'contains':
					return asText(left).toLowerCase().includes(asText(right).toLowerCase());
				case '!contains':
					return !asText(left).toLowerCase().includes(asText(right).toLowerCase());
				case 'contains_cs':
					return asText(left).includes(asText(right));
				case 'startswith':
					return asText(left).toLowerCase().startsWith(asText(right).toLowerCase());
				case '!startswith':
					return !asText(left).toLowerCase().startsWith(asText(right).toLowerCase());
				case 'endswith':
					return asText(left).toLowerCase().endsWith(asText(right).toLowerCase());
				case '!endswith':
					return !asText(left).toLowerCase().endsWith(asText(right).toLowerCase());
				default:
					throw new HuntingQueryError(`The emulator does not support the KQL operator '${operator}'.`);
			}
		}
	}
}

function typeOfValue(value: unknown): ColumnType {
	if (value instanceof Date) return 'DateTime';
	if (typeof value === 'boolean') return 'Boolean';
	if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Double';
	if (typeof value === 'object' && value !== null) return 'Dynamic';
	return 'String';
}

/** The name KQL gives an unnamed computed column: the column itself, or e.g. count_, dcount_DeviceName. */
function defaultName(expression: Expression, fallback: string): string {
	if (expression.kind === 'column') return expression.name;
	if (expression.kind === 'call') {
		const column = expression.args.find((argument) => argument.kind === 'column') as { name: string } | undefined;
		if (expression.name === 'bin' && column) return column.name;
		return `${expression.name}_${column?.name ?? ''}`;
	}
	return fallback;
}

function readAssignments(cursor: Cursor): Array<{ name: string; expression: Expression }> {
	const assignments: Array<{ name: string; expression: Expression }> = [];
	let index = 0;
	for (;;) {
		let name: string | undefined;
		if (cursor.peek()?.type === 'name' && cursor.peek(1)?.text === '=') {
			name = cursor.next().text;
			cursor.next();
		}
		const expression = parseExpression(cursor);
		assignments.push({ name: name ?? defaultName(expression, `Column${++index}`), expression });
		if (!cursor.isText(',')) return assignments;
		cursor.next();
	}
}

function readSortKeys(cursor: Cursor): Array<{ expression: Expression; descending: boolean }> {
	const keys: Array<{ expression: Expression; descending: boolean }> = [];
	for (;;) {
		const expression = parseExpression(cursor);
		let descending = true;
		if (cursor.isText('asc') || cursor.isText('desc')) descending = cursor.next().text.toLowerCase() === 'desc';
		if (cursor.isText('nulls')) {
			cursor.next();
			cursor.next();
		}
		keys.push({ expression, descending });
		if (!cursor.isText(',')) return keys;
		cursor.next();
	}
}

function sortRows(table: Table, keys: Array<{ expression: Expression; descending: boolean }>, context: Context): Row[] {
	const decorated = table.rows.map((row) => ({ row, values: keys.map((key) => comparable(evaluate(key.expression, row, context))) }));
	decorated.sort((first, second) => {
		for (let index = 0; index < keys.length; index++) {
			const left = first.values[index] as number | string;
			const right = second.values[index] as number | string;
			if (left === right) continue;
			const order = left === undefined || left === null ? -1 : right === undefined || right === null ? 1 : left < right ? -1 : 1;
			return keys[index].descending ? -order : order;
		}
		return 0;
	});
	return decorated.map(({ row }) => row);
}

function project(table: Table, assignments: Array<{ name: string; expression: Expression }>, context: Context, keepExisting: boolean): Table {
	const rows = table.rows.map((row) => {
		const projected: Row = keepExisting ? { ...row } : {};
		for (const { name, expression } of assignments) projected[name] = evaluate(expression, row, context);
		return projected;
	});
	const base = keepExisting ? table.schema.filter((column) => !assignments.some((assignment) => assignment.name === column.name)) : [];
	const schema = [
		...base,
		...assignments.map(({ name, expression }) => {
			const source = expression.kind === 'column' ? table.schema.find((column) => column.name === expression.name) : undefined;
			return { name, type: source?.type ?? typeOfValue(rows.find((row) => row[name] !== null && row[name] !== undefined)?.[name]) };
		}),
	];
	return { schema, rows };
}

function aggregate(name: string, args: Expression[], rows: Row[], context: Context): unknown {
	const values = () => rows.map((row) => evaluate(args[0], row, context));
	switch (name) {
		case 'count':
			return rows.length;
		case 'countif':
			return rows.filter((row) => Boolean(evaluate(args[0], row, context))).length;
		case 'dcount':
			return new Set(values().map(asText)).size;
		case 'make_set':
			return [...new Set(values().map((value) => (value instanceof Date ? formatDateTime(value) : value)))];
		case 'sum':
			return values().reduce((sum: number, value) => sum + Number(value), 0);
		case 'avg':
			return rows.length ? (values().reduce((sum: number, value) => sum + Number(value), 0) as number) / rows.length : null;
		case 'min':
		case 'max': {
			const list = values().filter((value) => value !== null && value !== undefined);
			if (!list.length) return null;
			return list.reduce((best, value) => ((name === 'min' ? comparable(value)! < comparable(best)! : comparable(value)! > comparable(best)!) ? value : best));
		}
		default:
			throw new HuntingQueryError(`The emulator does not support the KQL aggregation '${name}'.`);
	}
}

function summarize(table: Table, cursor: Cursor, context: Context): Table {
	const aggregations = readAssignments(cursor).map(({ name, expression }) => {
		if (expression.kind !== 'call' || !aggregateNames.includes(expression.name)) throw new HuntingQueryError('summarize expects aggregation functions such as count(), dcount(x), min(x), max(x), sum(x), avg(x).');
		return { name, call: expression };
	});
	const groups: Array<{ name: string; expression: Expression }> = [];
	if (cursor.isText('by')) {
		cursor.next();
		groups.push(...readAssignments(cursor));
	}
	const buckets = new Map<string, { keys: unknown[]; rows: Row[] }>();
	for (const row of table.rows) {
		const keys = groups.map((group) => evaluate(group.expression, row, context));
		const id = JSON.stringify(keys.map((key) => (key instanceof Date ? key.getTime() : key)));
		const bucket = buckets.get(id) ?? { keys, rows: [] };
		bucket.rows.push(row);
		buckets.set(id, bucket);
	}
	if (groups.length === 0 && buckets.size === 0) buckets.set('[]', { keys: [], rows: [] });
	const rows = [...buckets.values()].map(({ keys, rows: bucketRows }) => {
		const output: Row = {};
		groups.forEach((group, index) => (output[group.name] = keys[index]));
		for (const { name, call } of aggregations) output[name] = aggregate(call.name, call.args, bucketRows, context);
		return output;
	});
	const schema: ColumnSchema[] = [
		...groups.map(({ name, expression }) => ({ name, type: (expression.kind === 'column' ? table.schema.find((column) => column.name === expression.name)?.type : undefined) ?? typeOfValue(rows[0]?.[name]) })),
		...aggregations.map(({ name, call }) => ({ name, type: ['count', 'countif', 'dcount'].includes(call.name) ? ('Int64' as ColumnType) : call.name === 'make_set' ? ('Dynamic' as ColumnType) : typeOfValue(rows[0]?.[name]) })),
	];
	return { schema, rows };
}

function readCount(cursor: Cursor, operator: string): number {
	const token = cursor.next();
	if (token.type !== 'number') throw new HuntingQueryError(`${operator} expects a number of rows.`);
	return Number(token.value);
}

function applyOperator(table: Table, cursor: Cursor, context: Context): Table {
	const operatorToken = cursor.next();
	const operator = operatorToken.text.toLowerCase();
	if (!supportedOperators.includes(operator)) throw new HuntingQueryError(`The emulator does not support the KQL operator '${operatorToken.text}'.`);
	context.columns = new Set(table.schema.map((column) => column.name));
	switch (operator) {
		case 'where':
		case 'filter': {
			const predicate = parseExpression(cursor);
			return { schema: table.schema, rows: table.rows.filter((row) => Boolean(evaluate(predicate, row, context))) };
		}
		case 'project':
			return project(table, readAssignments(cursor), context, false);
		case 'extend':
			return project(table, readAssignments(cursor), context, true);
		case 'project-away': {
			const names = readAssignments(cursor).map(({ expression }) => (expression.kind === 'column' ? expression.name : ''));
			for (const name of names) if (!context.columns.has(name)) throw new HuntingQueryError(`Failed to resolve scalar expression named '${name}'.`);
			return { schema: table.schema.filter((column) => !names.includes(column.name)), rows: table.rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !names.includes(key)))) };
		}
		case 'take':
		case 'limit':
			return { schema: table.schema, rows: table.rows.slice(0, readCount(cursor, operator)) };
		case 'top': {
			const count = readCount(cursor, operator);
			cursor.expect('by');
			return { schema: table.schema, rows: sortRows(table, readSortKeys(cursor), context).slice(0, count) };
		}
		case 'order':
		case 'sort':
			cursor.expect('by');
			return { schema: table.schema, rows: sortRows(table, readSortKeys(cursor), context) };
		case 'summarize':
			return summarize(table, cursor, context);
		case 'distinct': {
			const projected = project(table, readAssignments(cursor), context, false);
			const seen = new Set<string>();
			return { schema: projected.schema, rows: projected.rows.filter((row) => !seen.has(JSON.stringify(row)) && Boolean(seen.add(JSON.stringify(row)))) };
		}
		default:
			return { schema: [{ name: 'Count', type: 'Int64' }], rows: [{ Count: table.rows.length }] };
	}
}

function readSource(cursor: Cursor, tables: HuntingTables, window: { start: Date; end: Date }, context: Context): Table {
	const token = cursor.next();
	if (token.type !== 'name') throw new HuntingQueryError(`Query could not be parsed at '${token.text}': a table name is expected.`);
	if (token.text === 'range') {
		const column = cursor.next().text;
		cursor.expect('from');
		const from = Number(evaluate(parseAdditive(cursor), {}, context));
		cursor.expect('to');
		const to = Number(evaluate(parseAdditive(cursor), {}, context));
		cursor.expect('step');
		const step = Number(evaluate(parseAdditive(cursor), {}, context));
		if (!(step > 0)) throw new HuntingQueryError('range needs a positive step.');
		const rows: Row[] = [];
		for (let value = from; value <= to; value += step) rows.push({ [column]: value });
		return { schema: [{ name: column, type: 'Int64' }], rows };
	}
	const table = tables[token.text];
	if (!table) throw new HuntingQueryError(`Failed to resolve table or column expression named '${token.text}'.`);
	const start = window.start.getTime();
	const end = window.end.getTime();
	return { schema: table.schema, rows: table.rows.filter((row) => !(row.Timestamp instanceof Date) || (row.Timestamp.getTime() >= start && row.Timestamp.getTime() <= end)) };
}

/** Evaluates the query; DateTime cells stay Date objects until the caller formats them. */
export function evaluateQuery(query: string, tables: HuntingTables, now: Date, window: { start: Date; end: Date }): Table {
	const statements = splitStatements(tokenize(query));
	const context: Context = { now, columns: new Set() };
	const last = statements[statements.length - 1];
	if (statements.length > 1) throw new HuntingQueryError("The emulator does not support the KQL statement 'let'.");
	const cursor = new Cursor(last);
	let table = readSource(cursor, tables, window, context);
	while (!cursor.done()) {
		cursor.expect('|');
		table = applyOperator(table, cursor, context);
	}
	return table;
}

function splitStatements(tokens: Token[]): Token[][] {
	const statements: Token[][] = [[]];
	for (const token of tokens) {
		if (token.text === ';') statements.push([]);
		else statements[statements.length - 1].push(token);
	}
	return statements.filter((statement) => statement.length > 0);
}
