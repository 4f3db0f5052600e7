import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorHttp } from '../harness/emulatorHttp.cjs';

/**
 * The emulator's Defender APIs over plain HTTP: Microsoft's documented behaviour (docs/api-contract.md),
 * including the error cases our nodes must handle.
 */

let emulator: Emulator;
const { token, call, tokens } = emulatorHttp(() => emulator);

const graph = 'https://graph.microsoft.com';
const legacy = 'https://api.security.microsoft.com';

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 80, now: '2026-11-20T12:00:00Z' });
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.admin.clearFaults());

function typeOf(value: unknown): string {
	return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

describe('shapes match the documentation', () => {
	it('Graph incidents carry the documented fields with their types', async () => {
		const { body } = await call('/v1.0/security/incidents?$top=1&$expand=alerts');
		const [incident] = body.value;
		const expected: Record<string, string[]> = {
			id: ['string'], displayName: ['string'], incidentWebUrl: ['string'], tenantId: ['string'], redirectIncidentId: ['string', 'null'],
			createdDateTime: ['string'], lastUpdateDateTime: ['string'], assignedTo: ['string', 'null'], classification: ['string'], determination: ['string'],
			status: ['string'], severity: ['string'], customTags: ['array'], systemTags: ['array'], description: ['string'], comments: ['array'], alerts: ['array'],
		};
		for (const [field, types] of Object.entries(expected)) expect(types).toContain(typeOf(incident[field]));
		const alertFields = ['id', 'providerAlertId', 'incidentId', 'status', 'severity', 'classification', 'determination', 'serviceSource', 'detectionSource', 'title', 'description', 'recommendedActions', 'category', 'assignedTo', 'alertWebUrl', 'incidentWebUrl', 'threatFamilyName', 'mitreTechniques', 'createdDateTime', 'lastUpdateDateTime', 'resolvedDateTime', 'firstActivityDateTime', 'lastActivityDateTime', 'comments', 'evidence'];
		for (const field of alertFields) expect(incident.alerts[0]).toHaveProperty(field);
		expect(incident.alerts[0].evidence[0]['@odata.type']).toMatch(/^#microsoft\.graph\.security\.\w+Evidence$/);
		expect(incident.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
	});

	it('legacy incidents match the documented sample: keys and types', async () => {
		const sample = {
			incidentId: 924521, redirectIncidentId: null, incidentName: "'Mimikatz' hacktool was detected on one endpoint", createdTime: '2020-09-06T12:18:03.6266667Z',
			lastUpdateTime: '2020-09-06T12:18:03.81Z', assignedTo: null, classification: 'Unknown', determination: 'NotAvailable', status: 'Active', severity: 'Low', tags: [], comments: [],
			alerts: [{ alertId: 'da637349914833441527_393341063', incidentId: 924521, serviceSource: 'MicrosoftDefenderATP', title: "'Mimikatz' hacktool was detected", status: 'New', severity: 'Low', category: 'Malware', devices: [], entities: [] }],
		};
		const { body } = await call('/api/incidents?$top=100');
		expect(body['@odata.context']).toMatch(/\/api\/\$metadata#Incidents$/);
		const incident = body.value.find((candidate: Record<string, unknown>) => candidate.classification === 'Unknown' && candidate.assignedTo === null) ?? body.value[0];
		for (const [key, value] of Object.entries(sample)) {
			if (key === 'alerts') continue;
			if (value === null) expect(incident).toHaveProperty(key);
			else expect(typeOf(incident[key])).toBe(typeOf(value));
		}
		for (const [key, value] of Object.entries(sample.alerts[0])) expect(typeOf(incident.alerts[0][key])).toBe(typeOf(value));
		expect(['UnSpecified', 'Informational', 'Low', 'Medium', 'High']).toContain(incident.severity);
	});

	it('hunting answers in each API\'s casing', async () => {
		const graphAnswer = await call('/v1.0/security/runHuntingQuery', { method: 'POST', body: { Query: 'DeviceProcessEvents | take 2', Timespan: 'P7D' } });
		expect(graphAnswer.status).toBe(200);
		expect(Object.keys(graphAnswer.body)).toEqual(expect.arrayContaining(['schema', 'results']));
		expect(graphAnswer.body.schema[0]).toEqual({ name: expect.any(String), type: expect.any(String) });
		const legacyAnswer = await call('/api/advancedhunting/run', { method: 'POST', body: { Query: 'DeviceProcessEvents | take 2' } });
		expect(Object.keys(legacyAnswer.body)).toEqual(expect.arrayContaining(['Stats', 'Schema', 'Results']));
		expect(legacyAnswer.body.Schema[0]).toEqual({ Name: expect.any(String), Type: expect.any(String) });
		expect(legacyAnswer.body.Results).toHaveLength(2);
	});
});

describe('Graph query options', () => {
	it('refuses $top above 50 with the real message', async () => {
		const { status, body } = await call('/v1.0/security/incidents?$top=100');
		expect(status).toBe(400);
		expect(body.error.message).toBe("The limit of '50' for Top query has been exceeded. The value from the incoming request is '100'.");
	});

	it('counts, pages with next links that keep the filter, and expands alerts', async () => {
		const first = await call("/v1.0/security/incidents?$top=10&$count=true&$filter=severity eq 'high' or severity eq 'medium'");
		expect(first.body['@odata.count']).toBeGreaterThan(10);
		const next = new URL(first.body['@odata.nextLink']);
		expect(next.searchParams.get('$filter')).toBe("severity eq 'high' or severity eq 'medium'");
		expect(next.searchParams.get('$skip')).toBe('10');
		const second = await call(next.pathname + next.search);
		const ids = new Set([...first.body.value, ...second.body.value].map((incident: Record<string, unknown>) => incident.id));
		expect(ids.size).toBe(first.body.value.length + second.body.value.length);
		expect([...first.body.value, ...second.body.value].every((incident: Record<string, unknown>) => ['high', 'medium'].includes(String(incident.severity)))).toBe(true);
	});

	it('hides newer enum members unless the client opts in', async () => {
		const filter = encodeURIComponent("status eq 'awaitingAction'");
		const hidden = await call(`/v1.0/security/incidents?$top=1&$filter=${filter}`);
		expect(hidden.body.value[0].status).toBe('unknownFutureValue');
		const shown = await call(`/v1.0/security/incidents?$top=1&$filter=${filter}`, { headers: { Prefer: 'include-unknown-enum-members' } });
		expect(shown.body.value[0].status).toBe('awaitingAction');
	});

	it('validates enums and classification/determination pairs on PATCH', async () => {
		const { body } = await call('/v1.0/security/incidents?$top=1');
		const id = body.value[0].id;
		const badEnum = await call(`/v1.0/security/incidents/${id}`, { method: 'PATCH', body: { status: 'closed' } });
		expect(badEnum.status).toBe(400);
		const badPair = await call(`/v1.0/security/incidents/${id}`, { method: 'PATCH', body: { classification: 'falsePositive', determination: 'malware' } });
		expect(badPair.status).toBe(400);
		const alias = await call(`/v1.0/security/incidents/${id}`, { method: 'PATCH', body: { classification: 'falsePositive', determination: 'clean' } });
		expect(alias.body.determination).toBe('notMalicious');
		const unknownProperty = await call(`/v1.0/security/incidents/${id}`, { method: 'PATCH', body: { colour: 'red' } });
		expect(unknownProperty.status).toBe(400);
	});

	it('answers 404 for an unknown incident and alert', async () => {
		expect((await call('/v1.0/security/incidents/424242424')).status).toBe(404);
		expect((await call('/v1.0/security/alerts_v2/da000_1')).status).toBe(404);
	});
});

describe('tokens and permissions', () => {
	it('answers 401 for a missing, malformed, expired or wrong-audience token', async () => {
		expect((await call('/v1.0/security/incidents', { bearer: '' })).status).toBe(401);
		expect((await call('/v1.0/security/incidents', { bearer: 'not-a-jwt' })).body.error.code).toBe('InvalidAuthenticationToken');
		const legacyToken = await token('full', legacy);
		expect((await call('/v1.0/security/incidents', { bearer: legacyToken })).status).toBe(401);
		emulator.admin.setTokenLifetimeSeconds(60);
		const shortLived = await call('/v1.0/security/incidents?$top=1', { app: 'readonly' });
		expect(shortLived.status).toBe(200);
		const readonlyToken = tokens[`readonly|${graph}`];
		emulator.admin.advanceClock(61_000);
		expect((await call('/v1.0/security/incidents', { bearer: readonlyToken })).body.error.message).toMatch(/expired/);
		emulator.admin.setTokenLifetimeSeconds(3600);
		emulator.admin.setClock('2026-11-20T12:00:00Z');
		delete tokens[`readonly|${graph}`];
	});

	it('answers 403 with Graph\'s "Missing application roles" message', async () => {
		const { status, body } = await call('/v1.0/security/incidents', { app: 'none' });
		expect(status).toBe(403);
		expect(body.error.message).toMatch(/^Missing application roles\. API required roles: SecurityIncident\.Read\.All,SecurityIncident\.ReadWrite\.All/);
		const write = await call('/v1.0/security/incidents/1000', { method: 'PATCH', app: 'readonly', body: { status: 'resolved' } });
		expect(write.status).toBe(403);
	});
});

describe('legacy API', () => {
	it('caps $top at 100, refuses $orderby and pages with $skip', async () => {
		expect((await call('/api/incidents?$top=101')).status).toBe(400);
		expect((await call('/api/incidents?$orderby=createdTime')).status).toBe(400);
		const first = await call('/api/incidents?$top=50');
		const second = await call('/api/incidents?$top=50&$skip=50');
		expect(first.body.value).toHaveLength(50);
		expect(second.body.value).toHaveLength(30);
		expect(first.body['@odata.nextLink']).toBeUndefined();
	});

	it('filters with its own subset and refuses the rest', async () => {
		const filtered = await call(`/api/incidents?$filter=${encodeURIComponent("lastUpdateTime ge 2026-11-15T00:00:00Z and status eq 'Active'")}`);
		expect(filtered.status).toBe(200);
		expect(filtered.body.value.every((incident: Record<string, string>) => incident.status === 'Active' && incident.lastUpdateTime >= '2026-11-15')).toBe(true);
		const unsupported = await call(`/api/incidents?$filter=${encodeURIComponent("status eq 'Active' or status eq 'Resolved'")}`);
		expect(unsupported.status).toBe(400);
	});

	it('PATCHes with PascalCase enums, appends a comment and replaces tags', async () => {
		const id = (await call('/api/incidents?$top=1')).body.value[0].incidentId;
		const patched = await call(`/api/incidents/${id}`, { method: 'PATCH', body: { status: 'Resolved', classification: 'FalsePositive', determination: 'Clean', tags: ['a', 'b'], comment: 'legacy comment' } });
		expect(patched.body).toMatchObject({ status: 'Resolved', classification: 'FalsePositive', determination: 'Clean', tags: ['a', 'b'] });
		expect(patched.body.comments.at(-1)).toMatchObject({ comment: 'legacy comment', createdTime: expect.any(String) });
		const again = await call(`/api/incidents/${id}`, { method: 'PATCH', body: { tags: ['c'] } });
		expect(again.body.tags).toEqual(['c']);
	});

	it('throttles with the documented quota body and no Retry-After header', async () => {
		emulator.admin.setRateLimits();
		let last = { status: 200, headers: new Headers(), body: {} as Record<string, any> };
		for (let index = 0; index < 51 && last.status !== 429; index++) last = await call('/api/incidents?$top=1', { app: 'readonly' });
		emulator.admin.setRateLimits(null);
		expect(last.status).toBe(429);
		expect(last.body).toEqual({ error: { code: '429', message: 'API calls quota exceeded! maximum allowed 50 per 00:01:00', target: expect.any(String) } });
		expect(last.headers.get('retry-after')).toBeNull();
	});
});

describe('realism controls', () => {
	it('hides an incident until its ingestion delay has passed', async () => {
		emulator.admin.setIngestionDelayMinutes(10);
		const late = emulator.admin.createIncident({ title: 'late' });
		emulator.admin.setIngestionDelayMinutes(0);
		expect((await call(`/v1.0/security/incidents/${late.id}`)).status).toBe(404);
		emulator.admin.advanceClock(10 * 60_000);
		expect((await call(`/v1.0/security/incidents/${late.id}`)).status).toBe(200);
		emulator.admin.setClock('2026-11-20T12:00:00Z');
	});

	it('injects Graph 429s with Retry-After, server errors and counts calls per endpoint', async () => {
		emulator.admin.resetCounters();
		emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 7 });
		const throttled = await call('/v1.0/security/incidents?$top=1');
		expect(throttled.status).toBe(429);
		expect(throttled.headers.get('retry-after')).toBe('7');
		emulator.admin.failNext({ kind: 'status', status: 504 });
		expect((await call('/v1.0/security/incidents/1000')).status).toBe(504);
		expect(emulator.admin.counters().apiCalls).toMatchObject({ 'GET /v1.0/security/incidents': 1, 'GET /v1.0/security/incidents/{id}': 1 });
		expect(emulator.admin.requestLog().map((entry) => entry.status)).toEqual([429, 504]);
	});

	it('seeds the same data for the same seed', async () => {
		const other = await startEmulator({ incidents: 80, now: '2026-11-20T12:00:00Z' });
		try {
			const strip = (incidents: Array<Record<string, unknown>>) => incidents.slice(0, 20).map(({ displayName, severity, status, createdDateTime }) => ({ displayName, severity, status, createdDateTime }));
			const fresh = await startEmulator({ incidents: 80, now: '2026-11-20T12:00:00Z' });
			expect(strip(other.admin.listAllIncidents())).toEqual(strip(fresh.admin.listAllIncidents()));
			await fresh.close();
		} finally {
			await other.close();
		}
	});
});
