/**
 * Recursive-descent parser for `$filter` and `$orderby`, with OData's operator precedence from loosest to
 * tightest: `or`, `and`, equality (`eq`, `ne`), relational (`gt`, `ge`, `lt`, `le`, `in`), unary `not`, primary.
 * As in the OData specification (and Microsoft's OData library behind Graph), `not` binds tighter than a
 * comparison: `not status eq 'active'` means `(not status) eq 'active'`, so write `not (status eq 'active')`.
 */

import type { ComparisonOperator, FilterNode, FunctionName, OrderByKey } from './ast.cjs';
import { clauseError, syntaxError, type Dialect, type QueryOption } from './errors.cjs';
import { tokenize, type Token } from './tokenizer.cjs';

const equalityOperators = new Set<ComparisonOperator>(['eq', 'ne']);
const relationalOperators = new Set<ComparisonOperator>(['gt', 'ge', 'lt', 'le']);
const functionNames = new Set<FunctionName>(['startswith', 'endswith', 'contains', 'tolower', 'toupper']);

class TokenStream {
	private index = 0;

	constructor(
		private readonly tokens: Token[],
		private readonly text: string,
		private readonly dialect: Dialect,
		private readonly option: QueryOption,
	) {}

	peek(ahead = 0): Token {
		return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
	}

	next(): Token {
		const token = this.peek();
		if (token.type !== 'end') this.index++;
		return token;
	}

	/** The keyword the next token spells (keywords are case-insensitive), if it is an identifier. */
	keyword(ahead = 0): string | undefined {
		const token = this.peek(ahead);
		return token.type === 'identifier' ? token.text.toLowerCase() : undefined;
	}

	isSymbol(symbol: string, ahead = 0): boolean {
		const token = this.peek(ahead);
		return token.type === 'symbol' && token.text === symbol;
	}

	expectSymbol(symbol: string): Token {
		if (!this.isSymbol(symbol)) throw this.error();
		return this.next();
	}

	expectIdentifier(): Extract<Token, { type: 'identifier' }> {
		const token = this.peek();
		if (token.type !== 'identifier') throw this.error();
		this.next();
		return token;
	}

	expectEnd(): void {
		if (this.peek().type !== 'end') throw this.error();
	}

	error(token: Token = this.peek()) {
		return syntaxError(this.dialect, this.option, this.text, token.position);
	}

	failure(message: string) {
		return clauseError(this.dialect, this.option, message);
	}
}

class FilterParser {
	private readonly rangeVariables: string[] = [];

	constructor(private readonly stream: TokenStream) {}

	parseExpression(): FilterNode {
		let left = this.parseAnd();
		while (this.stream.keyword() === 'or') {
			const position = this.stream.next().position;
			left = { kind: 'logical', operator: 'or', left, right: this.parseAnd(), position };
		}
		return left;
	}

	private parseAnd(): FilterNode {
		let left = this.parseEquality();
		while (this.stream.keyword() === 'and') {
			const position = this.stream.next().position;
			left = { kind: 'logical', operator: 'and', left, right: this.parseEquality(), position };
		}
		return left;
	}

	private parseEquality(): FilterNode {
		let left = this.parseRelational();
		for (let operator = this.stream.keyword(); operator && equalityOperators.has(operator as ComparisonOperator); operator = this.stream.keyword()) {
			const position = this.stream.next().position;
			left = { kind: 'comparison', operator: operator as ComparisonOperator, left, right: this.parseRelational(), position };
		}
		return left;
	}

	private parseRelational(): FilterNode {
		let left = this.parseUnary();
		for (let operator = this.stream.keyword(); operator; operator = this.stream.keyword()) {
			if (relationalOperators.has(operator as ComparisonOperator)) {
				const position = this.stream.next().position;
				left = { kind: 'comparison', operator: operator as ComparisonOperator, left, right: this.parseUnary(), position };
			} else if (operator === 'in') {
				const position = this.stream.next().position;
				left = { kind: 'in', operand: left, list: this.parseList(), position };
			} else {
				break;
			}
		}
		return left;
	}

	/** `( item, item, ... )` after `in`: at least one item. */
	private parseList(): FilterNode[] {
		this.stream.expectSymbol('(');
		const items = [this.parseExpression()];
		while (this.stream.isSymbol(',')) {
			this.stream.next();
			items.push(this.parseExpression());
		}
		this.stream.expectSymbol(')');
		return items;
	}

	private parseUnary(): FilterNode {
		if (this.stream.keyword() === 'not') {
			const position = this.stream.next().position;
			return { kind: 'not', operand: this.parseUnary(), position };
		}
		return this.parsePrimary();
	}

	private parsePrimary(): FilterNode {
		const token = this.stream.peek();
		switch (token.type) {
			case 'string':
				this.stream.next();
				return { kind: 'literal', literalType: 'string', value: token.value, position: token.position };
			case 'number':
				this.stream.next();
				return { kind: 'literal', literalType: 'number', value: token.value, position: token.position };
			case 'dateTime':
			case 'date':
				this.stream.next();
				return { kind: 'literal', literalType: token.type, value: token.text, position: token.position };
			case 'enum':
				this.stream.next();
				return { kind: 'literal', literalType: 'enum', value: token.value, enumTypeName: token.typeName, position: token.position };
			case 'symbol':
				if (token.text !== '(') throw this.stream.error();
				this.stream.next();
				return this.parseGroup();
			case 'identifier':
				return this.parseIdentifier(token);
			default:
				throw this.stream.error();
		}
	}

	private parseGroup(): FilterNode {
		const inner = this.parseExpression();
		this.stream.expectSymbol(')');
		return inner;
	}

	private parseIdentifier(token: Extract<Token, { type: 'identifier' }>): FilterNode {
		const keyword = token.text.toLowerCase();
		const position = token.position;
		if (keyword === 'true' || keyword === 'false') {
			this.stream.next();
			return { kind: 'literal', literalType: 'boolean', value: keyword === 'true', position };
		}
		if (keyword === 'null') {
			this.stream.next();
			return { kind: 'literal', literalType: 'null', value: null, position };
		}
		if (this.stream.isSymbol('(', 1)) return this.parseCall(token);
		if (this.stream.isSymbol('/', 1)) return this.parseLambda(token);
		if (isReservedWord(keyword)) throw this.stream.error();
		this.stream.next();
		if (this.rangeVariables.includes(token.text)) return { kind: 'rangeVariable', name: token.text, position };
		return { kind: 'property', name: token.text, position };
	}

	private parseCall(token: Extract<Token, { type: 'identifier' }>): FilterNode {
		const name = token.text.toLowerCase() as FunctionName;
		if (!functionNames.has(name)) {
			throw this.stream.failure(
				`An unknown function with name '${token.text}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
			);
		}
		this.stream.next();
		this.stream.expectSymbol('(');
		const args: FilterNode[] = [];
		if (!this.stream.isSymbol(')')) {
			args.push(this.parseExpression());
			while (this.stream.isSymbol(',')) {
				this.stream.next();
				args.push(this.parseExpression());
			}
		}
		this.stream.expectSymbol(')');
		return { kind: 'call', name, arguments: args, position: token.position };
	}

	/** `collection/any(v: predicate)`, `collection/any()` or `collection/all(v: predicate)`. */
	private parseLambda(collection: Extract<Token, { type: 'identifier' }>): FilterNode {
		this.stream.next();
		this.stream.expectSymbol('/');
		const quantifierToken = this.stream.expectIdentifier();
		const quantifier = quantifierToken.text.toLowerCase();
		if (quantifier !== 'any' && quantifier !== 'all') throw this.stream.error(quantifierToken);
		this.stream.expectSymbol('(');
		const position = collection.position;
		if (quantifier === 'any' && this.stream.isSymbol(')')) {
			this.stream.next();
			return { kind: 'lambda', quantifier, collection: collection.text, position };
		}
		const variable = this.stream.expectIdentifier();
		if (isReservedWord(variable.text.toLowerCase())) throw this.stream.error(variable);
		this.stream.expectSymbol(':');
		this.rangeVariables.push(variable.text);
		const predicate = this.parseExpression();
		this.rangeVariables.pop();
		this.stream.expectSymbol(')');
		return { kind: 'lambda', quantifier, collection: collection.text, variable: variable.text, predicate, position };
	}
}

const reservedWords = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'true', 'false', 'null']);

function isReservedWord(word: string): boolean {
	return reservedWords.has(word);
}

/** The syntax tree of `$filter` text; syntax errors are worded as the dialect's API words them. */
export function parseFilter(filterText: string, dialect: Dialect = 'graph'): FilterNode {
	const stream = new TokenStream(tokenize(filterText, { dialect, option: 'filter' }), filterText, dialect, 'filter');
	if (stream.peek().type === 'end') throw stream.error();
	const root = new FilterParser(stream).parseExpression();
	stream.expectEnd();
	return root;
}

/** `property [asc|desc], property [asc|desc], ...` */
export function parseOrderBy(orderByText: string, dialect: Dialect = 'graph'): OrderByKey[] {
	const stream = new TokenStream(tokenize(orderByText, { dialect, option: 'orderby' }), orderByText, dialect, 'orderby');
	const keys: OrderByKey[] = [];
	for (;;) {
		const property = stream.expectIdentifier();
		const direction = stream.keyword();
		if (direction === 'asc' || direction === 'desc') stream.next();
		keys.push({ property: property.text, descending: direction === 'desc', position: property.position });
		if (!stream.isSymbol(',')) break;
		stream.next();
	}
	stream.expectEnd();
	return keys;
}
