/**
 * The Defender node in real n8n, run by `n8n execute`: the packed package installed like the Community Nodes
 * installer does, credentials imported as a user would save them, and n8n core doing all of OAuth2 (token fetch,
 * storage, renewal, certificate assertions) against the local emulator.
 */
import { startEmulator } from '../../emulator/index.cjs';
import type { N8nInstance, WorkflowFixture } from '../../scripts/n8n/instance.cjs';
import {
	certificateCredential,
	locator,
	manualWorkflow,
	secretCredential,
	type ApiName,
	type DefenderStep,
} from './fixtures.cjs';
import type { N8nTarget } from '../../scripts/n8n/runtime.cjs';
import { e2eTargets, errorItemMessage, instanceWithPackage, successfulOutput } from './setup.cjs';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const apis: ApiName[] = ['graph', 'legacy'];
/** More incidents than one page of the node's listing, so "Return All" must follow several pages. */
const incidentCount = 130;

let emulator: Emulator;
let incidentIds: string[];
let alertId: string;

function incidentSteps(api: ApiName, target: N8nTarget): DefenderStep[] {
	const [readId, updateId] = incidentIds;
	const steps: DefenderStep[] = [
		{
			name: 'Get Incident',
			parameters: { resource: 'incident', operation: 'get', incidentId: locator(readId), simplify: true },
		},
		{
			name: 'Update Incident',
			parameters: {
				resource: 'incident',
				operation: 'update',
				incidentId: locator(updateId),
				updateFields: {
					status: 'inProgress',
					classification: 'truePositive',
					determination: 'malware',
					addTags: 'e2e, n8n',
				},
				simplify: true,
			},
		},
		{
			name: 'Comment Incident',
			parameters: {
				resource: 'incident',
				operation: 'addComment',
				incidentId: locator(updateId),
				comment: commentText(api, target),
			},
		},
		{
			name: 'Missing Incident',
			parameters: { resource: 'incident', operation: 'get', incidentId: locator('987654321'), simplify: true },
		},
		{
			name: 'Hunting',
			parameters: {
				resource: 'huntingQuery',
				operation: 'run',
				query: 'DeviceProcessEvents | take 3',
				timespan: 'P7D',
			},
		},
		{
			name: 'Bad KQL',
			parameters: { resource: 'huntingQuery', operation: 'run', query: 'DeviceProcessEvents | wher x', timespan: 'P7D' },
		},
		{
			name: 'List Alerts',
			parameters: { resource: 'alert', operation: 'getAll', returnAll: false, limit: 5, simplify: true },
		},
	];
	return steps;
}

function alertSteps(alertId: string): DefenderStep[] {
	return [
		{ name: 'Get Alert', parameters: { resource: 'alert', operation: 'get', alertId: locator(alertId), simplify: true } },
		{
			name: 'Update Alert',
			parameters: {
				resource: 'alert',
				operation: 'update',
				alertId: locator(alertId),
				updateFields: { status: 'inProgress' },
				simplify: true,
			},
		},
		{
			name: 'Comment Alert',
			parameters: { resource: 'alert', operation: 'addComment', alertId: locator(alertId), comment: 'Alert checked by n8n' },
		},
	];
}

const listStep: DefenderStep = {
	name: 'List Incidents',
	parameters: { resource: 'incident', operation: 'getAll', returnAll: true, simplify: true },
};

const firstIncidentStep: DefenderStep = {
	name: 'First Incident',
	parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 1, simplify: true },
};

function commentText(api: ApiName, target: N8nTarget): string {
	return `Checked by the n8n ${target}.x end-to-end suite (${api})`;
}

async function run(instance: N8nInstance, workflowId: string) {
	const { run: execution } = await instance.execute(workflowId);
	if (!execution) throw new Error(`n8n printed no run for ${workflowId}; see ${instance.logFile}`);
	return execution;
}

function storedIncident(id: string) {
	return emulator.admin.listAllIncidents().find((candidate: { id: unknown }) => String(candidate.id) === id);
}

/** Certificate sign-in is built into n8n core from 2.30; n8n 1.x does not have it. */
function supportsCertificates(target: N8nTarget): boolean {
	return target === '2';
}

function workflowsFor(target: N8nTarget): WorkflowFixture[] {
	return apis.flatMap((api) => [
		manualWorkflow(`ops-${api}`, secretCredential(emulator, api), [
			...incidentSteps(api, target),
			...(api === 'graph' ? alertSteps(alertId) : []),
		]),
		manualWorkflow(`list-${api}`, secretCredential(emulator, api), [listStep]),
		manualWorkflow(`token-${api}`, secretCredential(emulator, api), [firstIncidentStep]),
		manualWorkflow(`denied-${api}`, secretCredential(emulator, api, 'none'), [firstIncidentStep]),
		manualWorkflow(`readonly-${api}`, secretCredential(emulator, api, 'readonly'), [
			incidentSteps(api, target)[1],
			firstIncidentStep,
		]),
		...(supportsCertificates(target)
			? [manualWorkflow(`cert-${api}`, certificateCredential(emulator, api), [firstIncidentStep])]
			: []),
	]);
}

function incidentListRequests(api: ApiName): number {
	const listPath = api === 'graph' ? '/v1.0/security/incidents' : '/api/incidents';
	return emulator.admin
		.requestLog()
		.filter((entry: { method: string; path: string }) => entry.method === 'GET' && entry.path === listPath).length;
}

beforeAll(async () => {
	emulator = await startEmulator();
	const created = [];
	for (let index = 0; index < incidentCount; index++) {
		created.push(await emulator.admin.createIncident({ title: `E2E incident ${index}`, severity: 'high' }));
	}
	incidentIds = created.map((incident: { id: string | number }) => String(incident.id));
	alertId = String(emulator.admin.listAllIncidents()[0]?.alerts?.[0]?.id ?? '');
}, 120_000);

afterAll(async () => {
	await emulator?.close();
});

describe.each(e2eTargets)('Defender node in real n8n %s.x', (target) => {
	let instance: N8nInstance;

	beforeAll(async () => {
		instance = await instanceWithPackage(target);
		await instance.importCredentials(
			apis.flatMap((api) => [
				secretCredential(emulator, api),
				secretCredential(emulator, api, 'none'),
				secretCredential(emulator, api, 'readonly'),
				...(supportsCertificates(target) ? [certificateCredential(emulator, api)] : []),
			]),
		);
		await instance.importWorkflows(workflowsFor(target));
	}, 300_000);

	afterAll(async () => {
		await instance?.dispose();
	});

	describe.each(apis)('on the %s API', (api) => {
		let execution: Awaited<ReturnType<typeof run>>;

		beforeAll(async () => {
			execution = await run(instance, `ops-${api}`);
		}, 120_000);

		it('gets an incident by ID', () => {
			const [incident] = successfulOutput(execution, 'Get Incident');
			expect(incident).toMatchObject({ id: incidentIds[0], title: 'E2E incident 0', severity: 'high' });
		});

		it('updates status, classification with determination, and adds tags; the emulator stored them', () => {
			const [incident] = successfulOutput(execution, 'Update Incident');
			expect(incident).toMatchObject({ id: incidentIds[1], status: 'inProgress', classification: 'truePositive' });
			expect(incident.tags).toEqual(expect.arrayContaining(['e2e', 'n8n']));
			expect(storedIncident(incidentIds[1])).toMatchObject({
				status: 'inProgress',
				classification: 'truePositive',
				determination: 'malware',
			});
		});

		it('adds a comment that the emulator stored once', () => {
			successfulOutput(execution, 'Comment Incident');
			const comments = JSON.stringify(storedIncident(incidentIds[1])?.comments ?? []);
			expect(comments.split(commentText(api, target)).length - 1).toBe(1);
		});

		it('turns a missing incident into an error item under continue on error, and the other steps still run', () => {
			expect(errorItemMessage(execution, 'Missing Incident')).toMatch(/987654321.*not found/i);
		});

		it('runs a hunting query and returns its rows as items', () => {
			const rows = successfulOutput(execution, 'Hunting');
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.length).toBeLessThanOrEqual(3);
		});

		it("returns the hunting engine's own message for bad KQL", () => {
			expect(errorItemMessage(execution, 'Bad KQL')).toMatch(/wher/i);
		});

		if (api === 'graph') {
			it('lists, gets, updates and comments on alerts', () => {
				expect(successfulOutput(execution, 'List Alerts').length).toBeGreaterThan(0);
				const [alert] = successfulOutput(execution, 'Get Alert');
				expect(alert.id).toBe(alertId);
				const [updated] = successfulOutput(execution, 'Update Alert');
				expect(updated).toMatchObject({ id: alertId, status: 'inProgress' });
				successfulOutput(execution, 'Comment Alert');
			});
		} else {
			it('explains that alerts need the Graph API', () => {
				expect(errorItemMessage(execution, 'List Alerts')).toMatch(/graph/i);
			});
		}

		it('returns all incidents across several pages', async () => {
			const listRequestsBefore = incidentListRequests(api);
			const incidents = successfulOutput(await run(instance, `list-${api}`), 'List Incidents');
			expect(incidents).toHaveLength(emulator.admin.listAllIncidents().length);
			expect(new Set(incidents.map((incident) => incident.id)).size).toBe(incidents.length);
			expect(incidentListRequests(api) - listRequestsBefore).toBeGreaterThan(1);
		});

		it('names the missing permission when the app has none', async () => {
			const message = errorItemMessage(await run(instance, `denied-${api}`), 'First Incident');
			expect(message).toMatch(api === 'graph' ? /SecurityIncident\.Read(Write)?\.All/ : /Incident\.Read(Write)?\.All/);
		});

		it('refuses a write with a read-only app and names the write permission', async () => {
			const readOnlyRun = await run(instance, `readonly-${api}`);
			expect(errorItemMessage(readOnlyRun, 'Update Incident')).toMatch(
				api === 'graph' ? /SecurityIncident\.ReadWrite\.All/ : /Incident\.ReadWrite\.All/,
			);
			successfulOutput(readOnlyRun, 'First Incident');
		});

		it('reuses the token n8n stored, and renews it when it expired between two runs', async () => {
			successfulOutput(await run(instance, `token-${api}`), 'First Incident');
			const tokensAfterFirstRun = emulator.admin.counters().tokenRequests;
			successfulOutput(await run(instance, `token-${api}`), 'First Incident');
			expect(emulator.admin.counters().tokenRequests).toBe(tokensAfterFirstRun);

			emulator.admin.expireAllTokens();
			successfulOutput(await run(instance, `token-${api}`), 'First Incident');
			expect(emulator.admin.counters().tokenRequests).toBe(tokensAfterFirstRun + 1);
		});

		if (supportsCertificates(target)) {
			it('signs in with a certificate (private key JWT built by n8n core)', async () => {
				const [incident] = successfulOutput(await run(instance, `cert-${api}`), 'First Incident');
				expect(incident.id).toBeTruthy();
			});
		}
	});
});
