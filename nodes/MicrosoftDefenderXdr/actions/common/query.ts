import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { orderBySort, sortChoices } from '../../descriptions/common';
import type { IncidentQuery } from '../../model/records';
import { optionValue } from './values';

export { nonEmpty } from '../../model/values';

export function readOrderBy(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IncidentQuery['orderBy'] {
	if (options.sort === undefined) return undefined;
	const sort = optionValue(context, itemIndex, 'Sort', options.sort, sortChoices);
	return { ...orderBySort[sort] };
}
