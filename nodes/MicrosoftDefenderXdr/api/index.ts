import { NodeOperationError } from 'n8n-workflow';

import { servesGraphResponse } from '../model/clouds';
import type { DefenderContext, RetryPolicy } from '../transport/request';
import type { DefenderBackend } from './backend';
import { EndpointApiBackend, type CompletionPolling, type EndpointBackend } from './endpoint.backend';
import { GraphBackend } from './graph.backend';
import { LegacyBackend } from './legacy.backend';
import { endpointCredential, openClient, xdrCredential } from './profiles';
import { GraphResponseBackend, type ResponseBackend } from './response.backend';

export type { DefenderBackend } from './backend';
export { credentialType, endpointCredentialType } from './profiles';

/** How operations and the trigger open a backend; tests pass one with faster retries. */
export type BackendFactory = (context: DefenderContext, retryPolicy?: Partial<RetryPolicy>) => Promise<DefenderBackend>;

/**
 * Opens the backend for the credential's API. Operations and the trigger use only the returned interface, so
 * they never know whether they talk to Microsoft Graph or the legacy API.
 */
export async function createBackend(
	context: DefenderContext,
	retryPolicy: Partial<RetryPolicy> = {},
): Promise<DefenderBackend> {
	const { client, credentials } = await openClient(context, xdrCredential, retryPolicy);
	return credentials.api === 'legacy' ? new LegacyBackend(client) : new GraphBackend(client);
}

/** Test seams: the clock every wait is measured on, and how often a waiting device action is polled. */
export interface EndpointBackendOptions {
	clock?: () => Date;
	polling?: CompletionPolling;
}

/** Opens the Defender for Endpoint backend with the credential of that name. */
export async function createEndpointBackend(
	context: DefenderContext,
	retryPolicy: Partial<RetryPolicy> = {},
	options: EndpointBackendOptions = {},
): Promise<EndpointBackend> {
	const { client } = await openClient(context, endpointCredential, retryPolicy, options.clock);
	return new EndpointApiBackend(client, options.polling);
}

/**
 * Opens the Graph v1.0 response backend (identity containment, custom detection rules). Both are served on
 * Microsoft Graph in the global cloud only, so any other setting fails here, before any request.
 */
export async function createResponseBackend(context: DefenderContext, retryPolicy: Partial<RetryPolicy> = {}): Promise<ResponseBackend> {
	// Opening a client sends nothing; the settings are checked before any request.
	const { client, credentials } = await openClient(context, xdrCredential, retryPolicy);
	if (credentials.api !== 'graph') {
		throw new NodeOperationError(context.getNode(), 'Identity accounts and custom detection rules need the Microsoft Graph security API', {
			description: "The legacy Defender XDR API has no such operations. Set the credential's API to Microsoft Graph Security API.",
		});
	}
	if (!servesGraphResponse(credentials.cloud)) {
		throw new NodeOperationError(context.getNode(), 'Identity accounts and custom detection rules are available in the global cloud only today', {
			description: 'Microsoft Graph v1.0 serves these APIs only in the global service; GCC, GCC High and DoD tenants cannot use them yet. Nothing was sent.',
		});
	}
	return new GraphResponseBackend(client);
}
