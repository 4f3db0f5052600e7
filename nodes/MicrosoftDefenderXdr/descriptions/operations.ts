import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** What a resource's index takes of each operation: its entry in the Operation list and its fields. */
export interface DescribedOperation {
	option: INodePropertyOptions;
	description: INodeProperties[];
}

/**
 * A resource's parameters: its notice (if it has one), the Operation selector built from each operation's own
 * entry in alphabetical order, as n8n lists them, then every operation's fields.
 */
export function resourceDescription(
	resource: string,
	defaultOperation: string,
	operations: Record<string, DescribedOperation>,
	notice?: { name: string; text: string },
): INodeProperties[] {
	const displayOptions = { show: { resource: [resource] } };
	const noticeProperties: INodeProperties[] = notice ? [{ displayName: notice.text, name: notice.name, type: 'notice', default: '', displayOptions }] : [];
	const options = Object.values(operations)
		.map((operation) => operation.option)
		.sort((first, second) => first.name.localeCompare(second.name));
	return [
		...noticeProperties,
		{ displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions, options, default: defaultOperation },
		...Object.values(operations).flatMap((operation) => operation.description),
	];
}
