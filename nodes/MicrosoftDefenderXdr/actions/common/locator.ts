import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { alertReference, incidentReference, parseReference, type ReferenceKind } from '../../model/references';
import { parameterError } from './errors';

/** The ID, or a NodeOperationError naming the item and what is wrong, before any request. */
export function requireReferencedId(
	context: IExecuteFunctions,
	itemIndex: number,
	locator: INodeParameterResourceLocator | string | number,
	kind: ReferenceKind,
): string {
	const result = parseReference(locator, kind);
	if ('problem' in result) throw parameterError(context, itemIndex, result.problem);
	return result.id;
}

export function readReferencedId(
	context: IExecuteFunctions,
	itemIndex: number,
	parameterName: string,
	kind: ReferenceKind,
): string {
	const locator = context.getNodeParameter(parameterName, itemIndex) as INodeParameterResourceLocator | string;
	return requireReferencedId(context, itemIndex, locator, kind);
}

/** The incident of an operation's Incident locator. */
export function readIncidentId(context: IExecuteFunctions, itemIndex: number): string {
	return readReferencedId(context, itemIndex, 'incidentId', incidentReference);
}

/** The alert of an operation's Alert locator. */
export function readAlertId(context: IExecuteFunctions, itemIndex: number): string {
	return readReferencedId(context, itemIndex, 'alertId', alertReference);
}
