/** What a query option may refer to on one entity set, and how the API behind it spells things. */

export type FieldType = 'string' | 'dateTime' | 'number' | 'enum' | 'stringCollection' | 'boolean';

export interface FieldSchema {
	type: FieldType;
	/** Enum members in their declared order (which is also their sort order, as Graph sorts enums by value). */
	members?: string[];
	/** Enum type named in type errors; defaults to the entity type name followed by the capitalised field name. */
	enumTypeName?: string;
}

export interface QuerySchema {
	dialect: 'graph' | 'legacy';
	/** Named in Graph's errors, e.g. microsoft.graph.security.incident. Defaults per dialect. */
	entityTypeName?: string;
	/** Filterable fields and their types; enum members are case-sensitive for graph, case-insensitive for legacy. */
	fields: Record<string, FieldSchema>;
	/**
	 * Every property of the entity type (docs/api-contract.md, section 5). A property listed here but not among the
	 * filterable fields is refused as not filterable, as Microsoft's lists do, rather than as unknown.
	 */
	properties?: readonly string[];
	/** Fields `$orderby` accepts (graph only; the legacy API refuses `$orderby`). Defaults to every filterable field. */
	sortable?: string[];
}

export function entityTypeNameOf(schema: QuerySchema): string {
	return schema.entityTypeName ?? (schema.dialect === 'graph' ? 'microsoft.graph.security.incident' : 'Incident');
}

export function enumTypeNameOf(schema: QuerySchema, fieldName: string): string {
	const declared = schema.fields[fieldName]?.enumTypeName;
	return declared ?? `${entityTypeNameOf(schema)}${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}`;
}

export function fieldOf(schema: QuerySchema, name: string): FieldSchema | undefined {
	return Object.hasOwn(schema.fields, name) ? schema.fields[name] : undefined;
}
