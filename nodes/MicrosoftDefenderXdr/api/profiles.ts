import { NodeOperationError } from 'n8n-workflow';

import { explainAccessFailure } from '../auth/accessFailure';
import { credentialProblems, readCredentialFields, type DefenderCredentials } from '../auth/credentialFields';
import { explainEndpointAccessFailure } from '../auth/endpointAccessFailure';
import { accessTokenUrl, apiBaseUrl, apiOrigin, type CloudApi } from '../model/clouds';
import type { DefenderOperation, EndpointOperation } from '../model/permissions';
import {
	DefenderClient,
	defaultRetryPolicy,
	type ApiProfile,
	type DefenderContext,
	type RequestRate,
	type RetryPolicy,
} from '../transport/request';

/*
 * One home per API: which credential signs its requests, the product messages name, where it is served (from the
 * credential's cloud settings), its documented rates and what a 404 can mean. The transport knows none of this; it
 * is handed the profile. The Graph v1.0 response resources (identity accounts, detection rules) are served by
 * Microsoft Graph under the same credential, base URL and rates, so they use the Graph profile.
 */

/** The n8n credential of Microsoft Graph and the legacy Defender XDR API (the setting `api` chooses). */
export const credentialType = 'microsoftDefenderXdrOAuth2Api';

/** The n8n credential of the Defender for Endpoint API. */
export const endpointCredentialType = 'microsoftDefenderForEndpointOAuth2Api';

/** What each API's profile holds that does not depend on the credential's settings. */
interface ApiFacts {
	productName: string;
	notFoundAdvice: string;
	/** The documented request rate per app and tenant (legacy: the stricter list/update limit). */
	documentedRate: RequestRate;
	rateAdvice: string;
}

const xdrNotFoundAdvice =
	'Defender answers 404 for items that do not exist, belong to another tenant, or were removed; merged incidents keep their ID with status "redirected".';
const xdrRateAdvice = 'Defender allows about 150 requests a minute on Graph, 50 a minute on the legacy incidents API, 45 hunting queries a minute';

const apiFacts: Record<CloudApi, ApiFacts> = {
	graph: {
		productName: 'Microsoft Defender XDR',
		notFoundAdvice: xdrNotFoundAdvice,
		documentedRate: { requests: 150, windowMilliseconds: 60_000 },
		rateAdvice: xdrRateAdvice,
	},
	legacy: {
		productName: 'Microsoft Defender XDR',
		notFoundAdvice: xdrNotFoundAdvice,
		documentedRate: { requests: 50, windowMilliseconds: 60_000 },
		rateAdvice: xdrRateAdvice,
	},
	endpoint: {
		productName: 'Microsoft Defender for Endpoint',
		notFoundAdvice:
			'Defender for Endpoint answers 404 for devices, actions and indicators that do not exist, belong to another tenant, are outside your device groups, or were removed.',
		documentedRate: { requests: 100, windowMilliseconds: 60_000 },
		rateAdvice: 'Defender for Endpoint allows 100 calls a minute and 1,500 an hour per API, and 30 indicator imports a minute',
	},
};

/** A credential type and the profile of the API it reaches with given settings. */
export interface ApiCredential<Operation extends string> {
	credentialType: string;
	/** The product named when the credential itself is wrong, before any API is chosen. */
	productName: string;
	profile(credentials: DefenderCredentials): ApiProfile<Operation>;
}

/** The profile of one API for the credential's settings. */
function profileOf(api: CloudApi, credentials: DefenderCredentials, type: string): Omit<ApiProfile<string>, 'explainAccessFailure'> {
	const settings = { ...credentials, api };
	return {
		...apiFacts[api],
		credentialType: type,
		baseUrl: apiBaseUrl(settings),
		origin: apiOrigin(settings),
		tokenUrl: accessTokenUrl(credentials),
	};
}

/** Microsoft Graph or the legacy Defender XDR API, as the credential's `api` setting says. */
export const xdrCredential: ApiCredential<DefenderOperation> = {
	credentialType,
	productName: apiFacts.graph.productName,
	profile: (credentials) => ({
		...profileOf(credentials.api, credentials, credentialType),
		explainAccessFailure: (failure) => explainAccessFailure({ ...failure, settings: credentials }),
	}),
};

/** The Defender for Endpoint API, whatever `api` a copied credential may carry. */
export const endpointCredential: ApiCredential<EndpointOperation> = {
	credentialType: endpointCredentialType,
	productName: apiFacts.endpoint.productName,
	profile: (credentials) => ({
		...profileOf('endpoint', credentials, endpointCredentialType),
		explainAccessFailure: (failure) => explainEndpointAccessFailure({ ...failure, settings: credentials }),
	}),
};

export interface OpenedClient<Operation extends string> {
	client: DefenderClient<Operation>;
	credentials: DefenderCredentials;
}

/**
 * The one way a backend gets its client: the credential's fields, or an error listing what is wrong with them
 * before any request; the API's profile; and the wait budget, which is the credential's Max Wait unless the caller
 * (the trigger's poll budget) allows less.
 */
export async function openClient<Operation extends string>(
	context: DefenderContext,
	api: ApiCredential<Operation>,
	retryPolicy: Partial<RetryPolicy> = {},
	clock?: () => Date,
): Promise<OpenedClient<Operation>> {
	const credentials = readCredentialFields(await context.getCredentials(api.credentialType));
	const problems = credentialProblems(credentials);
	if (problems.length > 0) {
		throw new NodeOperationError(context.getNode(), `The ${api.productName} credential is not set up correctly`, { description: problems.join(' ') });
	}
	const maxWaitMilliseconds = Math.min(credentials.maxWaitSeconds * 1000, retryPolicy.maxWaitMilliseconds ?? Number.POSITIVE_INFINITY);
	const client = new DefenderClient<Operation>(context, api.profile(credentials), { ...defaultRetryPolicy, ...retryPolicy, maxWaitMilliseconds }, clock);
	return { client, credentials };
}
