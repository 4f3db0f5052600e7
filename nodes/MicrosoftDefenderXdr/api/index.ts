import { NodeOperationError } from 'n8n-workflow';

import { credentialProblems, readCredentialFields } from '../auth/credentialFields';
import {
	credentialType,
	DefenderClient,
	defaultRetryPolicy,
	type DefenderContext,
	type RetryPolicy,
} from '../transport/request';
import type { DefenderBackend } from './backend';
import { GraphBackend } from './graph.backend';
import { LegacyBackend } from './legacy.backend';

export type { DefenderBackend } from './backend';

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
	const credentials = readCredentialFields(await context.getCredentials(credentialType));
	const problems = credentialProblems(credentials);
	if (problems.length > 0) {
		throw new NodeOperationError(context.getNode(), 'The Microsoft Defender XDR credential is not set up correctly', {
			description: problems.join(' '),
		});
	}
	// The credential's maximum applies unless the caller (the trigger's poll budget) allows less.
	const maxWaitMilliseconds = Math.min(credentials.maxWaitSeconds * 1000, retryPolicy.maxWaitMilliseconds ?? Number.POSITIVE_INFINITY);
	const client = new DefenderClient(context, credentials, { ...defaultRetryPolicy, ...retryPolicy, maxWaitMilliseconds });
	return credentials.api === 'legacy' ? new LegacyBackend(client) : new GraphBackend(client);
}
