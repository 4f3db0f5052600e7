import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Presentation } from '../../api/presentation';
import { quotedForMessage } from '../../model/values';
import { parameterError } from './errors';

export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, false) as boolean;
}

/** Simplify and the Entities option (in Options) of an item. */
export function readPresentation(context: IExecuteFunctions, itemIndex: number): Presentation {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { simplify: readSimplify(context, itemIndex), entities: options.entities === true };
}

/** Collects listed items up to the limit; stops iterating (and so stops requesting pages) once it is reached. */
export async function collect<Item>(pages: AsyncIterable<Item[]>, limit: number | undefined): Promise<Item[]> {
	const collected: Item[] = [];
	for await (const page of pages) {
		collected.push(...page);
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
	}
	return collected;
}

export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	const limit = context.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw parameterError(context, itemIndex, `Limit ${quotedForMessage(limit)} is not a whole number of 1 or more`);
	}
	return limit;
}
