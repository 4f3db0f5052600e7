/** `$orderby` for Graph: several keys, each ascending or descending, nulls first when ascending, stable on ties. */

import { clauseError, ODataQueryError } from './errors.cjs';
import { parseOrderBy } from './parser.cjs';
import { entityTypeNameOf, fieldOf, type QuerySchema } from './schema.cjs';
import { fieldValueType, orderOf, readField, type RuntimeValue } from './values.cjs';
import type { Entity } from './filter.cjs';

export type EntityComparator = (left: Entity, right: Entity) => number;

interface SortKey {
	read: (entity: Entity) => RuntimeValue;
	order: (left: Exclude<RuntimeValue, null>, right: Exclude<RuntimeValue, null>) => number;
	direction: 1 | -1;
}

/** Sortable fields the schema does not type (such as `id`) compare as they are stored. */
function readUntyped(value: unknown): RuntimeValue {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

export function compileOrderBy(orderByText: string, schema: QuerySchema): EntityComparator {
	if (schema.dialect === 'legacy') throw new ODataQueryError('Order by is not supported.');
	const sortable = schema.sortable ?? Object.keys(schema.fields);
	const seen = new Set<string>();
	const keys = parseOrderBy(orderByText, schema.dialect).map(({ property, descending }): SortKey => {
		const typed = fieldOf(schema, property) !== undefined;
		if (!typed && !sortable.includes(property)) {
			throw clauseError(schema.dialect, 'orderby', `Could not find a property named '${property}' on type '${entityTypeNameOf(schema)}'.`);
		}
		if (!sortable.includes(property)) throw new ODataQueryError(`Order by not supported for property '${property}' on type '${entityTypeNameOf(schema)}'.`);
		if (seen.has(property)) throw clauseError(schema.dialect, 'orderby', `Duplicate property named '${property}' is not supported in '$orderby'.`);
		seen.add(property);
		const type = fieldValueType(schema, property);
		if (typed && type.kind === 'stringCollection') {
			throw new ODataQueryError(`Order by not supported for property '${property}' on type '${entityTypeNameOf(schema)}'.`);
		}
		return {
			read: typed ? (entity) => readField(type, schema.dialect, entity[property]) : (entity) => readUntyped(entity[property]),
			order: orderOf(type),
			direction: descending ? -1 : 1,
		};
	});
	return (left, right) => {
		for (const key of keys) {
			const first = key.read(left);
			const second = key.read(right);
			const difference = first === null || second === null ? Number(second === null) - Number(first === null) : key.order(first, second);
			if (difference !== 0) return difference * key.direction;
		}
		return 0;
	};
}
