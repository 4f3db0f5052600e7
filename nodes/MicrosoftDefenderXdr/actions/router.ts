import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { BackendFactory } from '../api';
import type { DefenderBackend } from '../api/backend';
import { asNodeError } from '../transport/nodeErrors';
import * as alert from './alert';
import type { OperationExecute } from './common/types';
import * as huntingQuery from './huntingQuery';
import * as incident from './incident';

const operationsByResource: Record<string, Record<string, { execute: OperationExecute }>> = {
	alert: alert.operations,
	huntingQuery: huntingQuery.operations,
	incident: incident.operations,
};

function findOperation(context: IExecuteFunctions, resource: string, operation: string): OperationExecute {
	const operations = Object.hasOwn(operationsByResource, resource) ? operationsByResource[resource] : undefined;
	if (operations === undefined) {
		throw new NodeOperationError(context.getNode(), `The resource "${resource}" is not known`);
	}
	if (!Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not known for ${resource}`);
	}
	return operations[operation].execute;
}

/**
 * Runs the chosen operation once per input item. Every output item points back at its input item; with
 * "Continue On Fail" a failing item yields { error } and the others still run.
 */
export async function router(this: IExecuteFunctions, openBackend: BackendFactory): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = findOperation(this, resource, operation);
	const output: INodeExecutionData[] = [];
	let backend: DefenderBackend | undefined;

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			backend ??= await openBackend(this);
			const results: IDataObject[] = await execute(this, itemIndex, backend);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
