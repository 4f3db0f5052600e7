import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import { orderBySort, sortChoices } from '../../descriptions/common';
import { allDeterminationOptions, classificationOptions, severityOptions } from '../../model/enums';
import type { TriageQuery } from '../../model/records';
import { nonEmpty, trimmedText, withoutUndefined } from '../../model/values';
import { optionValue, optionValues, readTimeRange } from './values';

export { nonEmpty } from '../../model/values';

function readOrderBy(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): TriageQuery<string>['orderBy'] {
	if (options.sort === undefined) return undefined;
	const sort = optionValue(context, itemIndex, 'Sort', options.sort, sortChoices);
	return { ...orderBySort[sort] };
}

/**
 * What incident and alert Get Many read alike (descriptions/common.ts, triageFilters, and the Sort option); the
 * filters come back too, for the resource's own.
 */
export function readTriageQuery<Status extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	statusOptions: Array<INodePropertyOptions & { value: Status }>,
): { filters: IDataObject; query: TriageQuery<Status> } {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const query = withoutUndefined<TriageQuery<Status>>({
		statuses: nonEmpty(optionValues(context, itemIndex, 'Status', filters.status, statusOptions)),
		severities: nonEmpty(optionValues(context, itemIndex, 'Severity', filters.severity, severityOptions)),
		assignedTo: trimmedText(filters.assignedTo),
		classifications: nonEmpty(optionValues(context, itemIndex, 'Classification', filters.classification, classificationOptions)),
		determinations: nonEmpty(optionValues(context, itemIndex, 'Determination', filters.determination, allDeterminationOptions)),
		...readTimeRange(context, itemIndex, filters),
		rawFilter: trimmedText(filters.rawFilter),
		orderBy: readOrderBy(context, itemIndex, options),
	});
	return { filters, query };
}
