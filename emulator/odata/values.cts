/** Types the filter checker reasons about, and how stored values are read and ordered under each. */

import { instantTicks } from './dateTime.cjs';
import type { Dialect } from './errors.cjs';
import { enumTypeNameOf, fieldOf, type FieldType, type QuerySchema } from './schema.cjs';

export type RuntimeValue = string | number | boolean | bigint | null | readonly unknown[];

export type ValueType =
	| { kind: Exclude<FieldType, 'enum'> | 'date' | 'null'; /** Overrides the default Edm name in messages (number literals). */ edmName?: string }
	| { kind: 'enum'; typeName: string; /** Members as evaluation compares them (lower case for legacy). */ members: string[] | undefined };

const edmNames: Record<Exclude<ValueType['kind'], 'enum' | 'null'>, string> = {
	string: 'Edm.String',
	dateTime: 'Edm.DateTimeOffset',
	date: 'Edm.Date',
	number: 'Edm.Int32',
	boolean: 'Edm.Boolean',
	stringCollection: 'Collection(Edm.String)',
};

export function typeName(type: ValueType): string {
	if (type.kind === 'enum') return type.typeName;
	if (type.kind === 'null') return '<null>';
	return type.edmName ?? edmNames[type.kind];
}

export function normaliseEnumValue(dialect: Dialect, value: string): string {
	return dialect === 'legacy' ? value.toLowerCase() : value;
}

/** The type of a field the schema declares (callers check that it does). */
export function fieldValueType(schema: QuerySchema, name: string): ValueType {
	const field = fieldOf(schema, name);
	if (!field) return { kind: 'string' };
	if (field.type !== 'enum') return { kind: field.type };
	return { kind: 'enum', typeName: enumTypeNameOf(schema, name), members: field.members?.map((member) => normaliseEnumValue(schema.dialect, member)) };
}

/** Reads a stored field as the evaluator compares it; anything of the wrong shape reads as null. */
export function readField(type: ValueType, dialect: Dialect, value: unknown): RuntimeValue {
	if (value === null || value === undefined) return null;
	switch (type.kind) {
		case 'dateTime':
			return instantTicks(value) ?? null;
		case 'enum':
			return typeof value === 'string' ? normaliseEnumValue(dialect, value) : null;
		case 'stringCollection':
			return Array.isArray(value) ? value : null;
		case 'number':
			return typeof value === 'number' ? value : null;
		case 'boolean':
			return typeof value === 'boolean' ? value : null;
		default:
			return typeof value === 'string' ? value : String(value);
	}
}

/** Ascending order of two non-null values of one type. */
export function orderOf(type: ValueType): (left: Exclude<RuntimeValue, null>, right: Exclude<RuntimeValue, null>) => number {
	if (type.kind === 'enum' && type.members) {
		const members = type.members;
		// Graph orders enums by their declared value; values outside the schema sort after every member.
		const rank = (value: unknown) => {
			const index = members.indexOf(value as string);
			return index === -1 ? members.length : index;
		};
		return (left, right) => rank(left) - rank(right) || (left < right ? -1 : left > right ? 1 : 0);
	}
	return (left, right) => (left < right ? -1 : left > right ? 1 : 0);
}

