import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	classificationName,
	classificationOptions,
	determinationAliases,
	determinationName,
	determinationsByClassification,
} from '../../model/enums';
import type { Classification } from '../../model/enums';
import { quotedForMessage } from '../../model/values';
import { parameterError } from './errors';
import { optionValue } from './values';

function canonicalDetermination(value: unknown): string {
	const text = String(value).trim();
	const lowered = text.toLowerCase();
	const known = Object.values(determinationsByClassification)
		.flat()
		.find((determination) => determination.toLowerCase() === lowered);
	return known ?? determinationAliases[lowered] ?? text;
}

function namesOf(determinations: readonly string[]): string {
	return determinations.map(determinationName).join(', ');
}

/**
 * The classification and determination to write, checked as a pair before any request: Defender only accepts
 * certain determinations with each classification, and a determination needs its classification.
 */
export function readClassificationChange(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
): { classification?: Classification; determination?: string } {
	const hasDetermination = fields.determination !== undefined && fields.determination !== '';
	if (fields.classification === undefined || fields.classification === '') {
		if (!hasDetermination) return {};
		const determination = canonicalDetermination(fields.determination);
		const fitting = classificationOptions
			.filter(({ value }) => determinationsByClassification[value].includes(determination))
			.map(({ name }) => name);
		throw parameterError(
			context,
			itemIndex,
			`Determination ${quotedForMessage(fields.determination)} needs a Classification`,
			fitting.length > 0
				? `Add Classification to Update Fields and choose ${fitting.join(' or ')}.`
				: 'Add Classification to Update Fields, then choose one of the determinations it offers.',
		);
	}
	const classification = optionValue(context, itemIndex, 'Classification', fields.classification, classificationOptions);
	if (!hasDetermination) return { classification };
	const determination = canonicalDetermination(fields.determination);
	const allowed = determinationsByClassification[classification];
	if (!allowed.includes(determination)) {
		throw parameterError(
			context,
			itemIndex,
			`Determination ${quotedForMessage(fields.determination)} does not fit Classification "${classificationName(classification)}"`,
			allowed.length > 0
				? `With ${classificationName(classification)}, choose one of: ${namesOf(allowed)}.`
				: `${classificationName(classification)} takes no determination: remove Determination.`,
		);
	}
	return { classification, determination };
}
