/** The syntax tree of a `$filter` expression. Every node keeps the offset of the token that introduced it. */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LiteralType = 'string' | 'number' | 'boolean' | 'null' | 'dateTime' | 'date' | 'enum';
export type FunctionName = 'startswith' | 'endswith' | 'contains' | 'tolower' | 'toupper';

export type FilterNode =
	| {
			kind: 'literal';
			literalType: LiteralType;
			/** Strings unescaped; date-times as written; numbers as numbers. */
			value: string | number | boolean | null;
			/** Only on qualified enum literals (`namespace.type'member'`). */
			enumTypeName?: string;
			position: number;
	  }
	| { kind: 'property'; name: string; position: number }
	/** The variable a lambda binds (`t` in `customTags/any(t: t eq 'x')`). */
	| { kind: 'rangeVariable'; name: string; position: number }
	| { kind: 'not'; operand: FilterNode; position: number }
	| { kind: 'logical'; operator: 'and' | 'or'; left: FilterNode; right: FilterNode; position: number }
	| { kind: 'comparison'; operator: ComparisonOperator; left: FilterNode; right: FilterNode; position: number }
	| { kind: 'in'; operand: FilterNode; list: FilterNode[]; position: number }
	| { kind: 'call'; name: FunctionName; arguments: FilterNode[]; position: number }
	| {
			kind: 'lambda';
			quantifier: 'any' | 'all';
			collection: string;
			/** Absent only for the argument-less `any()` (collection not empty). */
			variable?: string;
			predicate?: FilterNode;
			position: number;
	  };

export interface OrderByKey {
	property: string;
	descending: boolean;
	position: number;
}
