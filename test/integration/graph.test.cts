import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import type { DefenderBackend } from '../../nodes/MicrosoftDefenderXdr/api/backend';
import { createExecuteContext, emulatorCredentials, type OAuthHarness, type TestCredentials } from '../harness/n8nContext.cjs';

/** The transport and the Graph backend against the emulator, through n8n-like OAuth2. */

let emulator: Emulator;

beforeAll(async () => {
	// Frozen at the real time, so client-side token times and the emulator's agree.
	emulator = await startEmulator({ incidents: 120, now: new Date() });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.clearFaults();
});

const fastRetries = { retryBaseMilliseconds: 5, maxWaitMilliseconds: 3000 };

async function open(appName = 'full', credentials?: TestCredentials): Promise<{ backend: DefenderBackend; harness: OAuthHarness }> {
	const { context, harness } = createExecuteContext({ parameters: {}, credentials: credentials ?? emulatorCredentials(emulator, appName) });
	return { backend: await createBackend(context, fastRetries), harness };
}

/** The API's own objects of every listed record. */
async function all(pages: AsyncIterable<Array<{ raw: IDataObject }>>): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for await (const page of pages) items.push(...page.map((record) => record.raw));
	return items;
}

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string; httpCode?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('Expected a failure');
}

describe('listing incidents', () => {
	it('pages through every visible incident with next links, 50 at a time', async () => {
		const { backend, harness } = await open();
		const incidents = await all(backend.listIncidents({}));
		expect(incidents).toHaveLength(120);
		expect(new Set(incidents.map((incident) => incident.id)).size).toBe(120);
		const listCalls = harness.requests.filter((request) => request.url.includes('/security/incidents'));
		expect(listCalls).toHaveLength(3);
		expect(listCalls[0].url).toContain('%24top=50');
	});

	it('reads a whole list in time slices, every incident once, its probes asking only for the timestamp', async () => {
		const { backend, harness } = await open();
		const incidents = await all(backend.listIncidents({ includeAlerts: true }, { wholeList: true }));
		expect(new Set(incidents.map((incident) => incident.id)).size).toBe(120);
		expect(incidents).toHaveLength(120);
		const probes = harness.requests.filter((request) => request.url.includes('/security/incidents') && new URL(request.url).searchParams.get('$top') === '1');
		expect(probes).toHaveLength(2);
		for (const probe of probes) {
			expect(new URL(probe.url).searchParams.get('$select')).toBe('id,createdDateTime');
			expect(new URL(probe.url).searchParams.has('$expand')).toBe(false);
		}
	});

	it('stops requesting once the limit is reached', async () => {
		const { backend, harness } = await open();
		const incidents = await all(backend.listIncidents({}, { limit: 7 }));
		expect(incidents).toHaveLength(7);
		expect(harness.requests).toHaveLength(1);
		expect(harness.requests[0].url).toContain('%24top=7');
	});

	it('filters by severity, status and time on the server and by tags here', async () => {
		const { backend } = await open();
		const everything = await all(backend.listIncidents({}));
		const wanted = everything.filter((incident) => incident.severity === 'high' && ['active', 'inProgress'].includes(String(incident.status)));
		const listed = await all(backend.listIncidents({ severities: ['high'], statuses: ['active', 'inProgress'] }));
		expect(listed.map((incident) => incident.id).sort()).toEqual(wanted.map((incident) => incident.id).sort());

		const tagged = everything.filter((incident) => (incident.customTags as string[]).includes('vip'));
		expect(tagged.length).toBeGreaterThan(0);
		const byTag = await all(backend.listIncidents({ tags: ['VIP'] }));
		expect(byTag.map((incident) => incident.id).sort()).toEqual(tagged.map((incident) => incident.id).sort());

		const after = new Date(Date.now() - 20 * 86_400_000).toISOString();
		const recent = await all(backend.listIncidents({ createdAfter: after, orderBy: { field: 'createdAt', direction: 'asc' } }));
		expect(recent.every((incident) => Date.parse(String(incident.createdDateTime)) >= Date.parse(after))).toBe(true);
		const times = recent.map((incident) => Date.parse(String(incident.createdDateTime)));
		expect(times).toEqual([...times].sort((first, second) => first - second));
	});

	it('shows a bad raw filter with the API\'s own message', async () => {
		const { backend } = await open();
		const error = await failure(all(backend.listIncidents({ rawFilter: "nosuchfield eq 'x'" })));
		expect(error.message).toMatch(/^Microsoft Defender XDR rejected the request: .*nosuchfield/);
	});
});

describe('reading and writing one incident', () => {
	it('gets, updates and comments, and says clearly when an incident does not exist', async () => {
		const { backend } = await open();
		const [first] = await all(backend.listIncidents({ statuses: ['active'] }, { limit: 1 }));
		const id = String(first.id);
		const withAlerts = await backend.getIncident(id, { includeAlerts: true });
		expect(Array.isArray(withAlerts.raw.alerts)).toBe(true);

		const updated = await backend.updateIncident(id, { status: 'inProgress', classification: 'truePositive', determination: 'malware', tags: ['n8n'] });
		expect(updated.summary).toMatchObject({ id, status: 'inProgress', classification: 'truePositive', determination: 'malware', tags: ['n8n'] });

		const commented = await backend.addIncidentComment(id, 'Triaged by n8n — ok');
		expect((commented.comments as IDataObject[]).at(-1)).toMatchObject({ comment: 'Triaged by n8n — ok' });

		const missing = await failure(backend.getIncident('99999999'));
		expect(missing.message).toBe('Incident 99999999 was not found');
	});

	it('refuses a determination that does not go with the classification, with Defender\'s message', async () => {
		const { backend } = await open();
		const [first] = await all(backend.listIncidents({}, { limit: 1 }));
		const error = await failure(backend.updateIncident(String(first.id), { classification: 'falsePositive', determination: 'malware' }));
		expect(error.message).toContain("Determination 'malware' is not valid with classification 'falsePositive'");
	});
});

describe('alerts and hunting', () => {
	it('lists, gets and updates alerts of an incident', async () => {
		const { backend } = await open();
		const [incident] = await all(backend.listIncidents({}, { limit: 1 }));
		const alerts = await all(backend.listAlerts({ incidentId: String(incident.id) }));
		expect(alerts.length).toBeGreaterThan(0);
		const alertId = String(alerts[0].id);
		const updated = await backend.updateAlert(alertId, { status: 'inProgress', assignedTo: 'analyst@contoso.example' });
		expect(updated.summary).toMatchObject({ id: alertId, status: 'inProgress', assignedTo: 'analyst@contoso.example' });
		const commented = await backend.addAlertComment(alertId, 'Looked at it');
		expect((commented.comments as IDataObject[]).map((comment) => comment.comment)).toContain('Looked at it');
	});

	it('runs KQL and shows the parser\'s diagnostic for bad KQL', async () => {
		const { backend } = await open();
		const result = await backend.runHuntingQuery('DeviceProcessEvents | take 3', { timespan: 'P30D' });
		expect(result.rows).toHaveLength(3);
		expect(result.schema.map((column) => column.name)).toContain('Timestamp');
		const error = await failure(backend.runHuntingQuery('DeviceProcessEvents | wher FileName == "x"'));
		expect(error.message).toMatch(/^The hunting query was rejected: /);
	});
});

describe('permissions and tokens', () => {
	it('names the missing application permission', async () => {
		const { backend } = await open('none');
		const error = await failure(all(backend.listIncidents({})));
		expect(error.message).toBe('Missing permission to list incidents: the application permission "SecurityIncident.Read.All" or "SecurityIncident.ReadWrite.All" of Microsoft Graph is required');
		expect(error.description).toContain('Grant admin consent');
		expect(`${error.message} ${error.description}`).not.toMatch(/eyJ/);
	});

	it('lets a read-only app read but names ReadWrite when it writes', async () => {
		const { backend } = await open('readonly');
		const [incident] = await all(backend.listIncidents({}, { limit: 1 }));
		const error = await failure(backend.updateIncident(String(incident.id), { status: 'resolved' }));
		expect(error.message).toContain('"SecurityIncident.ReadWrite.All"');
	});

	it('renews an expired token once, like n8n, and keeps going', async () => {
		const credentials = emulatorCredentials(emulator, 'full');
		const { backend } = await open('full', credentials);
		await all(backend.listIncidents({}, { limit: 1 }));
		const tokensBefore = emulator.admin.counters().tokenRequests;
		emulator.admin.expireAllTokens();
		await all(backend.listIncidents({}, { limit: 1 }));
		expect(emulator.admin.counters().tokenRequests).toBe(tokensBefore + 1);
	});

	it('signs in with a certificate', async () => {
		const { backend } = await open('certificate');
		expect(await all(backend.listIncidents({}, { limit: 2 }))).toHaveLength(2);
	});
});

describe('throttling and failures', () => {
	it('waits out a 429 with Retry-After and succeeds', async () => {
		const { backend, harness } = await open();
		emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 1, pathContains: '/security/incidents' });
		expect(await all(backend.listIncidents({}, { limit: 1 }))).toHaveLength(1);
		expect(harness.requests.map((request) => request.status)).toEqual([429, 200]);
	});

	it('gives up on throttling that would outlast the wait budget, with a clear message', async () => {
		const { context } = createExecuteContext({ parameters: {}, credentials: emulatorCredentials(emulator, 'full') });
		const backend = await createBackend(context, { ...fastRetries, maxWaitMilliseconds: 500 });
		emulator.admin.failNext({ kind: 'status', status: 429, retryAfterSeconds: 30 });
		const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
		expect(error.message).toBe('Microsoft Defender XDR is throttling requests (HTTP 429)');
		expect(error.description).toContain('wait 30 seconds');
	});

	it('retries server errors, resets and cut-off answers', async () => {
		const { backend, harness } = await open();
		emulator.admin.failNext({ kind: 'status', status: 503, count: 1 });
		emulator.admin.failNext({ kind: 'reset', count: 1 });
		emulator.admin.failNext({ kind: 'truncated', count: 1 });
		expect(await all(backend.listIncidents({}, { limit: 2 }))).toHaveLength(2);
		expect(harness.requests).toHaveLength(4);
	});

	it('stops after a bounded number of attempts and says so', async () => {
		const { backend } = await open();
		emulator.admin.failNext({ kind: 'status', status: 500, count: 10 });
		const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
		expect(error.message).toBe('Microsoft Defender XDR had a server error (HTTP 500)');
		expect(error.description).toContain('Gave up after 4 attempts');
	});

	it('never adds a comment twice when the answer to the first attempt is lost', async () => {
		const { backend } = await open();
		const [incident] = await all(backend.listIncidents({}, { limit: 1 }));
		const id = String(incident.id);
		emulator.admin.failNext({ kind: 'resetAfterProcessing', method: 'POST', pathContains: '/comments' });
		const result = await backend.addIncidentComment(id, 'exactly once please');
		expect((result.comments as IDataObject[]).at(-1)).toMatchObject({ comment: 'exactly once please' });
		const stored = emulator.admin.listAllIncidents().find((candidate) => candidate.id === id);
		expect((stored?.comments as IDataObject[]).filter((comment) => comment.comment === 'exactly once please')).toHaveLength(1);
	});
});
