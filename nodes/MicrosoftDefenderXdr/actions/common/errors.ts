import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** A problem with what the user entered; raised before any request is sent. */
export function parameterError(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: description ?? `Check the parameters of input item ${itemIndex}.`,
	});
}
