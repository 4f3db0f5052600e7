import { NodeOperationError } from 'n8n-workflow';

import { credentialProblems, readCredentialFields } from '../auth/credentialFields';
import { explainEndpointAccessFailure } from '../auth/endpointAccessFailure';
import { accessTokenUrl, apiBaseUrl, apiOrigin, servesGraphResponse } from '../model/clouds';
import type { EndpointOperation } from '../model/permissions';
import {
	credentialType,
	DefenderClient,
	defaultRetryPolicy,
	type DefenderContext,
	type ApiProfile,
	type RetryPolicy,
	xdrProfile,
} from '../transport/request';
import type { DefenderBackend } from './backend';
import { EndpointApiBackend, type CompletionPolling, type EndpointBackend } from './endpoint.backend';
import { GraphBackend } from './graph.backend';
import { LegacyBackend } from './legacy.backend';
import { GraphResponseBackend, type ResponseBackend } from './response.backend';

export type { DefenderBackend } from './backend';

/** How operations and the trigger open a backend; tests pass one with faster retries. */
export type BackendFactory = (context: DefenderContext, retryPolicy?: Partial<RetryPolicy>) => Promise<DefenderBackend>;

/** The credential's fields, or an error listing what is wrong with them, before any request. */
async function checkedCredentials(context: DefenderContext, type: string, product: string) {
	const credentials = readCredentialFields(await context.getCredentials(type));
	const problems = credentialProblems(credentials);
	if (problems.length > 0) {
		throw new NodeOperationError(context.getNode(), `The ${product} credential is not set up correctly`, { description: problems.join(' ') });
	}
	return credentials;
}

/**
 * Opens the backend for the credential's API. Operations and the trigger use only the returned interface, so
 * they never know whether they talk to Microsoft Graph or the legacy API.
 */
export async function createBackend(
	context: DefenderContext,
	retryPolicy: Partial<RetryPolicy> = {},
): Promise<DefenderBackend> {
	const credentials = await checkedCredentials(context, credentialType, 'Microsoft Defender XDR');
	// The credential's maximum applies unless the caller (the trigger's poll budget) allows less.
	const maxWaitMilliseconds = Math.min(credentials.maxWaitSeconds * 1000, retryPolicy.maxWaitMilliseconds ?? Number.POSITIVE_INFINITY);
	const client = new DefenderClient(context, xdrProfile(credentials), { ...defaultRetryPolicy, ...retryPolicy, maxWaitMilliseconds });
	return credentials.api === 'legacy' ? new LegacyBackend(client) : new GraphBackend(client);
}

export const endpointCredentialType = 'microsoftDefenderForEndpointOAuth2Api';

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
	const fields = await checkedCredentials(context, endpointCredentialType, 'Microsoft Defender for Endpoint');
	const settings = { ...fields, api: 'endpoint' as const };
	const profile: ApiProfile<EndpointOperation> = {
		credentialType: endpointCredentialType,
		productName: 'Microsoft Defender for Endpoint',
		notFoundAdvice: 'Defender for Endpoint answers 404 for devices, actions and indicators that do not exist, belong to another tenant, are outside your device groups, or were removed.',
		baseUrl: apiBaseUrl(settings),
		origin: apiOrigin(settings),
		tokenUrl: accessTokenUrl(fields),
		documentedRate: { requests: 100, windowMilliseconds: 60_000 },
		rateAdvice: 'Defender for Endpoint allows 100 calls a minute and 1,500 an hour per API, and 30 indicator imports a minute',
		explainAccessFailure: (failure) => explainEndpointAccessFailure({ ...failure, settings: fields }),
	};
	const maxWaitMilliseconds = Math.min(fields.maxWaitSeconds * 1000, retryPolicy.maxWaitMilliseconds ?? Number.POSITIVE_INFINITY);
	const client = new DefenderClient<EndpointOperation>(context, profile, { ...defaultRetryPolicy, ...retryPolicy, maxWaitMilliseconds }, options.clock);
	return new EndpointApiBackend(client, options.polling);
}

/**
 * Opens the Graph v1.0 response backend (identity containment, custom detection rules). Both are served on
 * Microsoft Graph in the global cloud only, so any other setting fails here, before any request.
 */
export async function createResponseBackend(context: DefenderContext, retryPolicy: Partial<RetryPolicy> = {}): Promise<ResponseBackend> {
	const credentials = await checkedCredentials(context, credentialType, 'Microsoft Defender XDR');
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
	const maxWaitMilliseconds = Math.min(credentials.maxWaitSeconds * 1000, retryPolicy.maxWaitMilliseconds ?? Number.POSITIVE_INFINITY);
	const client = new DefenderClient(context, xdrProfile(credentials), { ...defaultRetryPolicy, ...retryPolicy, maxWaitMilliseconds });
	return new GraphResponseBackend(client);
}
