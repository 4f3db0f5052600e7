/**
 * OData `$filter` and `$orderby` as Graph's security API and the legacy Defender API accept them: a tokenizer,
 * a recursive-descent parser producing a syntax tree, a type checker worded like Graph's errors, and an
 * evaluator over plain entities keyed by the API's own field names.
 */

export type { FieldType, FieldSchema, QuerySchema } from './schema.cjs';
export type { ComparisonOperator, FilterNode, FunctionName, LiteralType, OrderByKey } from './ast.cjs';
export { ODataQueryError } from './errors.cjs';
export { parseFilter, parseOrderBy } from './parser.cjs';
export { compileFilter, type Entity, type EntityPredicate } from './filter.cjs';
export { compileOrderBy, type EntityComparator } from './orderBy.cjs';
export { instantTicks } from './dateTime.cjs';
