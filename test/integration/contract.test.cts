import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import type { DefenderBackend } from '../../nodes/MicrosoftDefenderXdr/api/backend';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import type { AlertSummary } from '../../nodes/MicrosoftDefenderXdr/model/records';
import { createExecuteContext, emulatorCredentials, type OAuthHarness } from '../harness/n8nContext.cjs';

/**
 * The node's requests follow Microsoft's documented contract (docs/api-contract.md) where the emulator used to
 * let guesses pass: read-ahead only on the server's own $skip links, an incident's alerts through the incident,
 * the documented alert filters, $select for Simplify, null to unassign, legacy filters and spellings.
 */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 150, now: new Date(), huntingRowsPerTable: 50 });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.reset();
	emulator.admin.setNextLinkScheme('skip');
});

async function open(api: 'graph' | 'legacy' = 'graph'): Promise<{ backend: DefenderBackend; harness: OAuthHarness }> {
	const { context, harness } = createExecuteContext({ parameters: {}, credentials: emulatorCredentials(emulator, 'full', api) });
	return { backend: await createBackend(context, { retryBaseMilliseconds: 5 }), harness };
}

async function records<Record>(pages: AsyncIterable<Record[]>): Promise<Record[]> {
	const all: Record[] = [];
	for await (const page of pages) all.push(...page);
	return all;
}

const apiRequests = (harness: OAuthHarness) => harness.requests.filter((request) => !request.url.includes('/oauth2/'));
const queryOf = (url: string) => new URL(url).searchParams;

describe('read-ahead follows the server\'s scheme (contract 2.2)', () => {
	// A limited, unsorted list follows next links; Return All and sorted lists move a time window (keyset).
	it('reads ahead with $skip when the server\'s next link is a $skip link of the same query', async () => {
		const { backend, harness } = await open();
		const incidents = await records(backend.listIncidents({ severities: ['high', 'medium', 'low', 'informational', 'unknown'] }, { limit: 1000 }));
		expect(new Set(incidents.map((incident) => incident.summary.id)).size).toBe(150);
		const requests = apiRequests(harness);
		expect(requests).toHaveLength(3);
		expect(requests.slice(1).map((request) => queryOf(request.url).get('$skip'))).toEqual(['50', '100']);
		for (const request of requests) expect(queryOf(request.url).get('$filter')).toBe(queryOf(requests[0].url).get('$filter'));
	});

	it('follows the next links one by one when they are not $skip links (an opaque $skiptoken)', async () => {
		emulator.admin.setNextLinkScheme('skiptoken');
		const { backend, harness } = await open();
		const incidents = await records(backend.listIncidents({}, { limit: 1000 }));
		expect(new Set(incidents.map((incident) => incident.summary.id)).size).toBe(150);
		const requests = apiRequests(harness);
		expect(requests).toHaveLength(3);
		for (const request of requests.slice(1)) {
			expect(queryOf(request.url).has('$skiptoken')).toBe(true);
			expect(queryOf(request.url).has('$skip')).toBe(false);
		}
		// One by one: each page's request is the previous answer's next link, in the log's order.
		const log = emulator.admin.requestLog().filter((entry) => entry.path === '/v1.0/security/incidents');
		expect(log.map((entry) => new URLSearchParams(entry.query).get('$skiptoken'))).toEqual([null, expect.any(String), expect.any(String)]);
	});
});

describe('an incident\'s alerts (contract 2.1)', () => {
	it('are read through the incident with $expand=alerts, never with an incidentId filter', async () => {
		const incident = emulator.admin.createIncident({ alertCount: 3, severity: 'high' });
		const { backend, harness } = await open();
		const alerts = await records(backend.listAlerts({ incidentId: incident.id }));
		expect(alerts.map((alert) => alert.summary.id).sort()).toEqual(incident.alerts!.map((alert) => alert.id).sort());
		const requests = apiRequests(harness);
		expect(requests.map((request) => new URL(request.url).pathname)).toEqual([`/v1.0/security/incidents/${incident.id}`]);
		expect(queryOf(requests[0].url).get('$expand')).toBe('alerts');
	});

	it('keep to the typed filters, the order and the limit', async () => {
		const incident = emulator.admin.createIncident({ alertCount: 3 });
		const { backend } = await open();
		const [first] = await records(backend.listAlerts({ incidentId: incident.id }, { limit: 1 }));
		await backend.updateAlert(first.summary.id, { status: 'resolved' });
		const stillNew = await records(backend.listAlerts({ incidentId: incident.id, statuses: ['new'], orderBy: { field: 'createdAt', direction: 'asc' } }));
		expect(stillNew.map((alert) => alert.summary.id)).not.toContain(first.summary.id);
		expect(stillNew).toHaveLength(2);
		expect(await records(backend.listAlerts({ incidentId: incident.id }, { limit: 2 }))).toHaveLength(2);
	});

	it('refuse a raw OData filter with a clear message, before any request', async () => {
		const { backend, harness } = await open();
		await expect(records(backend.listAlerts({ incidentId: '1000', rawFilter: "severity eq 'high'" }))).rejects.toThrow('A raw OData filter cannot be combined with Incident ID');
		expect(apiRequests(harness)).toHaveLength(0);
	});
});

describe('documented alert filters (contract 2.1)', () => {
	it('filters by assigned to, classification and determination on the server', async () => {
		const incident = emulator.admin.createIncident({ alertCount: 2 });
		const { backend, harness } = await open();
		const [alert] = incident.alerts!;
		await backend.updateAlert(alert.id, { assignedTo: 'filter.me@contoso.example', classification: 'truePositive', determination: 'phishing' });
		const found = await records(backend.listAlerts({ assignedTo: 'filter.me@contoso.example', classifications: ['truePositive'], determinations: ['phishing'] }));
		expect(found.map((record) => record.summary.id)).toEqual([alert.id]);
		expect(queryOf(apiRequests(harness).at(-1)!.url).get('$filter')).toBe(
			"assignedTo eq 'filter.me@contoso.example' and classification eq 'truePositive' and determination eq 'phishing'",
		);
	});
});

describe('Simplify asks only for the fields it outputs (contract 2.4)', () => {
	it('sends $select and produces the same summaries as from whole objects', async () => {
		for (const list of [
			(backend: DefenderBackend, summaryOnly: boolean) => records(backend.listIncidents({ includeAlerts: true }, { limit: 20, summaryOnly })),
			(backend: DefenderBackend, summaryOnly: boolean) => records(backend.listAlerts({}, { limit: 20, summaryOnly })),
		]) {
			const whole = await open();
			const selected = await open();
			const full = await list(whole.backend, false);
			const slim = await list(selected.backend, true);
			expect(slim.map((record) => record.summary)).toEqual(full.map((record) => record.summary));
			expect(queryOf(apiRequests(selected.harness)[0].url).get('$select')).toEqual(expect.stringContaining('id,'));
			expect(queryOf(apiRequests(whole.harness)[0].url).has('$select')).toBe(false);
			expect(JSON.stringify(slim.map((record) => record.raw)).length).toBeLessThan(JSON.stringify(full.map((record) => record.raw)).length);
		}
	});

	it('Get with Simplify selects too; without it the whole object comes back', async () => {
		const incident = emulator.admin.createIncident({});
		const { backend } = await open();
		const slim = await backend.getIncident(incident.id, { summaryOnly: true });
		const whole = await backend.getIncident(incident.id);
		expect(slim.summary).toEqual(whole.summary);
		expect(slim.raw).not.toHaveProperty('summary');
		expect(whole.raw).toHaveProperty('priorityScore');
	});
});

describe('writes as documented (contract 3)', () => {
	it.each(['graph', 'legacy'] as const)('unassigns with null on %s', async (api) => {
		const incident = emulator.admin.createIncident({ assignedTo: 'someone@contoso.example' });
		const { context } = createExecuteContext({
			parameters: { resource: 'incident', operation: 'update', incidentId: { __rl: true, mode: 'id', value: incident.id }, updateFields: { assignedTo: '' }, simplify: true },
			credentials: emulatorCredentials(emulator, 'full', api),
		});
		await router.call(context, (execute) => createBackend(execute));
		const sent = emulator.admin.requestLog().filter((entry) => entry.method === 'PATCH');
		expect(sent.map((entry) => JSON.parse(entry.body) as IDataObject)).toEqual([{ assignedTo: null }]);
		expect(emulator.admin.listAllIncidents().find((candidate) => candidate.id === incident.id)!.assignedTo).toBeNull();
	});
});

describe('legacy (contract 2.1 and 5.5)', () => {
	it('parenthesizes the user\'s raw filter', async () => {
		const { backend, harness } = await open('legacy');
		await records(backend.listIncidents({ statuses: ['active'], rawFilter: "assignedTo eq 'analyst@contoso.example' and createdTime ge 2020-01-01T00:00:00Z" }, { limit: 5 }));
		expect(queryOf(apiRequests(harness)[0].url).get('$filter')).toBe("status eq 'Active' and (assignedTo eq 'analyst@contoso.example' and createdTime ge 2020-01-01T00:00:00Z)");
	});

	it('summarizes alerts as Graph does: Graph spellings of the service source, unknown when unclassified', async () => {
		const incident = emulator.admin.createIncident({ alertCount: 2, serviceSource: 'microsoftDefenderForEndpoint' });
		const graph = (await (await open('graph')).backend.getIncident(incident.id, { includeAlerts: true })).summary.alerts!;
		const legacy = (await (await open('legacy')).backend.getIncident(incident.id, { includeAlerts: true })).summary.alerts!;
		const comparable = (alerts: AlertSummary[]) => alerts.map(({ url: _url, ...rest }) => rest);
		expect(comparable(legacy)).toEqual(comparable(graph));
		expect(legacy[0]).toMatchObject({ serviceSource: 'microsoftDefenderForEndpoint', classification: 'unknown', determination: 'unknown', categories: [legacy[0].category] });
	});
});

it('runs a hunting query over a single instant (from then until now, contract 2.6)', async () => {
	const { backend, harness } = await open();
	const result = await backend.runHuntingQuery('DeviceLogonEvents | take 1', { timespan: new Date(Date.now() - 3 * 86_400_000).toISOString() });
	expect(result.rows).toHaveLength(1);
	expect(apiRequests(harness)).toHaveLength(1);
});
