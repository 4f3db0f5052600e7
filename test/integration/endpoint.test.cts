import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend, createEndpointBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import type { EndpointBackend } from '../../nodes/MicrosoftDefenderXdr/api/endpoint.backend';
import { createExecuteContext, emulatorCredentials, type OAuthHarness } from '../harness/n8nContext.cjs';

/**
 * The Defender for Endpoint backend and resources against the emulator, through n8n-like OAuth2: safe actions
 * (never twice, read back after a dropped connection), waiting on the emulator's clock, indicators in batches,
 * and the permission messages.
 */

let emulator: Emulator;
const fastRetries = { retryBaseMilliseconds: 5, maxWaitMilliseconds: 3000 };
const fastPolling = { firstPollMilliseconds: 2, maxPollMilliseconds: 5 };

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 5, now: new Date() });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.reset();
	emulator.admin.setClock(new Date());
});

async function open(appName = 'full'): Promise<{ backend: EndpointBackend; harness: OAuthHarness }> {
	const { context, harness } = createExecuteContext({ parameters: {}, credentials: emulatorCredentials(emulator, appName, 'endpoint') });
	return { backend: await createEndpointBackend(context, fastRetries, { clock: () => emulator.admin.now(), polling: fastPolling }), harness };
}

/** Runs the node's router with per-item parameters against the emulator. */
async function runNode(parameters: IDataObject | IDataObject[], options: { appName?: string; continueOnFail?: boolean; beforeSend?: OAuthHarness['beforeSend'] } = {}) {
	const { context, harness } = createExecuteContext({ parameters, credentials: emulatorCredentials(emulator, options.appName ?? 'full', 'endpoint'), continueOnFail: options.continueOnFail, beforeSend: options.beforeSend });
	const [items] = await router.call(context, createBackend, (opened) => createEndpointBackend(opened, fastRetries, { clock: () => emulator.admin.now(), polling: fastPolling }));
	return { json: items.map((item) => item.json), items, harness };
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('Expected a failure');
}

const machines = () => emulator.admin.endpoint.machines() as Array<{ id: string; computerDnsName: string; osPlatform: string }>;
const windowsMachine = () => machines().find((machine) => machine.osPlatform.startsWith('Windows'))!;
const postsTo = (harness: OAuthHarness, segment: string) => harness.requests.filter((request) => request.method === 'POST' && request.url.includes(segment));

/** Moves the emulator's clock on while a wait is running, as time passes for a real device. */
async function whileClockRuns<Result>(promise: Promise<Result>, stepMilliseconds: number): Promise<Result> {
	let running = true;
	const ticker = (async () => {
		while (running) {
			emulator.admin.advanceClock(stepMilliseconds);
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
	})();
	try {
		return await promise;
	} finally {
		running = false;
		await ticker;
	}
}

describe('devices', () => {
	it('gets a device, and lists devices with filters and a limit', async () => {
		const { backend } = await open();
		const [first] = machines();
		expect((await backend.getDevice(first.id)).computerDnsName).toBe(first.computerDnsName);
		const { json } = await runNode({ resource: 'device', operation: 'getAll', returnAll: false, limit: 3, filters: { namePrefix: 'ws-10' } });
		expect(json).toHaveLength(3);
		expect(json.every((device) => String(device.computerDnsName).startsWith('ws-10'))).toBe(true);
	});

	it('takes filter values as a model or an expression writes them, and lists the accepted ones for a wrong one', async () => {
		const { json } = await runNode({ resource: 'device', operation: 'getAll', returnAll: true, filters: { healthStatus: 'active', riskScore: ['high', 'Medium'] } });
		expect(json.length).toBeGreaterThan(0);
		expect(json.every((device) => device.healthStatus === 'Active' && ['High', 'Medium'].includes(String(device.riskScore)))).toBe(true);
		const { json: actions } = await runNode({ resource: 'deviceAction', operation: 'getAll', returnAll: true, filters: { status: 'in progress' } });
		expect(actions.every((action) => action.status === 'InProgress')).toBe(true);
		const { json: [refused] } = await runNode({ resource: 'indicator', operation: 'getAll', returnAll: true, filters: { action: 'Quarantine' } }, { continueOnFail: true });
		expect(String(refused.error)).toMatch(/Action "Quarantine" is not one of: Alert, AlertAndBlock, Allowed/);
	});

	it('takes a device by portal link and refuses a bad ID before any request', async () => {
		const [first] = machines();
		const byLink = await runNode({ resource: 'device', operation: 'get', deviceId: { __rl: true, mode: 'url', value: `https://security.microsoft.com/machines/${first.id}/overview` } });
		expect(byLink.json[0].id).toBe(first.id);
		const refused = await runNode({ resource: 'device', operation: 'get', deviceId: { __rl: true, mode: 'id', value: 'ws-0142' } }, { continueOnFail: true });
		expect(String(refused.json[0].error)).toMatch(/not a valid device ID/);
		expect(refused.harness.requests).toHaveLength(0);
	});
});

describe('device actions are never sent twice', () => {
	const isolate = (deviceId: string, extra: IDataObject = {}) => ({ resource: 'device', operation: 'isolate', deviceId: { __rl: true, mode: 'id', value: deviceId }, comment: 'Contain for incident 42', isolationType: 'Full', ...extra });

	it('returns the pending action with alreadyPending instead of sending another', async () => {
		const { id } = windowsMachine();
		const first = await runNode(isolate(id));
		expect(first.json[0]).toMatchObject({ type: 'Isolate', status: 'Pending', alreadyPending: false });
		const second = await runNode(isolate(id));
		expect(second.json[0]).toMatchObject({ id: first.json[0].id, alreadyPending: true });
		expect(postsTo(second.harness, '/isolate')).toHaveLength(0);
		expect(emulator.admin.endpoint.machineActions()).toHaveLength(1);
	});

	it('returns the action that won a race with alreadyPending when Defender answers "Action is already in progress"', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.setDuplicateAnswer('error');
		let rival: Awaited<ReturnType<typeof runNode>> | undefined;
		// Another workflow isolates the device after this one checked for a pending action and before it sends its own.
		const beforeSend = async (record: { method: string; url: string }) => {
			if (record.method === 'POST' && record.url.endsWith('/isolate') && rival === undefined) rival = await runNode(isolate(id, { comment: 'The other workflow' }));
		};
		const { json, harness } = await runNode(isolate(id), { beforeSend });
		expect(rival?.json[0]).toMatchObject({ type: 'Isolate', alreadyPending: false });
		expect(json[0]).toMatchObject({ id: rival?.json[0].id, requestorComment: 'The other workflow', alreadyPending: true });
		expect(postsTo(harness, '/isolate')).toHaveLength(1);
		expect(emulator.admin.endpoint.machineActions()).toHaveLength(1);
	});

	it('reads back after a dropped connection instead of sending the action again', async () => {
		const { id } = windowsMachine();
		emulator.admin.failNext({ kind: 'resetAfterProcessing', method: 'POST', pathContains: '/runAntiVirusScan' });
		const { json, harness } = await runNode({ resource: 'device', operation: 'runAntivirusScan', deviceId: { __rl: true, mode: 'id', value: id }, comment: 'scan', scanType: 'Quick' });
		expect(json[0]).toMatchObject({ type: 'RunAntiVirusScan', scope: 'Quick' });
		expect(postsTo(harness, '/runAntiVirusScan')).toHaveLength(1);
		expect(emulator.admin.endpoint.machineActions()).toHaveLength(1);
	});

	it('refuses an empty comment and a bad SHA-1 before any request', async () => {
		const { id } = windowsMachine();
		const parameters = [isolate(id, { comment: '  ' }), { resource: 'device', operation: 'stopAndQuarantineFile', deviceId: { __rl: true, mode: 'id', value: id }, comment: 'x', sha1: 'abc' }];
		const empty = await runNode(parameters[0], { continueOnFail: true });
		expect(String(empty.json[0].error)).toMatch(/Comment is empty/);
		const badHash = await runNode(parameters[1], { continueOnFail: true });
		expect(String(badHash.json[0].error)).toMatch(/not 40 hexadecimal characters/);
		expect([...empty.harness.requests, ...badHash.harness.requests]).toHaveLength(0);
	});
});

describe('waiting for completion', () => {
	it('polls until the action succeeded and outputs it as it ended', async () => {
		const { id } = windowsMachine();
		const run = runNode({ resource: 'device', operation: 'isolate', deviceId: { __rl: true, mode: 'id', value: id }, comment: 'contain', isolationType: 'Selective', options: { waitForCompletion: true, maxWaitMinutes: 5 } });
		const { json, harness } = await whileClockRuns(run, 5_000);
		expect(json[0]).toMatchObject({ status: 'Succeeded', scope: 'Selective', alreadyPending: false });
		const polls = harness.requests.filter((request) => request.url.includes(`/machineactions/${String(json[0].id)}`));
		expect(polls.length).toBeGreaterThan(1);
	});

	it('makes a Failed or TimeOut action an item error with Defender\'s reason', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.failNextAction({ outcome: 'TimeOut', reason: 'The device did not respond in time.' });
		const run = runNode({ resource: 'device', operation: 'releaseFromIsolation', deviceId: { __rl: true, mode: 'id', value: id }, comment: 'release', options: { waitForCompletion: true, maxWaitMinutes: 5 } }, { continueOnFail: true });
		const { json } = await whileClockRuns(run, 5_000);
		expect(json[0].error).toBe('The device action ended with a timeout: The device did not respond in time.');
	});

	it('gives up after the user\'s bound on the emulator clock, naming the action', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.setActionTimings({ pendingSeconds: 3600 });
		const run = runNode({ resource: 'device', operation: 'isolate', deviceId: { __rl: true, mode: 'id', value: id }, comment: 'contain', isolationType: 'Full', options: { waitForCompletion: true, maxWaitMinutes: 2 } }, { continueOnFail: true });
		const { json } = await whileClockRuns(run, 20_000);
		expect(json[0].error).toBe('The device action did not finish within 2 minutes (status Pending)');
	});
});

describe('indicators', () => {
	const block = (indicatorValue: string, extra: IDataObject = {}) => ({ resource: 'indicator', operation: 'createOrUpdate', indicatorValue, indicatorType: 'automatic', action: 'Block', title: 'Block', description: 'From incident 42', ...extra });

	it('creates one indicator with the type detected, and deletes it', async () => {
		const created = await runNode(block('e'.repeat(64)));
		expect(created.json[0]).toMatchObject({ indicatorType: 'FileSha256', action: 'Block' });
		const deleted = await runNode({ resource: 'indicator', operation: 'delete', indicatorId: created.json[0].id });
		expect(deleted.json[0]).toEqual({ id: created.json[0].id, deleted: true, tenantId: emulator.tenantId });
		expect(emulator.admin.endpoint.indicators()).toHaveLength(0);
	});

	it('sends many items as one import, each with its own result, and refuses bad ones before sending', async () => {
		const parameters = [block('evil.example'), block('10.0.0.0/8'), block('203.0.113.9'), block('https://evil.example/payload', { additionalFields: { expiration: '2020-01-01T00:00:00Z' } })];
		const { json, harness } = await runNode(parameters, { continueOnFail: true });
		expect(json[0]).toMatchObject({ indicatorValue: 'evil.example', indicatorType: 'DomainName', imported: true });
		expect(String(json[1].error)).toMatch(/Cannot tell what kind of indicator/);
		expect(json[2]).toMatchObject({ indicatorType: 'IpAddress', imported: true });
		expect(String(json[3].error)).toMatch(/in the past/);
		expect(harness.requests.filter((request) => request.url.includes('/indicators'))).toHaveLength(1);
		expect(emulator.admin.endpoint.indicators()).toHaveLength(2);
	});

	it('reports the indicators Defender refuses in an import on their own items', async () => {
		emulator.admin.endpoint.seedIndicators(14_999);
		const { json } = await runNode([block('last.example'), block('one-more.example')], { continueOnFail: true });
		expect(json[0]).toMatchObject({ imported: true });
		expect(String(json[1].error)).toMatch(/Defender refused the indicator "one-more.example": .*15000/);
	});

	it('splits 1,200 indicators into imports of at most 500', async () => {
		const { backend, harness } = await open();
		const results = await backend.importIndicators(Array.from({ length: 1200 }, (_, index) => ({ indicatorValue: `d${index}.example`, indicatorType: 'DomainName', action: 'Block', title: 't', description: 'd' })));
		expect(results.filter((result) => result.ok)).toHaveLength(1200);
		expect(harness.requests.filter((request) => request.url.endsWith('/indicators/import'))).toHaveLength(3);
	});
});

describe('permission messages', () => {
	it('names the WindowsDefenderATP permission and where to grant it for a read-only app', async () => {
		const { backend } = await open('readonly');
		const error = await failure(backend.runDeviceAction(windowsMachine().id, 'isolate', { Comment: 'x', IsolationType: 'Full' }));
		expect(error.message).toBe('Missing permission to isolate a device: the application permission "Machine.Isolate" of WindowsDefenderATP is required');
		expect(error.description).toContain('"APIs my organization uses" > "WindowsDefenderATP"');
		expect(error.description).toContain('Grant admin consent');
		expect(error.description).toContain('roles): Machine.Read.All');
	});

	it('names Ti.ReadWrite.All for indicators with an app that has none', async () => {
		const { backend } = await open('none');
		const error = await failure(backend.submitIndicator({ indicatorValue: 'evil.example', indicatorType: 'DomainName', action: 'Block', title: 't', description: 'd' }));
		expect(error.message).toBe('Missing permission to create or update an indicator: the application permission "Ti.ReadWrite.All" or "Ti.ReadWrite" of WindowsDefenderATP is required');
	});
});

describe('a response action never reports what it did not do (issue 21)', () => {
	const device = (id: string) => ({ __rl: true, mode: 'id', value: id });
	const quarantine = (id: string, sha1: string, options: IDataObject = {}) => ({ resource: 'device', operation: 'stopAndQuarantineFile', deviceId: device(id), comment: 'Quarantine', sha1, options });
	const fileA = 'a'.repeat(40);
	const fileB = 'b'.repeat(40);

	it('quarantines file B while file A\'s quarantine is pending on the same device', async () => {
		const { id } = windowsMachine();
		const first = await runNode(quarantine(id, fileA));
		const second = await runNode(quarantine(id, fileB));
		expect(second.json[0]).toMatchObject({ type: 'StopAndQuarantineFile', relatedFileInfo: { fileIdentifier: fileB }, alreadyPending: false });
		expect(second.json[0].id).not.toBe(first.json[0].id);
		expect(postsTo(second.harness, '/StopAndQuarantineFile')).toHaveLength(1);
		const again = await runNode(quarantine(id, fileB));
		expect(again.json[0]).toMatchObject({ id: second.json[0].id, alreadyPending: true });
		expect(postsTo(again.harness, '/StopAndQuarantineFile')).toHaveLength(0);
	});

	it.each([
		['isolate', { isolationType: 'Selective' }, { isolationType: 'Full' }, 'Isolate', 'Selective'],
		['runAntivirusScan', { scanType: 'Quick' }, { scanType: 'Full' }, 'RunAntiVirusScan', 'Quick'],
	])('makes %s with another scope than the pending one an item error naming the pending action', async (operation, pendingScope, wantedScope, type, scope) => {
		const { id } = windowsMachine();
		const pending = await runNode({ resource: 'device', operation, deviceId: device(id), comment: 'First', ...pendingScope });
		const { json } = await runNode({ resource: 'device', operation, deviceId: device(id), comment: 'Second', ...wantedScope }, { continueOnFail: true });
		const message = String(json[0].error);
		expect(message).toContain(String(pending.json[0].id));
		expect(message).toContain(`${type} (${scope})`);
		expect(message).toContain(String(pending.json[0].requestor));
		expect(message).toContain(String(pending.json[0].creationDateTimeUtc));
		expect(json[0]).not.toHaveProperty('alreadyPending');
		expect(emulator.admin.endpoint.machineActions()).toHaveLength(1);
	});

	it('makes a pending action of another scope that Defender answers with an item error, not this request\'s result', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.setDuplicateAnswer('existing');
		await runNode({ resource: 'device', operation: 'isolate', deviceId: device(id), comment: 'First', isolationType: 'Selective' });
		const { json } = await runNode({ resource: 'device', operation: 'isolate', deviceId: device(id), comment: 'Second', isolationType: 'Full' }, { continueOnFail: true });
		expect(String(json[0].error)).toMatch(/Not sent: .*Isolate \(Selective\)/);
	});

	it('makes an action that someone cancelled an item error naming who cancelled it and why', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.failNextAction({ outcome: 'Cancelled', requestor: 'alice@contoso.example', reason: 'False positive' });
		const run = runNode({ resource: 'device', operation: 'isolate', deviceId: device(id), comment: 'contain', isolationType: 'Full', options: { waitForCompletion: true, maxWaitMinutes: 5 } }, { continueOnFail: true });
		const { json } = await whileClockRuns(run, 5_000);
		expect(json[0].error).toBe('The device action was cancelled by alice@contoso.example: False positive');
	});

	it('returns no devices for a tenant without machines (Defender answers 404)', async () => {
		emulator.admin.endpoint.removeMachines();
		const { json } = await runNode({ resource: 'device', operation: 'getAll', returnAll: true, filters: {} });
		expect(json).toEqual([]);
	});

	it('names Microsoft Defender for Endpoint in its errors, and explains a missing device without merged incidents', async () => {
		const { backend } = await open();
		const missing = await failure(backend.getDevice('f'.repeat(40)));
		expect(missing.description).not.toMatch(/incident/);
		emulator.admin.failNext({ kind: 'status', status: 400, method: 'GET', pathContains: '/machines/' });
		const refused = await failure(backend.getDevice(windowsMachine().id));
		expect(refused.message).toMatch(/^Microsoft Defender for Endpoint rejected the request/);
	});

	it('refuses internal IP addresses as indicators before any request, detected or chosen', async () => {
		const indicator = (indicatorValue: string, indicatorType = 'automatic') => ({ resource: 'indicator', operation: 'createOrUpdate', indicatorValue, indicatorType, action: 'Block', title: 'Block', description: 'From incident 42' });
		const parameters = [indicator('10.1.2.3'), indicator('192.168.0.10', 'IpAddress'), indicator('127.0.0.1'), indicator('fe80:0:0:0:0:0:0:1'), indicator('203.0.113.9')];
		const { json, harness } = await runNode(parameters, { continueOnFail: true });
		expect(json.slice(0, 4).map((item) => String(item.error))).toEqual([
			'"10.1.2.3" is a private address; Defender takes only external (public) IP addresses as indicators',
			'"192.168.0.10" is a private address; Defender takes only external (public) IP addresses as indicators',
			'"127.0.0.1" is a loopback address; Defender takes only external (public) IP addresses as indicators',
			'"fe80:0:0:0:0:0:0:1" is a link-local address; Defender takes only external (public) IP addresses as indicators',
		]);
		expect(json[4]).toMatchObject({ indicatorValue: '203.0.113.9', imported: true });
		expect(harness.requests.filter((request) => request.url.includes('/indicators'))).toHaveLength(1);
		const single = await runNode(indicator('172.20.1.1'), { continueOnFail: true });
		expect(String(single.json[0].error)).toMatch(/is a private address/);
		expect(single.harness.requests).toHaveLength(0);
		expect(emulator.admin.endpoint.indicators()).toHaveLength(1);
	});

	const blockIndicator = (indicatorValue: string, extra: IDataObject = {}) => ({ resource: 'indicator', operation: 'createOrUpdate', indicatorValue, indicatorType: 'automatic', action: 'Block', title: 'Block', description: 'From incident 42', ...extra });

	it('resolves the same indicator twice in one batch before sending: the last wins, the earlier item names it', async () => {
		const { json, harness } = await runNode([blockIndicator('198.51.100.7'), blockIndicator('evil.example'), blockIndicator('198.51.100.7', { action: 'Allowed' }), blockIndicator('EVIL.example')], { continueOnFail: true });
		expect(String(json[0].error)).toBe('Not sent: the item with index 2 sets the same indicator (IpAddress 198.51.100.7) later in this batch, and Defender keeps one indicator per value');
		expect(json[2]).toMatchObject({ indicatorValue: '198.51.100.7', action: 'Allowed', imported: true });
		// The same indicator twice with the same settings is one indicator: both items get its result.
		expect(json[1]).toMatchObject({ indicatorValue: 'evil.example', imported: true });
		expect(json[3]).toMatchObject({ id: json[1].id, imported: true });
		const sent = harness.requests.filter((request) => request.url.endsWith('/indicators/import'));
		expect(sent).toHaveLength(1);
		expect(emulator.admin.endpoint.indicators().map((indicator) => [indicator.indicatorValue, indicator.action]).sort()).toEqual([['198.51.100.7', 'Allowed'], ['EVIL.example', 'Block']]);
	});

	it('pairs import results with items by value, whatever order Defender answers in', async () => {
		emulator.admin.endpoint.setImportOrder('reversed');
		emulator.admin.endpoint.seedIndicators(14_998);
		const { json } = await runNode([blockIndicator('first.example'), blockIndicator('second.example'), blockIndicator('third.example')], { continueOnFail: true });
		expect(json.slice(0, 2)).toEqual([expect.objectContaining({ indicatorValue: 'first.example', imported: true }), expect.objectContaining({ indicatorValue: 'second.example', imported: true })]);
		expect(String(json[2].error)).toMatch(/^Defender refused the indicator "third.example"/);
		const stored = new Map(emulator.admin.endpoint.indicators().map((indicator) => [indicator.indicatorValue, indicator.id]));
		expect([json[0].id, json[1].id]).toEqual([stored.get('first.example'), stored.get('second.example')]);
	});

	it('gives the items of a failed import request their own errors and keeps the other requests\' results, sending each once', async () => {
		let imports = 0;
		const beforeSend = async (record: { method: string; url: string }) => {
			// The second request fails on every attempt (the first and three retries); the third goes through.
			if (record.url.endsWith('/indicators/import') && ++imports >= 2 && imports <= 5) emulator.admin.failNext({ kind: 'status', status: 500, pathContains: '/indicators/import' });
		};
		const parameters = Array.from({ length: 1100 }, (_, index) => blockIndicator(`d${index}.example`));
		const { json, harness } = await runNode(parameters, { continueOnFail: true, beforeSend });
		expect(json.slice(0, 500).every((item) => item.imported === true)).toBe(true);
		expect(new Set(json.slice(500, 1000).map((item) => item.error))).toEqual(new Set(["Microsoft Defender for Endpoint had a server error (HTTP 500)"]));
		expect(json.slice(1000).every((item) => item.imported === true)).toBe(true);
		const sent = harness.requests.filter((request) => request.url.endsWith('/indicators/import'));
		// The first and third requests once each; the failed second one with its retries.
		expect(sent).toHaveLength(6);
		expect(emulator.admin.endpoint.indicators()).toHaveLength(600);
	});

	it('without Continue On Fail, a failed import request still fails the node', async () => {
		emulator.admin.failNext({ kind: 'status', status: 500, pathContains: '/indicators/import', count: 10 });
		await expect(runNode([blockIndicator('one.example'), blockIndicator('two.example')])).rejects.toThrow(/server error \(HTTP 500\)/);
	});

	it('redacts the secret and the token that Defender\'s free text echoes, in items and errors, with and without Continue On Fail', async () => {
		emulator.admin.endpoint.setEchoRequests(true);
		const { id } = windowsMachine();
		const secret = String(emulatorCredentials(emulator, 'full', 'endpoint').clientSecret);
		emulator.admin.endpoint.failNextAction({ outcome: 'Failed', reason: `Device refused, secret ${secret}` });
		const run = runNode({ resource: 'device', operation: 'isolate', deviceId: device(id), comment: 'contain', isolationType: 'Full', options: { waitForCompletion: true, maxWaitMinutes: 5 } }, { continueOnFail: true });
		const { json, harness } = await whileClockRuns(run, 5_000);
		const token = String((harness.credentials.oauthTokenData as IDataObject).access_token);
		const leaks = (text: string) => text.includes(secret) || text.includes(token);
		expect(String(json[0].error)).toMatch(/^The device action ended as failed: Device refused, secret \[redacted\]/);
		expect(leaks(JSON.stringify(json))).toBe(false);
		const [failed] = emulator.admin.endpoint.machineActions();
		const read = await runNode({ resource: 'deviceAction', operation: 'get', deviceActionId: String(failed.id) });
		expect(String(read.json[0].troubleshootInfo)).toContain('[redacted');
		expect(leaks(JSON.stringify(read.json))).toBe(false);
		emulator.admin.endpoint.seedIndicators(14_999);
		const imported = await runNode([blockIndicator('a.example', { description: `key ${secret}` }), blockIndicator('b.example', { description: `key ${secret}` })], { continueOnFail: true });
		expect(String(imported.json[1].error)).toContain('request: Authorization: Bearer [redacted]');
		expect(leaks(JSON.stringify(imported.json))).toBe(false);
		const thrown = await failure(runNode([blockIndicator('c.example', { description: `key ${secret}` }), blockIndicator('d.example', { description: `key ${secret}` })]));
		expect(thrown.message).toMatch(/^Defender refused the indicator/);
		expect(leaks(`${thrown.message} ${String(thrown.description)}`)).toBe(false);
	});
});
