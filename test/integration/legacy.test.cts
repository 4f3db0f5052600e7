import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import type { DefenderBackend } from '../../nodes/MicrosoftDefenderXdr/api/backend';
import { openClient, xdrCredential } from '../../nodes/MicrosoftDefenderXdr/api/profiles';
import { createExecuteContext, emulatorCredentials } from '../harness/n8nContext.cjs';

/** The legacy backend behind the same interface, and the node end to end in process on both APIs. */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 150, now: new Date() });
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.admin.clearFaults());

async function legacyBackend(): Promise<DefenderBackend> {
	const { context } = createExecuteContext({ parameters: {}, credentials: emulatorCredentials(emulator, 'full', 'legacy') });
	return await createBackend(context, { retryBaseMilliseconds: 5, maxWaitMilliseconds: 3000 });
}

/** The API's own objects of every listed record. */
async function all(pages: AsyncIterable<Array<{ raw: IDataObject }>>): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for await (const page of pages) items.push(...page.map((record) => record.raw));
	return items;
}

describe('legacy backend', () => {
	it('pages with $skip when the API sends no next link, and filters what the API cannot', async () => {
		const backend = await legacyBackend();
		const incidents = await all(backend.listIncidents({}));
		expect(incidents).toHaveLength(150);
		const high = await all(backend.listIncidents({ severities: ['high'], statuses: ['active', 'inProgress'] }));
		expect(high.length).toBeGreaterThan(0);
		expect(high.every((incident) => incident.severity === 'High' && ['Active', 'InProgress'].includes(String(incident.status)))).toBe(true);
		const sorted = await all(backend.listIncidents({ orderBy: { field: 'updatedAt', direction: 'desc' } }, { limit: 10 }));
		const times = sorted.map((incident) => Date.parse(String(incident.lastUpdateTime)));
		expect(times).toEqual([...times].sort((first, second) => second - first));
	});

	it('writes Graph spellings as PascalCase and summarizes back the same as Graph', async () => {
		const backend = await legacyBackend();
		const [incident] = await all(backend.listIncidents({ statuses: ['active'] }, { limit: 1 }));
		const id = String(incident.incidentId);
		const updated = await backend.updateIncident(id, { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious', tags: ['n8n'] });
		expect(updated.raw).toMatchObject({ status: 'Resolved', classification: 'FalsePositive', determination: 'Clean', tags: ['n8n'] });
		expect(updated.summary).toMatchObject({ id, status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' });
		const commented = await backend.addIncidentComment(id, 'legacy comment');
		expect((commented.comments as IDataObject[]).at(-1)).toMatchObject({ comment: 'legacy comment' });
	});

	it('runs hunting queries and explains that alerts need Graph', async () => {
		const backend = await legacyBackend();
		const result = await backend.runHuntingQuery('DeviceLogonEvents | summarize count() by ActionType');
		expect(result.schema.map((column) => column.name)).toEqual(['ActionType', 'count_']);
		await expect(backend.getAlert('x')).rejects.toThrow('Alerts are not available on the legacy Defender XDR API: switch the credential to Microsoft Graph');
	});

	it('names the switch to Graph when the legacy hunting API answers that it is retired (issue 22)', async () => {
		const backend = await legacyBackend();
		emulator.admin.setLegacyHuntingRetired(true);
		try {
			const failure = backend.runHuntingQuery('DeviceInfo | take 1');
			await expect(failure).rejects.toThrow('The legacy Defender XDR advanced hunting API is retired');
			await expect(backend.runHuntingQuery('DeviceInfo | take 1')).rejects.toMatchObject({ description: expect.stringContaining('Microsoft Graph Security API') });
		} finally {
			emulator.admin.setLegacyHuntingRetired(false);
		}
	});

	it('waits out the legacy throttling body without a Retry-After header', async () => {
		const backend = await legacyBackend();
		emulator.admin.failNext({ kind: 'status', status: 429, legacyQuotaBody: true });
		// The quota window in the body is a minute; the wait budget allows it only when big enough, so give it one.
		const { context } = createExecuteContext({ parameters: {}, credentials: emulatorCredentials(emulator, 'full', 'legacy') });
		const patient = await createBackend(context, { retryBaseMilliseconds: 5, maxWaitMilliseconds: 500 });
		await expect(all(patient.listIncidents({}, { limit: 1 }))).rejects.toThrow('Microsoft Defender XDR is throttling requests (HTTP 429)');
		expect(await all(backend.listIncidents({}, { limit: 1 }))).toHaveLength(1);
	});
});

describe('next links', () => {
	it('refuses to send the token to any host but the configured API', async () => {
		const { context } = createExecuteContext({ parameters: {}, credentials: emulatorCredentials(emulator, 'full') });
		const { client } = await openClient(context, xdrCredential);
		expect(client.resolveUrl(`${emulator.baseUrl}/v1.0/security/incidents?$skip=50`)).toContain('$skip=50');
		expect(() => client.resolveUrl('https://attacker.example/v1.0/security/incidents')).toThrow(/Refused to follow a next link to https:\/\/attacker\.example/);
		expect(() => client.resolveUrl(`${emulator.baseUrl}/other/path`)).toThrow(/outside the configured API/);
	});
});

describe('the node in process', () => {
	const simplifiedKeys = async (api: 'graph' | 'legacy', options: IDataObject) => {
		const { context } = createExecuteContext({
			parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 3, simplify: true, filters: {}, options },
			credentials: emulatorCredentials(emulator, 'full', api),
		});
		const [items] = await router.call(context, (execute) => createBackend(execute));
		expect(items).toHaveLength(3);
		return Object.keys(items[0].json).sort();
	};
	const shared = ['assignedTo', 'classification', 'commentCount', 'createdAt', 'determination', 'id', 'redirectedTo', 'severity', 'status', 'tags', 'tenantId', 'title', 'updatedAt', 'url'];

	it('lists simplified incidents with the same keys on both APIs, so a workflow moved to Graph finds every field (issue 22)', async () => {
		// alertCount and alerts come with Include Alerts on both APIs, though the legacy API always embeds the alerts.
		expect(await simplifiedKeys('legacy', {})).toEqual(shared);
		expect(await simplifiedKeys('graph', {})).toEqual(shared);
		const withAlerts = ['alertCount', 'alerts', ...shared].sort();
		expect(await simplifiedKeys('legacy', { includeAlerts: true })).toEqual(withAlerts);
		expect(await simplifiedKeys('graph', { includeAlerts: true })).toEqual(withAlerts);
	});
});
