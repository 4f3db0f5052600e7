import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorHttp, type CallAnswer } from '../harness/emulatorHttp.cjs';
import {
	alertProperties,
	endpoints,
	evolvableMembers,
	incidentProperties,
	legacyAlertProperties,
	legacyIncidentProperties,
	retiredDeterminations,
	settableMembers,
	timespanForms,
	type Api,
	type Endpoint,
} from './contract.cjs';

/**
 * The emulator accepts exactly what docs/api-contract.md documents: each documented request succeeds, and each
 * undocumented one is refused with the status, code and error body shape Microsoft's API answers with.
 */

let emulator: Emulator;
const { call } = emulatorHttp(() => emulator);
let incidentId: string;
let alertId: string;

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 120, now: '2026-11-20T12:00:00Z', huntingRowsPerTable: 50 });
	// An incident of a product whose enum members came after v1.0 (microsoftSentinel, scheduledAlerts, awaitingAction).
	const incident = emulator.admin.createIncident({ serviceSource: 'microsoftSentinel', detectionSource: 'scheduledAlerts', status: 'awaitingAction', alertCount: 2 });
	incidentId = incident.id;
	alertId = incident.alerts![0].id;
});
afterAll(async () => await emulator.close());
// Writes come last (the settable fields block), so every block before it reads the tenant as seeded.

const base = (api: Api) => (api === 'graph' ? '/v1.0' : '/api');
const pathOf = (endpoint: Endpoint) => base(endpoint.api) + endpoint.path.replace('{id}', endpoint.path.includes('alerts') ? alertId : incidentId);
const withQuery = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams(query).toString()}`;

/** Graph's body carries innerError (concepts/errors.md), the legacy one a tracking target (api-error-codes.md). */
function expectRefusal(answer: CallAnswer, api: Api, code: string, status = 400): void {
	expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
	expect(typeof answer.body.error.message).toBe('string');
	if (api === 'graph') expect(answer.body.error.innerError).toEqual(expect.objectContaining({ 'request-id': expect.any(String), date: expect.any(String) }));
	else expect(answer.body.error.target).toEqual(expect.any(String));
}

const queryRefusalCode = (api: Api) => (api === 'graph' ? 'BadRequest' : 'ODataError');
const lists = endpoints.filter((endpoint) => endpoint.filterable);
/** A literal of the right type for a filter on one property. */
function literalFor(property: string, api: Api): string {
	if (/Date|Time$/.test(property)) return api === 'graph' ? '2026-11-01T00:00:00Z' : '2026-11-01T00:00:00Z';
	const values: Record<string, string> = { status: api === 'graph' ? "'active'" : "'Active'", severity: "'high'", classification: "'truePositive'", determination: "'malware'", serviceSource: "'microsoftDefenderForEndpoint'" };
	return values[property] ?? "'someone@contoso.example'";
}

describe.each(lists.map((endpoint) => [`${endpoint.api} ${endpoint.path}`, endpoint] as const))('$filter on %s (contract 2.1)', (_name, endpoint) => {
	const filterable = endpoint.filterable!;
	const others = endpoint.properties!.filter((property) => !filterable.includes(property));

	it.each(filterable)('accepts %s', async (property) => {
		const path = pathOf(endpoint);
		const status = property === 'status' && endpoint.path === '/security/alerts_v2' ? "'new'" : literalFor(property, endpoint.api);
		const answer = await call(withQuery(path, { $filter: `${property} ${/Date|Time$/.test(property) ? 'ge' : 'eq'} ${status}`, $top: '1' }));
		expect(answer.status).toBe(200);
	});

	it.each(others)('refuses %s, which the list page does not name', async (property) => {
		const answer = await call(withQuery(pathOf(endpoint), { $filter: `${property} eq 'x'` }));
		expectRefusal(answer, endpoint.api, queryRefusalCode(endpoint.api));
		expect(answer.body.error.message).toContain(`The property '${property}' cannot be used in the $filter query option.`);
	});

	it('refuses a property the type does not have', async () => {
		expectRefusal(await call(withQuery(pathOf(endpoint), { $filter: "noSuchProperty eq 'x'" })), endpoint.api, queryRefusalCode(endpoint.api));
	});
});

describe.each(endpoints.map((endpoint) => [`${endpoint.api} ${endpoint.method} ${endpoint.path}`, endpoint] as const))('query options of %s (contract 1)', (_name, endpoint) => {
	const undocumented = ['$filter', '$top', '$skip', '$count', '$orderby', '$expand', '$select', '$search', '$apply', '$format', '$compute'].filter((option) => !endpoint.options.includes(option));
	const body = endpoint.method === 'GET' ? undefined : endpoint.path.endsWith('/comments') ? { comment: 'x' } : endpoint.path.includes('unt') ? { Query: 'DeviceLogonEvents | take 1' } : { assignedTo: 'x@contoso.example' };

	it.each(undocumented)('refuses %s', async (option) => {
		const answer = await call(withQuery(pathOf(endpoint), { [option]: option === '$top' || option === '$skip' ? '1' : 'id' }), { method: endpoint.method, body });
		expectRefusal(answer, endpoint.api, queryRefusalCode(endpoint.api));
	});

	if (endpoint.options.length > 0) {
		it('accepts each documented option', async () => {
			const values: Record<string, string> = { $count: 'true', $filter: endpoint.api === 'graph' ? "severity eq 'high'" : "status eq 'Active'", $skip: '1', $top: '2', $expand: 'alerts', $orderby: 'lastUpdateDateTime desc', $select: 'id,status' };
			for (const option of endpoint.options) {
				const answer = await call(withQuery(pathOf(endpoint), { [option]: values[option] }), { method: endpoint.method, body });
				expect([option, answer.status]).toEqual([option, 200]);
			}
		});
	}
});

describe.each(endpoints.filter((endpoint) => endpoint.undocumented?.includes('$orderby')).map((endpoint) => [endpoint.path, endpoint] as const))(
	'%s: $orderby is accepted but undocumented (contract 2.3)',
	(_name, endpoint) => {
		const createdTimes = async () =>
			((await call(withQuery(pathOf(endpoint), { $orderby: 'createdDateTime asc', $top: '20' }))).body.value as Array<{ createdDateTime: string }>).map((item) => Date.parse(item.createdDateTime));
		const ascending = (times: number[]) => times.every((time, index) => index === 0 || time >= times[index - 1]);

		it('sorts as asked by default, and serves newest first whatever it says when switched to ignore it', async () => {
			expect(ascending(await createdTimes())).toBe(true);
			emulator.admin.setIgnoreOrderBy(true);
			try {
				expect(ascending(await createdTimes())).toBe(false);
				expectRefusal(await call(withQuery(pathOf(endpoint), { $orderby: 'severity asc' })), endpoint.api, queryRefusalCode(endpoint.api));
			} finally {
				emulator.admin.setIgnoreOrderBy(false);
			}
		});
	},
);

describe('what large tenants are reported to do, under switches that are off by default (contract 2.8)', () => {
	it('caps $skip: no next link leads past it and a deeper $skip reads nothing', async () => {
		emulator.admin.setSkipCeiling(100);
		try {
			const shallow = await call(withQuery('/v1.0/security/incidents', { $top: '50', $skip: '50' }));
			expect(shallow.body.value).toHaveLength(50);
			expect(shallow.body['@odata.nextLink']).toBeUndefined();
			expect((await call(withQuery('/v1.0/security/incidents', { $top: '50', $skip: '100' }))).body.value).toEqual([]);
		} finally {
			emulator.admin.setSkipCeiling(undefined);
		}
		expect((await call(withQuery('/v1.0/security/incidents', { $top: '50', $skip: '50' }))).body['@odata.nextLink']).toEqual(expect.any(String));
	});

	it('fails $expand=alerts on the incident list with HTTP 500, while one incident still expands', async () => {
		emulator.admin.setFailListExpand(true);
		try {
			expect((await call(withQuery('/v1.0/security/incidents', { $expand: 'alerts', $top: '1' }))).status).toBe(500);
			const [first] = (await call(withQuery('/v1.0/security/incidents', { $top: '1' }))).body.value as Array<{ id: string }>;
			expect((await call(withQuery(`/v1.0/security/incidents/${first.id}`, { $expand: 'alerts' }))).status).toBe(200);
		} finally {
			emulator.admin.setFailListExpand(false);
		}
	});
});

describe('page size and next links (contract 2.2)', () => {
	it.each(endpoints.filter((endpoint) => endpoint.topLimit).map((endpoint) => [`${endpoint.api} ${endpoint.path}`, endpoint] as const))('%s: $top up to its limit, more is a 400', async (_name, endpoint) => {
		expect((await call(withQuery(pathOf(endpoint), { $top: String(endpoint.topLimit) }))).status).toBe(200);
		expectRefusal(await call(withQuery(pathOf(endpoint), { $top: String(endpoint.topLimit! + 1) })), endpoint.api, queryRefusalCode(endpoint.api));
	});

	it('Graph continues a list with its own next links, $skip or an opaque $skiptoken, which cover every item once', async () => {
		for (const scheme of ['skip', 'skiptoken'] as const) {
			emulator.admin.setNextLinkScheme(scheme);
			const seen: string[] = [];
			let next: string | undefined = `${emulator.baseUrl}/v1.0/security/incidents?$top=50&$filter=${encodeURIComponent("severity ne 'low'")}`;
			while (next) {
				const url = new URL(next);
				expect(url.searchParams.get('$filter')).toBe("severity ne 'low'");
				const page = await call(url.pathname + url.search);
				expect(page.status).toBe(200);
				seen.push(...page.body.value.map((incident: { id: string }) => incident.id));
				next = page.body['@odata.nextLink'];
				if (next) expect(new URL(next).searchParams.has(scheme === 'skip' ? '$skip' : '$skiptoken')).toBe(true);
				if (next && scheme === 'skiptoken') expect(new URL(next).searchParams.has('$skip')).toBe(false);
			}
			expect(new Set(seen).size).toBe(seen.length);
			expect(seen.length).toBe(emulator.admin.listAllIncidents().filter((incident) => incident.severity !== 'low').length);
		}
	});

	it('refuses a $skiptoken it did not write', async () => {
		expectRefusal(await call('/v1.0/security/incidents?$skiptoken=bm90LW91cnM'), 'graph', 'BadRequest');
	});

	it('lists newest first on every list (the list pages)', async () => {
		const graph = (await call('/v1.0/security/incidents?$top=50')).body.value.map((incident: { createdDateTime: string }) => Date.parse(incident.createdDateTime));
		const legacy = (await call('/api/incidents?$top=100')).body.value.map((incident: { createdTime: string }) => Date.parse(incident.createdTime));
		const alerts = (await call('/v1.0/security/alerts_v2?$top=100')).body.value.map((alert: { createdDateTime: string }) => Date.parse(alert.createdDateTime));
		for (const times of [graph, legacy, alerts]) expect(times).toEqual([...times].sort((first, second) => second - first));
	});
});

describe('enum members (contract 2.5 and 4)', () => {
	it('shows members after unknownFutureValue only to clients that opt in, for every evolvable enum', async () => {
		const prefer = { Prefer: 'include-unknown-enum-members' };
		const hidden = (await call(`/v1.0/security/incidents/${incidentId}?$expand=alerts`)).body;
		const shown = (await call(`/v1.0/security/incidents/${incidentId}?$expand=alerts`, { headers: prefer })).body;
		expect([hidden.status, shown.status]).toEqual(['unknownFutureValue', evolvableMembers.incidentStatus[0]]);
		expect([hidden.alerts[0].serviceSource, shown.alerts[0].serviceSource]).toEqual(['unknownFutureValue', 'microsoftSentinel']);
		expect([hidden.alerts[0].detectionSource, shown.alerts[0].detectionSource]).toEqual(['unknownFutureValue', 'scheduledAlerts']);
		const listed = (await call(withQuery('/v1.0/security/alerts_v2', { $filter: "serviceSource eq 'microsoftSentinel'" }))).body.value;
		expect(listed.map((alert: { serviceSource: string }) => alert.serviceSource)).toEqual(['unknownFutureValue', 'unknownFutureValue']);
		expect(evolvableMembers.serviceSource).toContain('microsoftSentinel');
		expect(evolvableMembers.detectionSource).toContain('scheduledAlerts');
	});

	it('an alert nobody classified reads unknown on Graph and null on the legacy API', async () => {
		const graphAlert = (await call(`/v1.0/security/alerts_v2/${alertId}`)).body;
		expect([graphAlert.classification, graphAlert.determination]).toEqual(['unknown', 'unknown']);
		const legacyAlert = (await call(`/api/incidents/${incidentId}`)).body.alerts[0];
		expect([legacyAlert.classification, legacyAlert.determination]).toEqual([null, null]);
	});
});

describe('properties (contract 5)', () => {
	it('Graph incidents, alerts and comments carry every CSDL property, and nothing else', async () => {
		await call(`/v1.0/security/incidents/${incidentId}/comments`, { method: 'POST', body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'checked' } });
		const incident = (await call(`/v1.0/security/incidents/${incidentId}?$expand=alerts`)).body;
		const own = (shape: Record<string, unknown>) => Object.keys(shape).filter((key) => !key.startsWith('@odata')).sort();
		expect(own(incident)).toEqual([...incidentProperties, 'alerts'].sort());
		expect(own(incident.alerts[0])).toEqual([...alertProperties].sort());
		expect(Object.keys(incident.comments.at(-1)).sort()).toEqual(['comment', 'createdByDisplayName', 'createdDateTime']);
		expect(incident.alerts[0].categories).toEqual([incident.alerts[0].category]);
	});

	it('legacy incidents and alerts carry the schema\'s fields only, with the legacy spellings of sources', async () => {
		const listed = (await call('/api/incidents?$top=100')).body.value as Array<Record<string, any>>;
		for (const incident of listed) {
			expect(Object.keys(incident).sort()).toEqual([...legacyIncidentProperties].sort());
			for (const alert of incident.alerts) expect(Object.keys(alert).sort()).toEqual([...legacyAlertProperties].sort());
		}
		const sources = new Set(listed.flatMap((incident) => incident.alerts.map((alert: { serviceSource: string }) => alert.serviceSource)));
		expect([...sources].filter((source) => /^microsoftDefenderFor|^[a-z]/.test(source))).toEqual([]);
		expect(sources).toContain('MicrosoftDefenderATP');
	});

	it('$select returns only the selected properties and names them in the context', async () => {
		const answer = await call('/v1.0/security/incidents?$select=id,status&$top=2');
		expect(answer.body['@odata.context']).toMatch(/\$metadata#security\/incidents\(id,status\)$/);
		for (const incident of answer.body.value) expect(Object.keys(incident).sort()).toEqual(['id', 'status']);
		expectRefusal(await call('/v1.0/security/alerts_v2?$select=id,noSuchProperty'), 'graph', 'BadRequest');
	});
});

describe('hunting Timespan (contract 2.6)', () => {
	it.each(timespanForms)('accepts %s', async (timespan) => {
		const answer = await call('/v1.0/security/runHuntingQuery', { method: 'POST', body: { Query: 'DeviceLogonEvents | take 1', Timespan: timespan } });
		expect(answer.status).toBe(200);
	});

	it('refuses a Timespan that is none of the documented forms', async () => {
		expectRefusal(await call('/v1.0/security/runHuntingQuery', { method: 'POST', body: { Query: 'DeviceLogonEvents | take 1', Timespan: 'last week' } }), 'graph', 'BadRequest');
	});
});

describe('settable fields (contract 3)', () => {
	const patches = endpoints.filter((endpoint) => endpoint.method === 'PATCH');

	it.each(patches.map((endpoint) => [`${endpoint.api} ${endpoint.path}`, endpoint] as const))('%s refuses every property it does not document as settable', async (_name, endpoint) => {
		for (const property of [...endpoint.properties!.filter((name) => !endpoint.bodyFields!.includes(name)), 'noSuchProperty']) {
			const answer = await call(pathOf(endpoint), { method: 'PATCH', body: { [property]: 'x' } });
			expectRefusal(answer, endpoint.api, endpoint.api === 'graph' ? 'BadRequest' : 'InvalidRequestBody');
		}
	});

	it('Graph unassigns with null, as the update pages document', async () => {
		for (const path of [`/v1.0/security/incidents/${incidentId}`, `/v1.0/security/alerts_v2/${alertId}`]) {
			await call(path, { method: 'PATCH', body: { assignedTo: 'someone@contoso.example' } });
			const answer = await call(path, { method: 'PATCH', body: { assignedTo: null } });
			expect([answer.status, answer.body.assignedTo]).toEqual([200, null]);
		}
	});

	it.each([
		['graph incident status', `/security/incidents/{incident}`, 'status', settableMembers.graph.incidentStatus],
		['graph alert status', `/security/alerts_v2/{alert}`, 'status', settableMembers.graph.alertStatus],
		['graph classification', `/security/incidents/{incident}`, 'classification', settableMembers.graph.classification],
	])('%s accepts every member the CSDL has', async (_name, template, field, members) => {
		for (const member of members) {
			const answer = await call(`/v1.0${template.replace('{incident}', incidentId).replace('{alert}', alertId)}`, { method: 'PATCH', body: { [field]: member } });
			expect([member, answer.status]).toEqual([member, 200]);
		}
		const wrong = await call(`/v1.0${template.replace('{incident}', incidentId).replace('{alert}', alertId)}`, { method: 'PATCH', body: { [field]: 'notAMember' } });
		expectRefusal(wrong, 'graph', 'BadRequest');
	});

	it('refuses the retired determinations on both APIs (contract 3.4)', async () => {
		const pairs = [
			['apt', 'truePositive'],
			['securityPersonnel', 'informationalExpectedActivity'],
		];
		for (const [determination, classification] of pairs) {
			for (const path of [`/v1.0/security/incidents/${incidentId}`, `/v1.0/security/alerts_v2/${alertId}`]) {
				const answer = await call(path, { method: 'PATCH', body: { classification, determination } });
				expectRefusal(answer, 'graph', 'BadRequest');
				expect(answer.body.error.message).toContain('no longer available via the API');
			}
		}
		for (const [index, determination] of retiredDeterminations.legacy.entries()) {
			const classification = index === 0 ? 'TruePositive' : 'InformationalExpectedActivity';
			expectRefusal(await call(`/api/incidents/${incidentId}`, { method: 'PATCH', body: { classification, determination } }), 'legacy', 'InvalidInput');
		}
		expect(retiredDeterminations.graph).toEqual(pairs.map(([determination]) => determination));
	});

	it('legacy accepts each documented status, classification and determination pair', async () => {
		for (const status of settableMembers.legacy.incidentStatus) expect((await call(`/api/incidents/${incidentId}`, { method: 'PATCH', body: { status } })).status).toBe(200);
		const byClassification: Record<string, string[]> = {
			TruePositive: ['MultiStagedAttack', 'MaliciousUserActivity', 'CompromisedAccount', 'Malware', 'Phishing', 'UnwantedSoftware', 'Other'],
			InformationalExpectedActivity: ['SecurityTesting', 'LineOfBusinessApplication', 'ConfirmedActivity', 'Other'],
			FalsePositive: ['Clean', 'NoEnoughDataToValidate', 'Other'],
		};
		for (const [classification, determinations] of Object.entries(byClassification)) {
			for (const determination of determinations) {
				const answer = await call(`/api/incidents/${incidentId}`, { method: 'PATCH', body: { classification, determination } });
				expect([determination, answer.status]).toEqual([determination, 200]);
			}
		}
		expect(Object.values(byClassification).flat().filter((value) => value !== 'Other').sort()).toEqual(settableMembers.legacy.determination.filter((value) => value !== 'Other').sort());
	});
});
