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

/** Quotes user input for an error message without letting a long or odd value flood it. */
export function quoted(value: unknown): string {
	const isText = typeof value === 'string';
	const text = isText ? value : (JSON.stringify(value) ?? String(value));
	const shortened = text.length > 80 ? `${text.slice(0, 80)}…` : text;
	return isText ? JSON.stringify(shortened) : shortened;
}
