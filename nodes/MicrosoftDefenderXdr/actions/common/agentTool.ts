import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether n8n runs the node as an AI agent's tool: n8n registers a tool variant of every node that is usable as a
 * tool, under the node's type name with "Tool" appended, and runs the same code for it.
 */
export function isAgentToolCall(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}
