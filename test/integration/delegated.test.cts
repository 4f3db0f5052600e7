import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { connectDelegated, createExecuteContext, emulatorCredentials, type TestCredentials } from '../harness/n8nContext.cjs';

/**
 * Every node operation with a delegated (signed-in user) token on both APIs, the Defender role check, and the
 * transport's defences that need a misbehaving API: a 429 without Retry-After and a next link to another host.
 */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 60, now: new Date() });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.clearFaults();
	emulator.admin.setNextLinkOrigin(undefined);
	emulator.admin.setSignedInUser('analyst@contoso.example');
});

async function signedIn(api: 'graph' | 'legacy', user = 'analyst@contoso.example'): Promise<TestCredentials> {
	emulator.admin.setSignedInUser(user);
	const credentials = emulatorCredentials(emulator, 'delegated', api);
	await connectDelegated(credentials);
	return credentials;
}

async function run(credentials: TestCredentials, parameters: IDataObject): Promise<IDataObject[]> {
	const { context } = createExecuteContext({ parameters, credentials });
	const [items] = await router.call(context, (execute) => createBackend(execute, { retryBaseMilliseconds: 5 }));
	return items.map((item) => item.json);
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe.each(['graph', 'legacy'] as const)('as a signed-in operator on %s', (api) => {
	it('lists, gets, updates, comments and hunts', async () => {
		const credentials = await signedIn(api);
		const listed = await run(credentials, { resource: 'incident', operation: 'getAll', returnAll: false, limit: 60, simplify: true, filters: {}, options: {} });
		expect(listed).toHaveLength(60);
		const id = String(listed.find((incident) => incident.status === 'active')?.id);
		const [got] = await run(credentials, { resource: 'incident', operation: 'get', incidentId: byId(id), simplify: true, options: {} });
		expect(got.id).toBe(id);
		const [updated] = await run(credentials, { resource: 'incident', operation: 'update', incidentId: byId(id), updateFields: { status: 'inProgress', addTags: 'delegated' }, simplify: true });
		expect(updated).toMatchObject({ status: 'inProgress', tags: expect.arrayContaining(['delegated']) });
		const [commented] = await run(credentials, { resource: 'incident', operation: 'addComment', incidentId: byId(id), comment: `by the analyst on ${api}` });
		// Graph's alertComment names the author createdByDisplayName, the legacy comment createdBy (docs/api-contract.md, 5.3).
		const author = api === 'graph' ? 'createdByDisplayName' : 'createdBy';
		expect((commented.comments as IDataObject[]).at(-1)).toMatchObject({ comment: `by the analyst on ${api}`, [author]: 'analyst@contoso.example' });
		const rows = await run(credentials, { resource: 'huntingQuery', operation: 'run', query: 'DeviceLogonEvents | take 2', timespan: 'P7D', options: {} });
		expect(rows).toHaveLength(2);
	});

	it('refuses a reader\'s write with the role explained', async () => {
		const credentials = await signedIn(api, 'reader@contoso.example');
		const [incident] = await run(credentials, { resource: 'incident', operation: 'getAll', returnAll: false, limit: 1, simplify: true, filters: {}, options: {} });
		await expect(run(credentials, { resource: 'incident', operation: 'update', incidentId: byId(String(incident.id)), updateFields: { status: 'resolved' }, simplify: true })).rejects.toThrow(
			'The signed-in user may not update an incident',
		);
	});
});

it('works on alerts with a delegated Graph token', async () => {
	const credentials = await signedIn('graph');
	const [alert] = await run(credentials, { resource: 'alert', operation: 'getAll', returnAll: false, limit: 1, simplify: true, filters: {}, options: {} });
	const [updated] = await run(credentials, { resource: 'alert', operation: 'update', alertId: byId(String(alert.id)), updateFields: { status: 'inProgress' }, simplify: true });
	expect(updated.status).toBe('inProgress');
	const [commented] = await run(credentials, { resource: 'alert', operation: 'addComment', alertId: byId(String(alert.id)), comment: 'delegated alert comment' });
	expect((commented.comments as IDataObject[]).map((comment) => comment.comment)).toContain('delegated alert comment');
});

it('backs off and retries a 429 that carries no Retry-After', async () => {
	const credentials = emulatorCredentials(emulator, 'full');
	const { context, harness } = createExecuteContext({ parameters: {}, credentials });
	const backend = await createBackend(context, { retryBaseMilliseconds: 5 });
	emulator.admin.failNext({ kind: 'status', status: 429, count: 2 });
	const pages: IDataObject[][] = [];
	for await (const page of backend.listIncidents({}, { limit: 1 })) pages.push(page.map((record) => record.raw));
	expect(pages.flat()).toHaveLength(1);
	expect(harness.requests.map((request) => request.status)).toEqual([429, 429, 200]);
});

it('never sends the token to another host, whatever next links the API returns', async () => {
	// A next link to another host is not the server's own $skip link, so nothing is read ahead from it, and
	// following it is refused before any request (also tested in legacy.test.cts).
	emulator.admin.setNextLinkOrigin('http://127.0.0.2:9');
	const credentials = emulatorCredentials(emulator, 'full');
	const { context, harness } = createExecuteContext({ parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 120, filters: {}, options: {} }, credentials });
	await expect(router.call(context, (execute) => createBackend(execute))).rejects.toThrow('Refused to follow a next link to http://127.0.0.2:9');
	expect(harness.requests).toHaveLength(1);
	// Return All moves a time window instead of following next links: every request stays on the API's origin.
	const returnAll = createExecuteContext({ parameters: { resource: 'incident', operation: 'getAll', returnAll: true, filters: {}, options: {} }, credentials });
	await router.call(returnAll.context, (execute) => createBackend(execute));
	expect(returnAll.harness.requests.length).toBeGreaterThan(1);
	for (const { requests } of [harness, returnAll.harness]) expect(requests.every((request) => request.url.startsWith(`${emulator.baseUrl}/v1.0/`))).toBe(true);
});

it('keeps to the rate after the first 429 instead of running into more', async () => {
	const credentials = emulatorCredentials(emulator, 'full');
	const { context, harness } = createExecuteContext({ parameters: {}, credentials });
	// The emulator refuses a third request within a second; the client, once throttled, keeps to two per 1.5 s,
	// so every request after the first 429 must pass, however slowly this machine runs.
	const backend = await createBackend(context, { retryBaseMilliseconds: 5, pacedRate: { requests: 2, windowMilliseconds: 1500 } });
	emulator.admin.setRateLimits({ graph: [{ requests: 2, windowSeconds: 1 }] });
	try {
		emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 0 });
		for (let index = 0; index < 5; index++) await backend.getIncident(String(emulator.admin.listAllIncidents()[index].id));
	} finally {
		emulator.admin.setRateLimits(null);
	}
	const sent = emulator.admin.requestLog().slice(-6);
	expect(sent.map((entry) => entry.status)).toEqual([429, 200, 200, 200, 200, 200]);
	expect(harness.requests).toHaveLength(6);
});
