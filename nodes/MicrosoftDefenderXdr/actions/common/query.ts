import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { orderBySort, sortChoices } from '../../descriptions/common';
import type { IncidentQuery } from '../../model/records';
import { optionValue } from './values';

export function nonEmpty<Value>(values: Value[]): Value[] | undefined {
	return values.length > 0 ? values : undefined;
}

export function readOrderBy(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IncidentQuery['orderBy'] {
	if (options.sort === undefined) return undefined;
	const sort = optionValue(context, itemIndex, 'Sort', options.sort, sortChoices);
	return { ...orderBySort[sort] };
}
