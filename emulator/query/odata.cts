/**
 * OData `$filter` and `$orderby` as Graph and the legacy Defender API accept them: a tokenizer and a
 * precedence-climbing parser producing a syntax tree, then an evaluator over plain entities. The legacy dialect
 * is the documented subset: comparisons joined with `and`.
 */

export type FieldType = 'string' | 'dateTime' | 'number' | 'enum' | 'stringCollection' | 'boolean';

export interface QuerySchema {
	dialect: 'graph' | 'legacy';
	/** Used in Graph's error messages, e.g. microsoft.graph.security.incident. */
	entityTypeName: string;
	fields: Record<string, { type: FieldType; members?: string[] }>;
	sortable?: string[];
}

export class ODataQueryError extends Error {
	readonly code = 'BadRequest';
}

type Literal = { kind: 'literal'; value: string | number | boolean | null; raw: string; quoted: boolean };
export type FilterNode =
	| Literal
	| { kind: 'field'; name: string }
	| { kind: 'lambdaVariable'; name: string }
	| { kind: 'not'; operand: FilterNode }
	| { kind: 'logical'; operator: 'and' | 'or'; left: FilterNode; right: FilterNode }
	| { kind: 'compare'; operator: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: FilterNode; right: FilterNode }
	| { kind: 'in'; left: FilterNode; values: FilterNode[] }
	| { kind: 'call'; name: string; args: FilterNode[] }
	| { kind: 'any'; collection: string; variable: string; predicate: FilterNode };

interface Token {
	type: 'word' | 'string' | 'number' | 'dateTime' | 'symbol';
	text: string;
	position: number;
}

const dateTimePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let position = 0;
	const syntaxError = (at: number) => new ODataQueryError(`Invalid filter clause: Syntax error at position ${at} in '${text}'.`);
	while (position < text.length) {
		const character = text[position];
		if (/\s/.test(character)) {
			position++;
			continue;
		}
		if (character === "'") {
			let value = '';
			let index = position + 1;
			for (;;) {
				if (index >= text.length) throw new ODataQueryError(`Invalid filter clause: There is an unterminated string literal at position ${position} in '${text}'.`);
				if (text[index] === "'") {
					if (text[index + 1] === "'") {
						value += "'";
						index += 2;
						continue;
					}
					break;
				}
				value += text[index++];
			}
			tokens.push({ type: 'string', text: value, position });
			position = index + 1;
			continue;
		}
		const dateTime = dateTimePattern.exec(text.slice(position));
		if (dateTime && dateTime[0].length > 4 && /^\d{4}-/.test(dateTime[0])) {
			tokens.push({ type: 'dateTime', text: dateTime[0], position });
			position += dateTime[0].length;
			continue;
		}
		const number = /^-?\d+(\.\d+)?/.exec(text.slice(position));
		if (number) {
			tokens.push({ type: 'number', text: number[0], position });
			position += number[0].length;
			continue;
		}
		const word = /^[A-Za-z_][\w.]*/.exec(text.slice(position));
		if (word) {
			tokens.push({ type: 'word', text: word[0], position });
			position += word[0].length;
			continue;
		}
		if ('(),/:'.includes(character)) {
			tokens.push({ type: 'symbol', text: character, position });
			position++;
			continue;
		}
		throw syntaxError(position);
	}
	return tokens;
}

const comparisons = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const functions = new Set(['startswith', 'endswith', 'contains', 'tolower', 'toupper']);

class Parser {
	private index = 0;

	private readonly variables: string[] = [];

	constructor(
		private readonly tokens: Token[],
		private readonly text: string,
	) {}

	private peek(): Token | undefined {
		return this.tokens[this.index];
	}

	private error(token = this.peek()): ODataQueryError {
		return new ODataQueryError(`Invalid filter clause: Syntax error at position ${token ? token.position : this.text.length} in '${this.text}'.`);
	}

	private expectSymbol(symbol: string): void {
		const token = this.tokens[this.index];
		if (token?.type !== 'symbol' || token.text !== symbol) throw this.error(token);
		this.index++;
	}

	private isWord(word: string): boolean {
		const token = this.peek();
		return token?.type === 'word' && token.text.toLowerCase() === word;
	}

	parse(): FilterNode {
		const node = this.parseOr();
		if (this.index < this.tokens.length) throw this.error();
		return node;
	}

	private parseOr(): FilterNode {
		let left = this.parseAnd();
		while (this.isWord('or')) {
			this.index++;
			left = { kind: 'logical', operator: 'or', left, right: this.parseAnd() };
		}
		return left;
	}

	private parseAnd(): FilterNode {
		let left = this.parseUnary();
		while (this.isWord('and')) {
			this.index++;
			left = { kind: 'logical', operator: 'and', left, right: this.parseUnary() };
		}
		return left;
	}

	private parseUnary(): FilterNode {
		if (this.isWord('not')) {
			this.index++;
			return { kind: 'not', operand: this.parseUnary() };
		}
		return this.parseComparison();
	}

	private parseComparison(): FilterNode {
		const left = this.parsePrimary();
		const token = this.peek();
		if (token?.type === 'word' && comparisons.has(token.text.toLowerCase())) {
			this.index++;
			return { kind: 'compare', operator: token.text.toLowerCase() as 'eq', left, right: this.parsePrimary() };
		}
		if (token?.type === 'word' && token.text.toLowerCase() === 'in') {
			this.index++;
			this.expectSymbol('(');
			const values: FilterNode[] = [this.parsePrimary()];
			while (this.peek()?.text === ',') {
				this.index++;
				values.push(this.parsePrimary());
			}
			this.expectSymbol(')');
			return { kind: 'in', left, values };
		}
		return left;
	}

	private parsePrimary(): FilterNode {
		const token = this.tokens[this.index++];
		if (!token) throw this.error(token);
		if (token.type === 'symbol' && token.text === '(') {
			const inner = this.parseOr();
			this.expectSymbol(')');
			return inner;
		}
		if (token.type === 'string') return { kind: 'literal', value: token.text, raw: token.text, quoted: true };
		if (token.type === 'number') return { kind: 'literal', value: Number(token.text), raw: token.text, quoted: false };
		if (token.type === 'dateTime') return { kind: 'literal', value: token.text, raw: token.text, quoted: false };
		if (token.type !== 'word') throw this.error(token);
		const word = token.text;
		const lower = word.toLowerCase();
		if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', raw: word, quoted: false };
		if (lower === 'null') return { kind: 'literal', value: null, raw: word, quoted: false };
		if (this.peek()?.text === '(' && functions.has(lower)) {
			this.index++;
			const args: FilterNode[] = [this.parseOr()];
			while (this.peek()?.text === ',') {
				this.index++;
				args.push(this.parseOr());
			}
			this.expectSymbol(')');
			return { kind: 'call', name: lower, args };
		}
		if (this.peek()?.text === '/') {
			this.index++;
			const lambda = this.tokens[this.index++];
			if (lambda?.type !== 'word' || lambda.text.toLowerCase() !== 'any') throw this.error(lambda);
			this.expectSymbol('(');
			const variable = this.tokens[this.index++];
			if (variable?.type !== 'word') throw this.error(variable);
			this.expectSymbol(':');
			this.variables.push(variable.text);
			const predicate = this.parseOr();
			this.variables.pop();
			this.expectSymbol(')');
			return { kind: 'any', collection: word, variable: variable.text, predicate };
		}
		if (this.variables.includes(word)) return { kind: 'lambdaVariable', name: word };
		return { kind: 'field', name: word };
	}
}

export function parseFilter(filterText: string): FilterNode {
	return new Parser(tokenize(filterText), filterText).parse();
}

/** Date-times compare as instants, keeping Defender's seventh fractional digit. */
function instantKey(value: string): number {
	const parsed = Date.parse(value);
	if (Number.isNaN(parsed)) return Number.NaN;
	const fraction = (/\.(\d+)/.exec(value)?.[1] ?? '').padEnd(7, '0').slice(3, 7);
	return parsed * 10_000 + Number(fraction);
}

function checkNode(node: FilterNode, schema: QuerySchema): void {
	const legacy = schema.dialect === 'legacy';
	const unsupported = (what: string) => new ODataQueryError(`Invalid filter: ${what} is not supported.`);
	switch (node.kind) {
		case 'field':
			if (!Object.hasOwn(schema.fields, node.name)) {
				throw new ODataQueryError(
					legacy ? `Invalid filter: the property '${node.name}' cannot be filtered.` : `Invalid filter clause: Could not find a property named '${node.name}' on type '${schema.entityTypeName}'.`,
				);
			}
			return;
		case 'logical':
			if (legacy && node.operator === 'or') throw unsupported("operator 'or'");
			checkNode(node.left, schema);
			checkNode(node.right, schema);
			return;
		case 'not':
			if (legacy) throw unsupported("operator 'not'");
			checkNode(node.operand, schema);
			return;
		case 'in':
			if (legacy) throw unsupported("operator 'in'");
			checkNode(node.left, schema);
			node.values.forEach((value) => checkEnumLiteral(node.left, value, schema));
			return;
		case 'call':
			if (legacy) throw unsupported(`function '${node.name}'`);
			node.args.forEach((argument) => checkNode(argument, schema));
			return;
		case 'any':
			if (legacy) throw unsupported('lambda any');
			if (schema.fields[node.collection]?.type !== 'stringCollection') {
				throw new ODataQueryError(`Invalid filter clause: Could not find a collection property named '${node.collection}' on type '${schema.entityTypeName}'.`);
			}
			checkNode(node.predicate, schema);
			return;
		case 'compare':
			if (legacy && (node.left.kind !== 'field' || node.right.kind !== 'literal')) throw unsupported('this comparison');
			if (legacy && node.operator === 'ne') throw unsupported("operator 'ne'");
			checkNode(node.left, schema);
			checkNode(node.right, schema);
			checkEnumLiteral(node.left, node.right, schema);
			return;
		default:
			return;
	}
}

function checkEnumLiteral(fieldNode: FilterNode, literal: FilterNode, schema: QuerySchema): void {
	if (fieldNode.kind !== 'field' || literal.kind !== 'literal' || literal.value === null) return;
	const field = schema.fields[fieldNode.name];
	if (field?.type !== 'enum' || !field.members) return;
	const value = String(literal.value);
	const known = schema.dialect === 'legacy' ? field.members.some((member) => member.toLowerCase() === value.toLowerCase()) : field.members.includes(value);
	if (!known) {
		throw new ODataQueryError(
			schema.dialect === 'legacy' ? `Invalid filter: '${value}' is not a valid value of ${fieldNode.name}.` : `The string '${value}' is not a valid enumeration type constant.`,
		);
	}
}

type Value = string | number | boolean | null | undefined | unknown[];

function evaluate(node: FilterNode, entity: Record<string, unknown>, schema: QuerySchema, scope: Record<string, unknown>): Value {
	switch (node.kind) {
		case 'literal':
			return node.value;
		case 'field':
			return entity[node.name] as Value;
		case 'lambdaVariable':
			return scope[node.name] as Value;
		case 'not':
			return !evaluate(node.operand, entity, schema, scope);
		case 'logical': {
			const left = Boolean(evaluate(node.left, entity, schema, scope));
			return node.operator === 'and' ? left && Boolean(evaluate(node.right, entity, schema, scope)) : left || Boolean(evaluate(node.right, entity, schema, scope));
		}
		case 'in': {
			const left = evaluate(node.left, entity, schema, scope);
			return node.values.some((value) => compare('eq', left, evaluate(value, entity, schema, scope), typeOf(node.left, schema), schema));
		}
		case 'compare':
			return compare(node.operator, evaluate(node.left, entity, schema, scope), evaluate(node.right, entity, schema, scope), typeOf(node.left, schema) ?? typeOf(node.right, schema), schema);
		case 'call': {
			const args = node.args.map((argument) => evaluate(argument, entity, schema, scope));
			const text = (value: Value) => (value === null || value === undefined ? '' : String(value)).toLowerCase();
			if (node.name === 'tolower') return args[0] === null || args[0] === undefined ? null : String(args[0]).toLowerCase();
			if (node.name === 'toupper') return args[0] === null || args[0] === undefined ? null : String(args[0]).toUpperCase();
			if (node.name === 'startswith') return text(args[0]).startsWith(text(args[1]));
			if (node.name === 'endswith') return text(args[0]).endsWith(text(args[1]));
			return text(args[0]).includes(text(args[1]));
		}
		case 'any': {
			const collection = entity[node.collection];
			return Array.isArray(collection) && collection.some((element) => Boolean(evaluate(node.predicate, entity, schema, { ...scope, [node.variable]: element })));
		}
	}
}

function typeOf(node: FilterNode, schema: QuerySchema): FieldType | undefined {
	return node.kind === 'field' ? schema.fields[node.name]?.type : undefined;
}

function compare(operator: string, left: Value, right: Value, type: FieldType | undefined, schema: QuerySchema): boolean {
	if (left === null || left === undefined || right === null || right === undefined) {
		const bothNull = (left === null || left === undefined) && (right === null || right === undefined);
		return operator === 'eq' ? bothNull : operator === 'ne' ? !bothNull : false;
	}
	let first: string | number | boolean;
	let second: string | number | boolean;
	if (type === 'dateTime') {
		first = instantKey(String(left));
		second = instantKey(String(right));
		if (Number.isNaN(second)) throw new ODataQueryError(`Invalid filter clause: '${String(right)}' is not a valid date-time.`);
	} else if (type === 'enum' && schema.dialect === 'legacy') {
		first = String(left).toLowerCase();
		second = String(right).toLowerCase();
	} else {
		first = left as string | number | boolean;
		second = right as string | number | boolean;
	}
	switch (operator) {
		case 'eq':
			return first === second;
		case 'ne':
			return first !== second;
		case 'gt':
			return first > second;
		case 'ge':
			return first >= second;
		case 'lt':
			return first < second;
		default:
			return first <= second;
	}
}

export type EntityPredicate = (entity: Record<string, unknown>) => boolean;

export function compileFilter(filterText: string, schema: QuerySchema): EntityPredicate {
	const tree = parseFilter(filterText);
	checkNode(tree, schema);
	return (entity) => Boolean(evaluate(tree, entity, schema, {}));
}

export function compileOrderBy(orderByText: string, schema: QuerySchema): (left: Record<string, unknown>, right: Record<string, unknown>) => number {
	if (schema.dialect === 'legacy') throw new ODataQueryError('Query option $orderby is not supported.');
	const keys = orderByText.split(',').map((part) => {
		const [field, direction = 'asc', ...extra] = part.trim().split(/\s+/);
		if (extra.length > 0 || !['asc', 'desc'].includes(direction.toLowerCase())) throw new ODataQueryError(`Invalid $orderby clause '${part.trim()}'.`);
		if (!(schema.sortable ?? []).includes(field)) throw new ODataQueryError(`Order by not supported for property '${field}' on type '${schema.entityTypeName}'.`);
		return { field, descending: direction.toLowerCase() === 'desc', type: schema.fields[field]?.type };
	});
	return (left, right) => {
		for (const key of keys) {
			const first = left[key.field];
			const second = right[key.field];
			if (first === second) continue;
			// Nulls sort first ascending, as in Graph.
			let order: number;
			if (first === null || first === undefined) order = -1;
			else if (second === null || second === undefined) order = 1;
			else if (key.type === 'dateTime') order = instantKey(String(first)) - instantKey(String(second));
			else order = first < second ? -1 : first > second ? 1 : 0;
			if (order !== 0) return key.descending ? -order : order;
		}
		return 0;
	};
}
