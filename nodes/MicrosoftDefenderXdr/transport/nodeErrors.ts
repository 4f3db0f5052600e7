import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/**
 * Errors from operations and the transport are already n8n errors; anything else is wrapped as one, so n8n
 * shows its message without a stack trace.
 */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}
