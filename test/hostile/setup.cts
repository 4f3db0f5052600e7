import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import type { DefenderBackend } from '../../nodes/MicrosoftDefenderXdr/api/backend';
import type { RetryPolicy } from '../../nodes/MicrosoftDefenderXdr/transport/request';
import { pollIncidents } from '../../nodes/MicrosoftDefenderXdr/trigger/poll';
import { createExecuteContext, createPollContext, type OAuthHarness, type TestCredentials } from '../harness/n8nContext.cjs';
import type { HostileServer } from './server.cjs';

export const tenantId = '6f1c8d2e-0000-4000-8000-00000000beef';
export const clientId = '0b7e5c1a-0000-4000-8000-00000000cafe';
export const clientSecret = 'hostile~client.secret-Value_0123456789';

/** A credential whose sign-in and API are the hostile server. */
export function hostileCredentials(server: HostileServer, changes: IDataObject = {}): TestCredentials {
	return {
		grantType: 'clientCredentials',
		clientCredentialType: 'clientSecret',
		clientId,
		clientSecret,
		tenantId,
		cloud: 'custom',
		customLoginUrl: server.origin,
		customApiUrl: server.origin,
		api: 'graph',
		maxWaitSeconds: 60,
		...changes,
	};
}

export interface Opened {
	backend: DefenderBackend;
	harness: OAuthHarness;
	context: IExecuteFunctions;
}

/** The backend on n8n core's request helpers, against the hostile server. */
export async function openBackend(server: HostileServer, options: { credentials?: IDataObject; policy?: Partial<RetryPolicy> } = {}): Promise<Opened> {
	const { context, harness } = createExecuteContext({ parameters: {}, credentials: hostileCredentials(server, options.credentials) });
	const backend = await createBackend(context, { retryBaseMilliseconds: 5, ...options.policy });
	return { backend, harness, context };
}

export function incident(id: number): IDataObject {
	const at = new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString();
	return { id: String(id), displayName: `Incident ${id}`, status: 'active', severity: 'high', classification: 'unknown', determination: 'unknown', createdDateTime: at, lastUpdateDateTime: at, tags: [], comments: [], alerts: [] };
}

export function incidents(from: number, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => incident(from + index));
}

export async function all<Item>(pages: AsyncIterable<Item[]>): Promise<Item[]> {
	const items: Item[] = [];
	for await (const page of pages) items.push(...page);
	return items;
}

export async function failure(promise: Promise<unknown>): Promise<Error & { description?: string; httpCode?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; httpCode?: string };
	}
	throw new Error('Expected a failure');
}

/** One poll of the trigger on n8n core's request helpers; pass the same static data to later polls, as n8n does. */
export async function pollOnce(credentials: TestCredentials, parameters: IDataObject, staticData: IDataObject, pollBudgetMs = 60_000): Promise<{ emitted: IDataObject[]; requests: number }> {
	const { context, harness } = createPollContext({ credentials, parameters, staticData, pollBudgetMs });
	const output = await pollIncidents.call(context, async (pollContext, policy) => await createBackend(pollContext, { ...policy, retryBaseMilliseconds: 5 }));
	return { emitted: output ? output[0].map((item) => item.json) : [], requests: harness.requests.length };
}
