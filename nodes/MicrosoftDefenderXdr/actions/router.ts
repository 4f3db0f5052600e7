import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { createEndpointBackend, createResponseBackend, credentialType, endpointCredentialType, type BackendFactory } from '../api';
import type { EndpointBackend } from '../api/endpoint.backend';
import type { ResponseBackend } from '../api/response.backend';
import { readCredentialFields, servedTenantId } from '../auth/credentialFields';
import { withTenantId } from '../model/values';
import type { DefenderContext } from '../transport/request';
import { asNodeError } from '../transport/nodeErrors';
import { credentialSecrets, redactedError, redactedItem } from '../transport/redaction';
import * as alert from './alert';
import * as detectionRule from './detectionRule';
import * as device from './device';
import * as deviceAction from './deviceAction';
import * as huntingQuery from './huntingQuery';
import * as identityAccount from './identityAccount';
import * as incident from './incident';
import * as indicator from './indicator';
import * as investigate from './investigate';

type ItemExecute<Backend> = (context: IExecuteFunctions, itemIndex: number, backend: Backend) => Promise<IDataObject[]>;

/** Serves many input items with fewer requests: per item, in order, its output items (or one) or its error. */
type BatchExecute<Backend> = (
	context: IExecuteFunctions,
	itemIndexes: number[],
	backend: Backend,
) => Promise<Array<IDataObject[] | IDataObject | Error>>;

/**
 * An operation as the router runs it: item by item; every item at once (the investigation templates); or item by
 * item with a batch form that serves several items at once (indicator import).
 */
export type RoutedOperation<Backend> =
	| { execute: ItemExecute<Backend>; executeBatch?: BatchExecute<Backend> }
	| { executeBatch: BatchExecute<Backend> };

/** Resources that share a backend and the credential it signs in with. */
interface ResourceFamily<Backend> {
	operationsByResource: Record<string, Record<string, RoutedOperation<Backend>>>;
	openBackend: (context: DefenderContext) => Promise<Backend>;
	credentialType: string;
}

export type EndpointBackendFactory = (context: DefenderContext) => Promise<EndpointBackend>;
export type ResponseBackendFactory = (context: DefenderContext) => Promise<ResponseBackend>;

/** The Defender XDR resources: Microsoft Graph or the legacy API, behind one backend interface. */
const xdrOperationsByResource = {
	alert: alert.operations,
	huntingQuery: huntingQuery.operations,
	incident: incident.operations,
	investigate: investigate.operations,
};

/** The Defender for Endpoint resources, with their own credential and backend. */
const endpointOperationsByResource = {
	device: device.operations,
	deviceAction: deviceAction.operations,
	indicator: indicator.operations,
};

/** The Graph v1.0 response resources (global cloud only), with the XDR credential and their own backend. */
const responseOperationsByResource = {
	detectionRule: detectionRule.operations,
	identityAccount: identityAccount.operations,
};

/**
 * Runs the chosen operation for the input items. Every output item points back at its input item and carries the
 * tenant it came from; with "Continue On Fail" a failing item yields { error } and the others still run.
 */
export async function router(
	this: IExecuteFunctions,
	openBackend: BackendFactory,
	openEndpointBackend: EndpointBackendFactory = createEndpointBackend,
	openResponseBackend: ResponseBackendFactory = createResponseBackend,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (Object.hasOwn(endpointOperationsByResource, resource)) {
		const family = { operationsByResource: endpointOperationsByResource, openBackend: openEndpointBackend, credentialType: endpointCredentialType };
		return await runOperation(this, resource, operation, family);
	}
	if (Object.hasOwn(responseOperationsByResource, resource)) {
		const family = { operationsByResource: responseOperationsByResource, openBackend: openResponseBackend, credentialType };
		return await runOperation(this, resource, operation, family);
	}
	return await runOperation(this, resource, operation, { operationsByResource: xdrOperationsByResource, openBackend, credentialType });
}

/** How the items go through an operation: all at once, or one by one. */
function planOf<Backend>(module: RoutedOperation<Backend>, itemCount: number): { batch: BatchExecute<Backend> } | { each: ItemExecute<Backend> } {
	if (!('execute' in module)) return { batch: module.executeBatch };
	if (module.executeBatch !== undefined && itemCount > 1) return { batch: module.executeBatch };
	return { each: module.execute };
}

/** The tenant of the credential an operation ran with; read once its backend opened, so the credential is there. */
async function tenantOf(context: IExecuteFunctions, type: string): Promise<string | undefined> {
	return servedTenantId(readCredentialFields(await context.getCredentials(type)));
}

async function runOperation<Backend>(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	family: ResourceFamily<Backend>,
): Promise<INodeExecutionData[][]> {
	const operations = Object.hasOwn(family.operationsByResource, resource) ? family.operationsByResource[resource] : undefined;
	if (operations === undefined) {
		throw new NodeOperationError(context.getNode(), `The resource "${resource}" is not known`);
	}
	if (!Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not known for ${resource}`);
	}
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	let tenantId: string | undefined;
	const open = async () => {
		const backend = await family.openBackend(context);
		tenantId = await tenantOf(context, family.credentialType);
		return backend;
	};
	// Items and errors carry text copied from Defender's answers: all of it is redacted on the way out. The secrets
	// are read once the first request has run, so they include the token it was sent with.
	let secrets: string[] | undefined;
	const readSecrets = async () => (secrets ??= await credentialSecrets(context, family.credentialType));
	const succeed = async (json: IDataObject, itemIndex: number) => {
		output.push({ json: withTenantId(redactedItem(json, await readSecrets()), tenantId), pairedItem: { item: itemIndex } });
	};
	const fail = async (error: unknown, itemIndex: number) => {
		const nodeError = redactedError(asNodeError(context.getNode(), error, itemIndex), await readSecrets());
		if (!context.continueOnFail()) throw nodeError;
		output.push({ json: withTenantId({ error: nodeError.message }, tenantId), pairedItem: { item: itemIndex } });
	};
	const plan = planOf(operations[operation], items.length);
	if ('batch' in plan) {
		const backend = await open();
		const itemIndexes = items.map((_item, itemIndex) => itemIndex);
		const outcomes = await plan.batch(context, itemIndexes, backend);
		for (const [position, outcome] of outcomes.entries()) {
			const itemIndex = itemIndexes[position];
			if (outcome instanceof Error) await fail(outcome, itemIndex);
			else for (const json of Array.isArray(outcome) ? outcome : [outcome]) await succeed(json, itemIndex);
		}
		return [output];
	}
	let backend: Backend | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let results: IDataObject[];
		try {
			backend ??= await open();
			results = await plan.each(context, itemIndex, backend);
		} catch (error) {
			await fail(error, itemIndex);
			continue;
		}
		for (const json of results) await succeed(json, itemIndex);
	}
	return [output];
}
