import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { createEndpointBackend, createResponseBackend, endpointCredentialType, type BackendFactory } from '../api';
import type { DefenderBackend } from '../api/backend';
import type { EndpointBackend } from '../api/endpoint.backend';
import type { ResponseBackend } from '../api/response.backend';
import { readCredentialFields, servedTenantId } from '../auth/credentialFields';
import { withTenantId } from '../model/values';
import { credentialType, type DefenderContext } from '../transport/request';
import { asNodeError } from '../transport/nodeErrors';
import * as alert from './alert';
import type { EndpointOperationModule } from './common/endpoint';
import type { ResponseOperationModule } from './common/response';
import type { OperationExecute } from './common/types';
import * as device from './device';
import * as detectionRule from './detectionRule';
import * as deviceAction from './deviceAction';
import * as identityAccount from './identityAccount';
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

/** The Graph v1.0 response resources (global cloud only), with their own backend. */
const responseOperationsByResource: Record<string, Record<string, ResponseOperationModule>> = {
	detectionRule: detectionRule.operations,
	identityAccount: identityAccount.operations,
};

export type ResponseBackendFactory = (context: DefenderContext) => Promise<ResponseBackend>;

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

/** The tenant of the credential an operation ran with; read once its backend opened, so the credential is there. */
async function tenantOf(context: IExecuteFunctions, type: string): Promise<string | undefined> {
	return servedTenantId(readCredentialFields(await context.getCredentials(type)));
}

/**
 * Runs the chosen operation once per input item. Every output item points back at its input item; with
 * "Continue On Fail" a failing item yields { error } and the others still run.
 */
export async function router(
	this: IExecuteFunctions,
	openBackend: BackendFactory,
	openEndpointBackend: EndpointBackendFactory = createEndpointBackend,
	openResponseBackend: ResponseBackendFactory = createResponseBackend,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (Object.hasOwn(endpointOperationsByResource, resource)) {
		return await itemRouter(this, resource, operation, endpointOperationsByResource[resource], openEndpointBackend, endpointCredentialType);
	}
	if (Object.hasOwn(responseOperationsByResource, resource)) {
		return await itemRouter(this, resource, operation, responseOperationsByResource[resource], openResponseBackend, credentialType);
	}
	const execute = findOperation(this, resource, operation);
	const output: INodeExecutionData[] = [];
	let backend: DefenderBackend | undefined;
	let tenantId: string | undefined;

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (backend === undefined) {
				backend = await openBackend(this);
				tenantId = await tenantOf(this, credentialType);
			}
			const results: IDataObject[] = await execute(this, itemIndex, backend);
			for (const json of results) output.push({ json: withTenantId(json, tenantId), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: withTenantId({ error: nodeError.message }, tenantId), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}

/** An operation on one backend of its own, item by item; optionally with a form that serves many items at once. */
interface ItemOperationModule<Backend> {
	execute: (context: IExecuteFunctions, itemIndex: number, backend: Backend) => Promise<IDataObject[]>;
	executeBatch?: (context: IExecuteFunctions, itemIndexes: number[], backend: Backend) => Promise<Array<IDataObject | Error>>;
}

/**
 * The Defender for Endpoint and Graph response resources, item by item like the others; an operation with a batch
 * form (indicator import) serves all items at once when there are several, and each item still gets its own result or error.
 */
async function itemRouter<Backend>(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	operations: Record<string, ItemOperationModule<Backend>>,
	openBackend: (context: DefenderContext) => Promise<Backend>,
	credentialTypeName: string,
): Promise<INodeExecutionData[][]> {
	if (!Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not known for ${resource}`);
	}
	const module = operations[operation];
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	let tenantId: string | undefined;
	const succeed = (json: IDataObject, itemIndex: number) => output.push({ json: withTenantId(json, tenantId), pairedItem: { item: itemIndex } });
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = asNodeError(context.getNode(), error, itemIndex);
		if (!context.continueOnFail()) throw nodeError;
		output.push({ json: withTenantId({ error: nodeError.message }, tenantId), pairedItem: { item: itemIndex } });
	};
	if (module.executeBatch && items.length > 1) {
		const backend = await openBackend(context);
		tenantId = await tenantOf(context, credentialTypeName);
		const itemIndexes = items.map((_item, itemIndex) => itemIndex);
		const outcomes = await module.executeBatch(context, itemIndexes, backend);
		outcomes.forEach((outcome, position) => {
			if (outcome instanceof Error) fail(outcome, itemIndexes[position]);
			else succeed(outcome, itemIndexes[position]);
		});
		return [output];
	}
	let backend: Backend | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (backend === undefined) {
				backend = await openBackend(context);
				tenantId = await tenantOf(context, credentialTypeName);
			}
			for (const json of await module.execute(context, itemIndex, backend)) succeed(json, itemIndex);
		} catch (error) {
			fail(error, itemIndex);
		}
	}
	return [output];
}
