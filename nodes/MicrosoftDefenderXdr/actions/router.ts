import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { createEndpointBackend, endpointCredentialType, type BackendFactory } from '../api';
import type { DefenderBackend } from '../api/backend';
import type { EndpointBackend } from '../api/endpoint.backend';
import { credentialType, type DefenderContext } from '../transport/request';
import { asNodeError } from '../transport/nodeErrors';
import { credentialSecrets, redactedError, redactedItem } from '../transport/redaction';
import * as alert from './alert';
import type { EndpointOperationModule } from './common/endpoint';
import type { OperationExecute } from './common/types';
import * as device from './device';
import * as deviceAction from './deviceAction';
import * as indicator from './indicator';
import * as huntingQuery from './huntingQuery';
import * as incident from './incident';

const operationsByResource: Record<string, Record<string, { execute: OperationExecute }>> = {
	alert: alert.operations,
	huntingQuery: huntingQuery.operations,
	incident: incident.operations,
};

/** The Defender for Endpoint resources, which use their own credential and backend. */
const endpointOperationsByResource: Record<string, Record<string, EndpointOperationModule>> = {
	device: device.operations,
	deviceAction: deviceAction.operations,
	indicator: indicator.operations,
};

export type EndpointBackendFactory = (context: DefenderContext) => Promise<EndpointBackend>;

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
export async function router(
	this: IExecuteFunctions,
	openBackend: BackendFactory,
	openEndpointBackend: EndpointBackendFactory = createEndpointBackend,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (Object.hasOwn(endpointOperationsByResource, resource)) return await endpointRouter(this, resource, operation, openEndpointBackend);
	const execute = findOperation(this, resource, operation);
	const output: INodeExecutionData[] = [];
	let backend: DefenderBackend | undefined;
	let secrets: string[] | undefined;

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			backend ??= await openBackend(this);
			const results: IDataObject[] = await execute(this, itemIndex, backend);
			// Incidents, alerts and hunting rows carry Defender's free text: redacted on the way out, as errors are.
			secrets ??= await credentialSecrets(this, credentialType);
			for (const json of results) output.push({ json: redactedItem(json, secrets), pairedItem: { item: itemIndex } });
		} catch (error) {
			secrets ??= await credentialSecrets(this, credentialType);
			const nodeError = redactedError(asNodeError(this.getNode(), error, itemIndex), secrets);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}

/**
 * The Defender for Endpoint resources, item by item like the others; an operation with a batch form (indicator
 * import) serves all items at once when there are several, and each item still gets its own result or error.
 */
async function endpointRouter(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	openBackend: EndpointBackendFactory,
): Promise<INodeExecutionData[][]> {
	const operations = endpointOperationsByResource[resource];
	if (!Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not known for ${resource}`);
	}
	const module = operations[operation];
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	// Items and errors carry text copied from Defender's answers: all of it is redacted on the way out. The
	// secrets are read once the first request has run, so they include the token it was sent with.
	let secrets: string[] | undefined;
	const succeed = async (json: IDataObject, itemIndex: number) => {
		secrets ??= await credentialSecrets(context, endpointCredentialType);
		output.push({ json: redactedItem(json, secrets), pairedItem: { item: itemIndex } });
	};
	const fail = async (error: unknown, itemIndex: number) => {
		secrets ??= await credentialSecrets(context, endpointCredentialType);
		const nodeError = redactedError(asNodeError(context.getNode(), error, itemIndex), secrets);
		if (!context.continueOnFail()) throw nodeError;
		output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
	};
	if (module.executeBatch && items.length > 1) {
		const backend = await openBackend(context);
		const itemIndexes = items.map((_item, itemIndex) => itemIndex);
		const outcomes = await module.executeBatch(context, itemIndexes, backend);
		for (const [position, outcome] of outcomes.entries()) {
			if (outcome instanceof Error) await fail(outcome, itemIndexes[position]);
			else await succeed(outcome, itemIndexes[position]);
		}
		return [output];
	}
	let backend: EndpointBackend | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let results: IDataObject[];
		try {
			backend ??= await openBackend(context);
			results = await module.execute(context, itemIndex, backend);
		} catch (error) {
			await fail(error, itemIndex);
			continue;
		}
		for (const json of results) await succeed(json, itemIndex);
	}
	return [output];
}
