/**
 * Turns a `$filter` syntax tree into a predicate, checking it first as the API would: properties must exist,
 * operand types must agree (Graph's Microsoft.OData wording), enum literals must be members, the whole expression
 * must be Boolean, and the legacy API accepts only `property op value` comparisons joined with `and`.
 * Evaluation follows OData's null rules: a comparison with null is false except `eq`/`ne`, and `and`, `or`,
 * `not` are three-valued, so an entity matches only when the expression is true.
 */

import type { ComparisonOperator, FilterNode, FunctionName } from './ast.cjs';
import { instantTicks } from './dateTime.cjs';
import { clauseError, ODataQueryError, type Dialect } from './errors.cjs';
import { parseFilter } from './parser.cjs';
import { entityTypeNameOf, fieldOf, type QuerySchema } from './schema.cjs';
import { fieldValueType, normaliseEnumValue, orderOf, readField, typeName, type RuntimeValue, type ValueType } from './values.cjs';

export type Entity = Record<string, unknown>;
export type EntityPredicate = (entity: Entity) => boolean;

type Scope = Readonly<Record<string, unknown>>;
type Evaluate = (entity: Entity, scope: Scope) => RuntimeValue;

interface Compiled {
	type: ValueType;
	evaluate: Evaluate;
	/** Set when the expression is a string literal, which may stand for an enum member. */
	stringLiteral?: string;
}

interface Context {
	schema: QuerySchema;
	dialect: Dialect;
	rangeVariables: ReadonlyMap<string, ValueType>;
}

const operatorKinds: Record<ComparisonOperator | 'and' | 'or', string> = {
	eq: 'Equal',
	ne: 'NotEqual',
	gt: 'GreaterThan',
	ge: 'GreaterThanOrEqual',
	lt: 'LessThan',
	le: 'LessThanOrEqual',
	and: 'And',
	or: 'Or',
};

const functionSignatures: Record<FunctionName, { parameters: number; returns: ValueType }> = {
	startswith: { parameters: 2, returns: { kind: 'boolean' } },
	endswith: { parameters: 2, returns: { kind: 'boolean' } },
	contains: { parameters: 2, returns: { kind: 'boolean' } },
	tolower: { parameters: 1, returns: { kind: 'string' } },
	toupper: { parameters: 1, returns: { kind: 'string' } },
};

function fail(context: Context, message: string): ODataQueryError {
	return clauseError(context.dialect, 'filter', message);
}

function incompatibleOperands(context: Context, operator: keyof typeof operatorKinds, left: ValueType, right: ValueType): ODataQueryError {
	return fail(
		context,
		`A binary operator with incompatible types was detected. Found operand types '${typeName(left)}' and '${typeName(right)}' for operator kind '${operatorKinds[operator]}'.`,
	);
}

function isBooleanLike(type: ValueType): boolean {
	return type.kind === 'boolean' || type.kind === 'null';
}

function compileProperty(name: string, context: Context): Compiled {
	const field = fieldOf(context.schema, name);
	if (!field && context.schema.properties?.includes(name)) throw fail(context, `The property '${name}' cannot be used in the $filter query option.`);
	if (!field) throw fail(context, `Could not find a property named '${name}' on type '${entityTypeNameOf(context.schema)}'.`);
	const type = fieldValueType(context.schema, name);
	const { dialect } = context;
	return { type, evaluate: (entity) => readField(type, dialect, entity[name]) };
}

function compileLiteral(node: Extract<FilterNode, { kind: 'literal' }>): Compiled {
	const constant = (type: ValueType, value: RuntimeValue): Compiled => ({ type, evaluate: () => value });
	switch (node.literalType) {
		case 'string':
			return { ...constant({ kind: 'string' }, node.value), stringLiteral: node.value as string };
		case 'dateTime':
		case 'date':
			return constant({ kind: node.literalType }, instantTicks(node.value) ?? null);
		case 'enum':
			// A qualified enum literal converts like a quoted one once the other operand tells which enum it is.
			return { ...constant({ kind: 'string' }, node.value), stringLiteral: node.value as string };
		case 'number':
			return constant({ kind: 'number', edmName: numberLiteralTypeName(node.value as number) }, node.value);
		case 'boolean':
			return constant({ kind: 'boolean' }, node.value);
		default:
			return constant({ kind: 'null' }, null);
	}
}

/** The Edm type Microsoft.OData gives a number literal, as its messages name it. */
function numberLiteralTypeName(value: number): string {
	if (!Number.isInteger(value)) return 'Edm.Double';
	return Math.abs(value) < 2 ** 31 ? 'Edm.Int32' : 'Edm.Int64';
}

/** A string literal compared with an enum becomes that enum's member, or the request fails as Graph's does. */
function convertToEnum(literal: Compiled, enumType: Extract<ValueType, { kind: 'enum' }>, context: Context): Compiled {
	const value = literal.stringLiteral as string;
	const normalised = normaliseEnumValue(context.dialect, value);
	if (enumType.members && !enumType.members.includes(normalised)) {
		const message = `The string '${value}' is not a valid enumeration type constant.`;
		throw context.dialect === 'graph' ? new ODataQueryError(message) : fail(context, message);
	}
	return { type: enumType, evaluate: () => normalised };
}

/** Brings two operands to one type, or fails with Graph's incompatible-operands error. */
function unify(operator: ComparisonOperator, left: Compiled, right: Compiled, context: Context): [Compiled, Compiled] {
	if (left.type.kind === 'enum' && right.stringLiteral !== undefined) return [left, convertToEnum(right, left.type, context)];
	if (right.type.kind === 'enum' && left.stringLiteral !== undefined) return [convertToEnum(left, right.type, context), right];
	const collection = left.type.kind === 'stringCollection' || right.type.kind === 'stringCollection';
	const compatible =
		!collection &&
		(left.type.kind === 'null' ||
			right.type.kind === 'null' ||
			(left.type.kind === right.type.kind && (left.type.kind !== 'enum' || typeName(left.type) === typeName(right.type))));
	if (!compatible) throw incompatibleOperands(context, operator, left.type, right.type);
	return [left, right];
}

function comparisonHolds(operator: ComparisonOperator, left: RuntimeValue, right: RuntimeValue, order: ReturnType<typeof orderOf>): boolean {
	if (left === null || right === null) {
		if (operator === 'eq') return left === right;
		if (operator === 'ne') return left !== right;
		return false;
	}
	const difference = order(left, right);
	switch (operator) {
		case 'eq':
			return difference === 0;
		case 'ne':
			return difference !== 0;
		case 'gt':
			return difference > 0;
		case 'ge':
			return difference >= 0;
		case 'lt':
			return difference < 0;
		case 'le':
			return difference <= 0;
	}
}

function compileComparison(node: Extract<FilterNode, { kind: 'comparison' }>, context: Context): Compiled {
	const [left, right] = unify(node.operator, compile(node.left, context), compile(node.right, context), context);
	const order = orderOf(left.type.kind === 'null' ? right.type : left.type);
	const { operator } = node;
	return { type: { kind: 'boolean' }, evaluate: (entity, scope) => comparisonHolds(operator, left.evaluate(entity, scope), right.evaluate(entity, scope), order) };
}

function compileIn(node: Extract<FilterNode, { kind: 'in' }>, context: Context): Compiled {
	const operand = compile(node.operand, context);
	const items = node.list.map((item) => {
		if (item.kind !== 'literal') throw fail(context, `The right operand of 'in' must be a list of literals; found an expression at position ${item.position}.`);
		return unify('eq', operand, compileLiteral(item), context)[1];
	});
	const order = orderOf(operand.type);
	return {
		type: { kind: 'boolean' },
		evaluate: (entity, scope) => {
			const value = operand.evaluate(entity, scope);
			return items.some((item) => comparisonHolds('eq', value, item.evaluate(entity, scope), order));
		},
	};
}

function compileLogical(node: Extract<FilterNode, { kind: 'logical' }>, context: Context): Compiled {
	const left = compile(node.left, context);
	const right = compile(node.right, context);
	if (!isBooleanLike(left.type) || !isBooleanLike(right.type)) throw incompatibleOperands(context, node.operator, left.type, right.type);
	const decisive = node.operator === 'or';
	return {
		type: { kind: 'boolean' },
		evaluate: (entity, scope) => {
			const first = left.evaluate(entity, scope);
			if (first === decisive) return decisive;
			const second = right.evaluate(entity, scope);
			if (second === decisive) return decisive;
			return first === null || second === null ? null : !decisive;
		},
	};
}

function compileNot(node: Extract<FilterNode, { kind: 'not' }>, context: Context): Compiled {
	const operand = compile(node.operand, context);
	if (!isBooleanLike(operand.type)) {
		throw fail(context, `A unary operator with an incompatible type was detected. Found operand type '${typeName(operand.type)}' for operator kind 'Not'.`);
	}
	return {
		type: { kind: 'boolean' },
		evaluate: (entity, scope) => {
			const value = operand.evaluate(entity, scope);
			return value === null ? null : !value;
		},
	};
}

function compileCall(node: Extract<FilterNode, { kind: 'call' }>, context: Context): Compiled {
	const signature = functionSignatures[node.name];
	const args = node.arguments.map((argument) => compile(argument, context));
	if (args.length !== signature.parameters || args.some((argument) => argument.type.kind !== 'string' && argument.type.kind !== 'null')) {
		const parameters = Array.from({ length: signature.parameters }, () => 'Edm.String Nullable=true').join(', ');
		throw fail(
			context,
			`No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${node.name}(${parameters}).`,
		);
	}
	const [subject, argument] = args;
	// Text functions ignore case, as Graph's security API does for its string properties.
	const textTest = (test: (text: string, fragment: string) => boolean): Evaluate => {
		return (entity, scope) => {
			const text = subject.evaluate(entity, scope);
			const fragment = argument.evaluate(entity, scope);
			if (text === null || fragment === null) return null;
			return test(String(text).toLowerCase(), String(fragment).toLowerCase());
		};
	};
	const caseChange = (change: (text: string) => string): Evaluate => {
		return (entity, scope) => {
			const text = subject.evaluate(entity, scope);
			return text === null ? null : change(String(text));
		};
	};
	const evaluators: Record<FunctionName, () => Evaluate> = {
		startswith: () => textTest((text, fragment) => text.startsWith(fragment)),
		endswith: () => textTest((text, fragment) => text.endsWith(fragment)),
		contains: () => textTest((text, fragment) => text.includes(fragment)),
		tolower: () => caseChange((text) => text.toLowerCase()),
		toupper: () => caseChange((text) => text.toUpperCase()),
	};
	return { type: signature.returns, evaluate: evaluators[node.name]() };
}

function compileLambda(node: Extract<FilterNode, { kind: 'lambda' }>, context: Context): Compiled {
	const collection = compileProperty(node.collection, context);
	if (collection.type.kind !== 'stringCollection') {
		throw fail(context, `The '${node.quantifier}' operator can only be applied to a collection; '${node.collection}' is of type '${typeName(collection.type)}'.`);
	}
	const { variable, predicate: predicateNode, quantifier } = node;
	if (variable === undefined || predicateNode === undefined) {
		return { type: { kind: 'boolean' }, evaluate: (entity, scope) => ((collection.evaluate(entity, scope) as unknown[] | null)?.length ?? 0) > 0 };
	}
	const rangeVariables = new Map(context.rangeVariables).set(variable, { kind: 'string' });
	const predicate = compile(predicateNode, { ...context, rangeVariables });
	if (!isBooleanLike(predicate.type)) throw fail(context, `The '${quantifier}' expression must be a Boolean expression; found type '${typeName(predicate.type)}'.`);
	return {
		type: { kind: 'boolean' },
		evaluate: (entity, scope) => {
			const elements = collection.evaluate(entity, scope) as unknown[] | null;
			if (elements === null) return false;
			const holds = (element: unknown) => predicate.evaluate(entity, { ...scope, [variable]: element }) === true;
			return quantifier === 'any' ? elements.some(holds) : elements.every(holds);
		},
	};
}

function compile(node: FilterNode, context: Context): Compiled {
	switch (node.kind) {
		case 'literal':
			return compileLiteral(node);
		case 'property':
			return compileProperty(node.name, context);
		case 'rangeVariable': {
			const type = context.rangeVariables.get(node.name) ?? { kind: 'null' };
			const { dialect } = context;
			return { type, evaluate: (_entity, scope) => readField(type, dialect, scope[node.name]) };
		}
		case 'comparison':
			return compileComparison(node, context);
		case 'in':
			return compileIn(node, context);
		case 'logical':
			return compileLogical(node, context);
		case 'not':
			return compileNot(node, context);
		case 'call':
			return compileCall(node, context);
		case 'lambda':
			return compileLambda(node, context);
	}
}

const legacyOperators = new Set<ComparisonOperator>(['eq', 'ge', 'gt', 'le', 'lt']);

/** The legacy grammar: `property op value` comparisons (eq, ge, gt, le, lt) joined with `and`, grouped at will. */
function checkLegacySubset(node: FilterNode, context: Context): void {
	const unsupported = (what: string) => fail(context, `${what} is not supported.`);
	switch (node.kind) {
		case 'logical':
			if (node.operator === 'or') throw unsupported("operator 'or'");
			checkLegacySubset(node.left, context);
			checkLegacySubset(node.right, context);
			return;
		case 'comparison':
			if (!legacyOperators.has(node.operator)) throw unsupported(`operator '${node.operator}'`);
			if (node.left.kind !== 'property' || node.right.kind !== 'literal') {
				throw fail(context, `comparisons must be written 'property operator value' (at position ${node.position}).`);
			}
			return;
		case 'not':
			throw unsupported("operator 'not'");
		case 'in':
			throw unsupported("operator 'in'");
		case 'call':
			throw unsupported(`function '${node.name}'`);
		case 'lambda':
			throw unsupported(`lambda operator '${node.quantifier}'`);
		default:
			throw fail(context, `expected a comparison at position ${node.position}.`);
	}
}

export function compileFilter(filterText: string, schema: QuerySchema): EntityPredicate {
	const { dialect } = schema;
	const context: Context = { schema, dialect, rangeVariables: new Map() };
	const root = parseFilter(filterText, dialect);
	if (dialect === 'legacy') checkLegacySubset(root, context);
	const compiled = compile(root, context);
	if (compiled.type.kind !== 'boolean') throw fail(context, 'The $filter expression must evaluate to a single boolean value.');
	return (entity) => compiled.evaluate(entity, {}) === true;
}
