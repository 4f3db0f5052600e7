import { machineIdOf } from '../../emulator/endpoint/index.cjs';
import { startEmulator, type Emulator } from '../../emulator/index.cjs';

/**
 * The emulator's Defender for Endpoint API over plain HTTP, as defender-endpoint-api.md describes it: machines,
 * machine actions on the emulator's clock, indicators with their limits, its error bodies, tokens and rates.
 */

let emulator: Emulator;
const tokens = new Map<string, string>();
const endpointResource = 'https://api.securitycenter.microsoft.com';
const legacyResource = 'https://api.security.microsoft.com';

async function token(appName: string, resource = endpointResource): Promise<string> {
	const key = `${appName}|${resource}`;
	const known = tokens.get(key);
	if (known) return known;
	const app = emulator.apps.find((candidate) => candidate.name === appName)!;
	const response = await fetch(`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret!, scope: `${resource}/.default` }),
	});
	const body = (await response.json()) as { access_token: string };
	tokens.set(key, body.access_token);
	return body.access_token;
}

function claimsOf(accessToken: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function call(path: string, options: { method?: string; body?: unknown; app?: string; bearer?: string } = {}) {
	const bearer = options.bearer ?? (await token(options.app ?? 'full'));
	const response = await fetch(`${emulator.baseUrl}${path}`, {
		method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
		headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

const firstMachine = () => emulator.admin.endpoint.machines()[0] as { id: string; computerDnsName: string };
const windowsMachine = () => emulator.admin.endpoint.machines().find((machine) => String(machine.osPlatform).startsWith('Windows')) as { id: string };
const linuxMachine = () => emulator.admin.endpoint.machines().find((machine) => machine.osPlatform === 'Linux') as { id: string };

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 5, now: '2026-11-20T12:00:00Z' });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.reset();
	emulator.admin.setClock('2026-11-20T12:00:00Z');
	emulator.admin.setRateLimits(null);
});

describe('tokens for WindowsDefenderATP', () => {
	it('issues tokens for the documented resource with the app roles', async () => {
		const claims = claimsOf(await token('full'));
		expect(claims.aud).toBe(endpointResource);
		expect(claims.roles).toEqual(expect.arrayContaining(['Machine.Isolate', 'Machine.Read.All', 'Ti.ReadWrite.All']));
		expect(claimsOf(await token('readonly')).roles).toEqual(['Machine.Read.All']);
	});

	it('answers a token for another audience with 403, as Microsoft warns, and a missing token with 401', async () => {
		const wrongAudience = await call('/api/machines', { bearer: await token('full', legacyResource) });
		expect(wrongAudience.status).toBe(403);
		expect(wrongAudience.body.error.code).toBe('Forbidden');
		const missing = await call('/api/machines', { bearer: '' });
		expect(missing.status).toBe(401);
		expect(missing.body.error).toEqual({ code: 'Unauthorized', message: expect.any(String), target: expect.stringMatching(/^[0-9a-f-]{36}$/) });
	});

	it('leaves the legacy incidents API on the same base path to its own tokens', async () => {
		expect((await call('/api/incidents', { bearer: await token('full', legacyResource) })).status).toBe(200);
		expect((await call('/api/incidents')).status).toBe(401);
	});

	it('refuses an operation the roles do not cover, naming the permission', async () => {
		const refused = await call(`/api/machines/${firstMachine().id}/isolate`, { app: 'readonly', body: { Comment: 'contain', IsolationType: 'Full' } });
		expect(refused.status).toBe(403);
		expect(refused.body.error.message).toContain('Machine.Isolate');
		expect(emulator.admin.endpoint.machineActions()).toHaveLength(0);
	});
});

describe('machines', () => {
	it('lists machines with the documented fields and OData context', async () => {
		const { status, body } = await call('/api/machines');
		expect(status).toBe(200);
		expect(body['@odata.context']).toMatch(/\/api\/\$metadata#Machines$/);
		const machine = body.value[0];
		for (const field of ['id', 'computerDnsName', 'firstSeen', 'lastSeen', 'osPlatform', 'lastIpAddress', 'healthStatus', 'riskScore', 'exposureLevel', 'rbacGroupId', 'machineTags', 'ipAddresses']) expect(machine).toHaveProperty(field);
		expect(machine.id).toMatch(/^[0-9a-f]{40}$/);
		expect(machine.lastSeen).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
	});

	it('filters with startswith and comparisons, pages with $top and $skip, and caps $top at 10,000', async () => {
		const named = await call(`/api/machines?$filter=${encodeURIComponent("startswith(computerDnsName,'ws-10')")}`);
		expect(named.body.value.length).toBeGreaterThan(0);
		expect(named.body.value.every((machine: { computerDnsName: string }) => machine.computerDnsName.startsWith('ws-10'))).toBe(true);
		const high = await call(`/api/machines?$filter=${encodeURIComponent("riskScore eq 'High' and healthStatus ne 'Inactive'")}`);
		expect(high.body.value.every((machine: { riskScore: string }) => machine.riskScore === 'High')).toBe(true);
		const second = await call('/api/machines?$top=2&$skip=1');
		expect(second.body.value.map((machine: { id: string }) => machine.id)).toEqual(emulator.admin.endpoint.machines().slice(1, 3).map((machine) => machine.id));
		const tooMany = await call('/api/machines?$top=10001');
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.error.code).toBe('ODataError');
		expect((await call('/api/machines?$orderby=lastSeen')).status).toBe(400);
	});

	it('gets one machine by ID, and answers an unknown one with ResourceNotFound', async () => {
		const { id } = firstMachine();
		expect((await call(`/api/machines/${id}`)).body.id).toBe(id);
		const missing = await call(`/api/machines/${'0'.repeat(40)}`);
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe('ResourceNotFound');
		expect(missing.body.error.message).toBe(`Machine ${'0'.repeat(40)} was not found`);
	});

	it('serves the devices the hunting tables name, under the same DeviceId', async () => {
		const hunting = await call('/api/advancedhunting/run', { bearer: await token('full', legacyResource), body: { Query: 'DeviceProcessEvents | take 1 | project DeviceId, DeviceName' } });
		const [row] = hunting.body.Results as Array<{ DeviceId: string; DeviceName: string }>;
		expect(row.DeviceId).toBe(machineIdOf(row.DeviceName));
		expect((await call(`/api/machines/${row.DeviceId}`)).body.computerDnsName).toBe(row.DeviceName);
	});

	it('finds machines by IP within the last 30 days only, and by tag', async () => {
		const machine = emulator.admin.endpoint.machines()[2] as { id: string; lastIpAddress: string };
		const found = await call(`/api/machines/findbyip(ip='${machine.lastIpAddress}',timestamp=2026-11-19T08:00:00Z)`);
		expect(found.body.value.map((candidate: { id: string }) => candidate.id)).toEqual([machine.id]);
		expect((await call(`/api/machines/findbyip(ip='${machine.lastIpAddress}',timestamp=2026-09-01T08:00:00Z)`)).status).toBe(400);
		await call(`/api/machines/${machine.id}/tags`, { body: { Value: 'quarantine-candidate', Action: 'Add' } });
		const tagged = await call('/api/machines/findbytag?tag=quarantine&useStartsWithFilter=true');
		expect(tagged.body.value.map((candidate: { id: string }) => candidate.id)).toEqual([machine.id]);
	});

	it('adds and removes tags with the case-sensitive body Value and Action', async () => {
		const { id } = firstMachine();
		expect((await call(`/api/machines/${id}/tags`, { body: { Value: 'contained', Action: 'Add' } })).body.machineTags).toContain('contained');
		expect((await call(`/api/machines/${id}/tags`, { body: { Value: 'contained', Action: 'Remove' } })).body.machineTags).not.toContain('contained');
		const wrongCase = await call(`/api/machines/${id}/tags`, { body: { value: 'contained', action: 'Add' } });
		expect(wrongCase.status).toBe(400);
		expect(wrongCase.body.error.code).toBe('MissingRequiredParameter');
	});
});

describe('machine actions', () => {
	it('isolates: 201 Pending, then InProgress and Succeeded on the emulator clock', async () => {
		const { id } = firstMachine();
		const created = await call(`/api/machines/${id}/isolate`, { body: { Comment: 'Contain during incident 42', IsolationType: 'Full' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ type: 'Isolate', scope: 'Full', status: 'Pending', machineId: id, requestorComment: 'Contain during incident 42', requestSource: 'PublicApi' });
		expect(created.body['@odata.context']).toMatch(/#MachineActions\/\$entity$/);
		emulator.admin.advanceClock(15_000);
		expect((await call(`/api/machineactions/${created.body.id}`)).body.status).toBe('InProgress');
		emulator.admin.advanceClock(20_000);
		const done = await call(`/api/machineactions/${created.body.id}`);
		expect(done.body.status).toBe('Succeeded');
		expect(done.body.lastUpdateDateTimeUtc).toBe('2026-11-20T12:00:30.0000000Z');
	});

	it('refuses a second action of the same type while one is pending, and allows it once the first ended', async () => {
		const { id } = firstMachine();
		await call(`/api/machines/${id}/isolate`, { body: { Comment: 'first', IsolationType: 'Full' } });
		const duplicate = await call(`/api/machines/${id}/isolate`, { body: { Comment: 'second', IsolationType: 'Full' } });
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.error.message).toBe('Action is already in progress');
		// Another type is not a duplicate.
		expect((await call(`/api/machines/${id}/runAntiVirusScan`, { body: { Comment: 'scan', ScanType: 'Quick' } })).status).toBe(201);
		emulator.admin.advanceClock(60_000);
		expect((await call(`/api/machines/${id}/isolate`, { body: { Comment: 'again', IsolationType: 'Full' } })).status).toBe(201);
		expect(emulator.admin.endpoint.machineActions().filter((action) => action.type === 'Isolate')).toHaveLength(2);
	});

	it('can answer a duplicate with the pending action instead, the other documented behaviour', async () => {
		const { id } = firstMachine();
		emulator.admin.endpoint.setDuplicateAnswer('existing');
		const first = await call(`/api/machines/${id}/unisolate`, { body: { Comment: 'release' } });
		const second = await call(`/api/machines/${id}/unisolate`, { body: { Comment: 'release again' } });
		expect(second.status).toBe(201);
		expect(second.body.id).toBe(first.body.id);
	});

	it('ends an action Failed or TimeOut when asked, with a reason', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.failNextAction({ outcome: 'TimeOut', type: 'RunAntiVirusScan' });
		const scan = await call(`/api/machines/${id}/runAntiVirusScan`, { body: { Comment: 'scan', ScanType: 'Full' } });
		emulator.admin.advanceClock(60_000);
		const ended = await call(`/api/machineactions/${scan.body.id}`);
		expect(ended.body).toMatchObject({ status: 'TimeOut', scope: 'Full', troubleshootInfo: 'The device did not respond in time.' });
	});

	it('checks each action body: Comment required, case-sensitive names, documented values, supported platforms', async () => {
		const { id } = windowsMachine();
		const noComment = await call(`/api/machines/${id}/isolate`, { body: { IsolationType: 'Full' } });
		expect(noComment.body.error.code).toBe('MissingRequiredParameter');
		expect((await call(`/api/machines/${id}/isolate`, { body: { comment: 'lower case' } })).body.error.code).toBe('MissingRequiredParameter');
		expect((await call(`/api/machines/${id}/isolate`, { body: { Comment: 'x', IsolationType: 'Partial' } })).body.error.code).toBe('InvalidRequestBody');
		expect((await call(`/api/machines/${id}/runAntiVirusScan`, { body: { Comment: 'x' } })).body.error.code).toBe('MissingRequiredParameter');
		expect((await call(`/api/machines/${id}/StopAndQuarantineFile`, { body: { Comment: 'x', Sha1: 'abc' } })).body.error.code).toBe('InvalidHashValue');
		expect((await call(`/api/machines/${linuxMachine().id}/restrictCodeExecution`, { body: { Comment: 'x' } })).body.error.code).toBe('OsPlatformNotSupported');
		const quarantine = await call(`/api/machines/${id}/StopAndQuarantineFile`, { body: { Comment: 'x', Sha1: 'A'.repeat(40) } });
		expect(quarantine.body.relatedFileInfo).toEqual({ fileIdentifier: 'a'.repeat(40), fileIdentifierType: 'Sha1' });
		expect(emulator.admin.endpoint.machineActions()).toHaveLength(1);
	});

	it('lists actions with $filter on machineId, type and status', async () => {
		const [first, second] = emulator.admin.endpoint.machines() as Array<{ id: string }>;
		await call(`/api/machines/${first.id}/isolate`, { body: { Comment: 'a', IsolationType: 'Full' } });
		await call(`/api/machines/${second.id}/isolate`, { body: { Comment: 'b', IsolationType: 'Full' } });
		const filter = encodeURIComponent(`machineId eq '${second.id}' and type eq 'Isolate' and (status eq 'Pending' or status eq 'InProgress')`);
		const { body } = await call(`/api/machineactions?$filter=${filter}`);
		expect(body.value.map((action: { machineId: string }) => action.machineId)).toEqual([second.id]);
	});

	it('cancels an action not yet final, and refuses to cancel one that ended', async () => {
		const { id } = firstMachine();
		const created = await call(`/api/machines/${id}/collectInvestigationPackage`, { body: { Comment: 'collect' } });
		const cancelled = await call(`/api/machineactions/${created.body.id}/cancel`, { body: { Comment: 'not needed' } });
		expect(cancelled.status).toBe(200);
		expect(cancelled.body).toMatchObject({ status: 'Cancelled', cancellationComment: 'not needed' });
		expect((await call(`/api/machineactions/${created.body.id}/cancel`, { body: { Comment: 'again' } })).status).toBe(400);
		expect((await call('/api/machineactions/00000000-0000-0000-0000-000000000000')).status).toBe(404);
	});

	it('gives the investigation package link only once the collection succeeded', async () => {
		const { id } = firstMachine();
		const created = await call(`/api/machines/${id}/collectInvestigationPackage`, { body: { Comment: 'collect' } });
		expect((await call(`/api/machineactions/${created.body.id}/GetPackageUri`)).status).toBe(404);
		emulator.admin.advanceClock(60_000);
		const link = await call(`/api/machineactions/${created.body.id}/GetPackageUri`);
		expect(link.body['@odata.context']).toMatch(/#Edm\.String$/);
		expect(link.body.value).toMatch(/^"https:\/\/userrequests-us\.securitycenter\.windows\.com:443\/safedownload\/WDATP_Investigation_Package\.zip\?token=\w+"$/);
	});
});

describe('indicators', () => {
	const sha256 = 'e'.repeat(64);
	const block = (indicatorValue: string, indicatorType: string) => ({ indicatorValue, indicatorType, action: 'Block', title: 'Block it', description: 'From incident 42', severity: 'High' });

	it('submits and updates by type and value, keeping the ID', async () => {
		const created = await call('/api/indicators', { body: { ...block(sha256, 'FileSha256'), application: 'First' } });
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({ indicatorValue: sha256, indicatorType: 'FileSha256', action: 'Block', severity: 'High', sourceType: 'AadApp', application: 'First' });
		const updated = await call('/api/indicators', { body: { ...block(sha256, 'FileSha256'), title: 'Renamed', application: 'Second' } });
		expect(updated.body).toMatchObject({ id: created.body.id, title: 'Renamed', application: 'First' });
		expect(emulator.admin.endpoint.indicators()).toHaveLength(1);
	});

	it('refuses values that do not fit their type with the documented codes', async () => {
		const cases: Array<[string, string, string]> = [
			['abc', 'FileSha256', 'InvalidHashValue'],
			['10.0.0.0/8', 'IpAddress', 'InvalidIpAddress'],
			['2001:db8::1', 'IpAddress', 'InvalidIpAddress'],
			['not a domain', 'DomainName', 'InvalidDomainName'],
			['http://', 'Url', 'InvalidUrl'],
		];
		for (const [value, type, code] of cases) expect([value, (await call('/api/indicators', { body: block(value, type) })).body.error.code]).toEqual([value, code]);
		expect((await call('/api/indicators', { body: { ...block('evil.example', 'DomainName'), action: 'Audit' } })).body.error.code).toBe('InvalidInput');
		expect((await call('/api/indicators', { body: { ...block('evil.example', 'DomainName'), expirationTime: '2026-11-19T00:00:00Z' } })).status).toBe(400);
		expect((await call('/api/indicators', { body: { ...block('evil.example', 'DomainName'), IndicatorValue: 'x', indicatorValue: undefined } })).body.error.code).toBe('MissingRequiredParameter');
		expect(emulator.admin.endpoint.indicators()).toHaveLength(0);
	});

	it('lists with $filter, and deletes with 204 then 404', async () => {
		const domain = await call('/api/indicators', { body: block('evil.example', 'DomainName') });
		await call('/api/indicators', { body: block('203.0.113.7', 'IpAddress') });
		const listed = await call(`/api/indicators?$filter=${encodeURIComponent("indicatorType eq 'DomainName'")}`);
		expect(listed.body.value.map((indicator: { id: string }) => indicator.id)).toEqual([domain.body.id]);
		expect((await call(`/api/indicators/${domain.body.id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await call(`/api/indicators/${domain.body.id}`, { method: 'DELETE' })).status).toBe(404);
	});

	it('imports up to 500 with a result per entry, and refuses 501', async () => {
		const entries = [block('good.example', 'DomainName'), block('bad value', 'DomainName'), block('b'.repeat(40), 'FileSha1')];
		const { status, body } = await call('/api/indicators/import', { body: { Indicators: entries } });
		expect(status).toBe(200);
		expect(body.value).toEqual([
			{ id: expect.any(String), indicator: 'good.example', isFailed: false, failureReason: null },
			{ id: null, indicator: 'bad value', isFailed: true, failureReason: expect.stringContaining('bad value') },
			{ id: expect.any(String), indicator: 'b'.repeat(40), isFailed: false, failureReason: null },
		]);
		const tooMany = await call('/api/indicators/import', { body: { Indicators: Array.from({ length: 501 }, (_, index) => block(`d${index}.example`, 'DomainName')) } });
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.error).toMatchObject({ code: 'MaximumBatchSizeExceeded', message: 'Maximum batch size exceeded. Received: 501, allowed: 500.' });
	});

	it('stops at 15,000 active indicators per tenant', async () => {
		emulator.admin.endpoint.seedIndicators(14_999);
		const { body } = await call('/api/indicators/import', { body: { Indicators: [block('last.example', 'DomainName'), block('one-too-many.example', 'DomainName')] } });
		expect(body.value.map((result: { isFailed: boolean }) => result.isFailed)).toEqual([false, true]);
		expect(body.value[1].failureReason).toContain('15000');
	});

	it('deletes in batches: 204 when all exist, 404 naming the missing ones', async () => {
		const { body } = await call('/api/indicators/import', { body: { Indicators: [block('a.example', 'DomainName'), block('b.example', 'DomainName')] } });
		const ids = body.value.map((result: { id: string }) => result.id);
		expect((await call('/api/indicators/BatchDelete', { body: { IndicatorIds: [...ids, '999999'] } })).status).toBe(404);
		expect((await call('/api/indicators/BatchDelete', { body: { IndicatorIds: ids } })).status).toBe(204);
		expect(emulator.admin.endpoint.indicators()).toHaveLength(0);
	});
});

describe('rate limits', () => {
	it('answers the 101st action in a minute with 429, Retry-After and the endpoint error body', async () => {
		emulator.admin.setRateLimits();
		const machines = emulator.admin.endpoint.machines() as Array<{ id: string }>;
		const answers = [];
		for (let index = 0; index < 101; index++) {
			answers.push(await call(`/api/machines/${machines[index % machines.length].id}/tags`, { body: { Value: `t${index}`, Action: 'Add' } }));
		}
		expect(answers.slice(0, 100).every((answer) => answer.status === 200)).toBe(true);
		const throttled = answers[100];
		expect(throttled.status).toBe(429);
		expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(throttled.body.error.code).toBe('TooManyRequests');
	});

	it('allows 30 imports a minute', async () => {
		emulator.admin.setRateLimits();
		const statuses = [];
		for (let index = 0; index < 31; index++) {
			statuses.push((await call('/api/indicators/import', { body: { Indicators: [{ indicatorValue: `i${index}.example`, indicatorType: 'DomainName', action: 'Block', title: 't', description: 'd' }] } })).status);
		}
		expect(statuses.filter((status) => status === 200)).toHaveLength(30);
		expect(statuses[30]).toBe(429);
	});
});

describe('controls over HTTP', () => {
	it('sets action timings and failures under /_emulator/endpoint/', async () => {
		const post = (path: string, body: unknown) => fetch(`${emulator.baseUrl}/_emulator/endpoint/${path}`, { method: 'POST', body: JSON.stringify(body) });
		await post('action-timings', { pendingSeconds: 0, runSeconds: 1 });
		await post('fail-next-action', { outcome: 'Failed', reason: 'Device unreachable' });
		const created = await call(`/api/machines/${firstMachine().id}/isolate`, { body: { Comment: 'x', IsolationType: 'Full' } });
		expect(created.body.status).toBe('InProgress');
		emulator.admin.advanceClock(1_000);
		expect((await call(`/api/machineactions/${created.body.id}`)).body).toMatchObject({ status: 'Failed', troubleshootInfo: 'Device unreachable' });
		const listed = (await (await fetch(`${emulator.baseUrl}/_emulator/endpoint/machine-actions`)).json()) as unknown[];
		expect(listed).toHaveLength(1);
	});
});

describe('what Microsoft documents about pending actions, outcomes, empty tenants and internal IPs (issue 21)', () => {
	it('refuses a second quarantine of the same file while it is pending, but quarantines another file', async () => {
		const { id } = windowsMachine();
		const quarantine = (sha1: string) => call(`/api/machines/${id}/StopAndQuarantineFile`, { body: { Comment: 'q', Sha1: sha1 } });
		expect((await quarantine('a'.repeat(40))).status).toBe(201);
		const other = await quarantine('b'.repeat(40));
		expect(other.status).toBe(201);
		expect(other.body.relatedFileInfo).toEqual({ fileIdentifier: 'b'.repeat(40), fileIdentifierType: 'Sha1' });
		expect((await quarantine('A'.repeat(40))).body.error.message).toBe('Action is already in progress');
	});

	it('refuses an isolation of another scope while one is pending (one action of a type at a time)', async () => {
		const { id } = windowsMachine();
		await call(`/api/machines/${id}/isolate`, { body: { Comment: 'first', IsolationType: 'Selective' } });
		const full = await call(`/api/machines/${id}/isolate`, { body: { Comment: 'second', IsolationType: 'Full' } });
		expect([full.status, full.body.error.message]).toEqual([400, 'Action is already in progress']);
	});

	it('ends an action Cancelled by someone else when asked, with who and why, and shows no cancellation before', async () => {
		const { id } = windowsMachine();
		emulator.admin.endpoint.failNextAction({ outcome: 'Cancelled', requestor: 'alice@contoso.example', reason: 'False positive' });
		const scan = await call(`/api/machines/${id}/runAntiVirusScan`, { body: { Comment: 'scan', ScanType: 'Quick' } });
		expect(scan.body).toMatchObject({ status: 'Pending', cancellationRequestor: null });
		emulator.admin.advanceClock(60_000);
		const ended = await call(`/api/machineactions/${scan.body.id}`);
		expect(ended.body).toMatchObject({ status: 'Cancelled', cancellationRequestor: 'alice@contoso.example', cancellationComment: 'False positive' });
	});

	it('answers the machine list of a tenant without machines with 404', async () => {
		emulator.admin.endpoint.removeMachines();
		const listed = await call('/api/machines');
		expect([listed.status, listed.body.error.code]).toEqual([404, 'ResourceNotFound']);
	});

	it('refuses private, loopback, link-local and reserved IP addresses as indicators, and takes external ones', async () => {
		const block = (indicatorValue: string) => ({ indicatorValue, indicatorType: 'IpAddress', action: 'Block', title: 't', description: 'd' });
		for (const internal of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', 'fe80:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:1', '0:0:0:0:0:0:0:1', '0:0:0:0:0:ffff:a00:1']) {
			const refused = await call('/api/indicators', { body: block(internal) });
			expect([internal, refused.status, refused.body.error?.code]).toEqual([internal, 400, 'InvalidIpAddress']);
		}
		expect((await call('/api/indicators', { body: block('203.0.113.9') })).status).toBe(200);
		expect((await call('/api/indicators', { body: block('2001:db8:0:0:0:0:0:1') })).status).toBe(200);
	});
});

describe('test switches over HTTP (issue 21)', () => {
	const post = (path: string, body: unknown) => fetch(`${emulator.baseUrl}/_emulator/endpoint/${path}`, { method: 'POST', body: JSON.stringify(body) });
	const block = (indicatorValue: string) => ({ indicatorValue, indicatorType: 'DomainName', action: 'Block', title: 't', description: 'd' });

	it('echoes the request in failureReason, and answers an import in reverse order, when asked', async () => {
		await post('echo-requests', { on: true });
		await post('import-order', { order: 'reversed' });
		const imported = await call('/api/indicators/import', { body: { Indicators: [block('first.example'), block('not a domain')] } });
		expect(imported.body.value.map((entry: { indicator: string }) => entry.indicator)).toEqual(['not a domain', 'first.example']);
		expect(imported.body.value[0].failureReason).toMatch(/^Invalid domain name 'not a domain'\. \(request: Authorization: Bearer eyJ/);
	});

	it('ends the next action Cancelled by a named requestor when asked', async () => {
		await post('action-timings', { pendingSeconds: 0, runSeconds: 1 });
		await post('fail-next-action', { outcome: 'Cancelled', requestor: 'bob@contoso.example', reason: 'Not needed' });
		const created = await call(`/api/machines/${firstMachine().id}/unisolate`, { body: { Comment: 'x' } });
		emulator.admin.advanceClock(1_000);
		expect((await call(`/api/machineactions/${created.body.id}`)).body).toMatchObject({ status: 'Cancelled', cancellationRequestor: 'bob@contoso.example', cancellationComment: 'Not needed' });
	});
});
