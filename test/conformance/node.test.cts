import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createExecuteContext, emulatorCredentials } from '../harness/n8nContext.cjs';
import { contractViolation, type Api, type BuiltRequest } from './contract.cjs';

/**
 * Every request the node's backends build is one docs/api-contract.md allows: each row runs a node operation
 * against the emulator, and every request the emulator logged is checked against the contract's tables (the
 * endpoint, its query options, the properties `$filter`, `$orderby` and `$select` name, `$top`, body fields).
 */

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ incidents: 130, now: '2026-11-20T12:00:00Z', huntingRowsPerTable: 50 });
});
afterAll(async () => await emulator.close());

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const firstIncident = () => String(emulator.admin.listAllIncidents().find((incident) => incident.status === 'active')!.id);
const firstAlert = () => String(emulator.admin.listAllIncidents().find((incident) => incident.status === 'active')!.alerts![0].id);

type Row = [name: string, apis: Api[], parameters: (api: Api) => IDataObject];

const typedIncidentFilters = {
	status: ['active', 'inProgress'],
	severity: ['high', 'medium'],
	assignedTo: 'analyst@contoso.example',
	classification: ['truePositive'],
	determination: ['malware'],
	createdAfter: '2026-10-25T00:00:00Z',
	updatedBefore: '2026-11-20T00:00:00Z',
	tags: 'vip',
};

const rows: Row[] = [
	['incident Get Many, every typed filter, sorted, with alerts, Simplify on', ['graph', 'legacy'], () => ({ resource: 'incident', operation: 'getAll', returnAll: true, simplify: true, filters: typedIncidentFilters, options: { includeAlerts: true, sort: 'updatedAscending' } })],
	['incident Get Many, Return All, Simplify off', ['graph', 'legacy'], () => ({ resource: 'incident', operation: 'getAll', returnAll: true, simplify: false, filters: {}, options: {} })],
	['incident Get Many, raw filter with other filters', ['graph', 'legacy'], (api) => ({ resource: 'incident', operation: 'getAll', limit: 5, filters: { status: ['active'], rawFilter: api === 'graph' ? "severity eq 'high' or severity eq 'medium'" : "assignedTo eq 'analyst@contoso.example'" }, options: {} })],
	['incident Get, with alerts, Simplify on and off', ['graph', 'legacy'], () => ({ resource: 'incident', operation: 'get', incidentId: byId(firstIncident()), simplify: true, options: { includeAlerts: true } })],
	['incident Update, every field, unassign', ['graph', 'legacy'], () => ({ resource: 'incident', operation: 'update', incidentId: byId(firstIncident()), updateFields: { status: 'inProgress', assignedTo: '', classification: 'truePositive', determination: 'malware', addTags: 'checked' }, simplify: true })],
	['incident Add Comment', ['graph', 'legacy'], () => ({ resource: 'incident', operation: 'addComment', incidentId: byId(firstIncident()), comment: 'conformance' })],
	['alert Get Many, every typed filter, sorted, Simplify on', ['graph'], () => ({ resource: 'alert', operation: 'getAll', returnAll: true, simplify: true, filters: { severity: ['high'], status: ['new'], serviceSource: ['microsoftDefenderForEndpoint'], assignedTo: 'analyst@contoso.example', classification: ['truePositive'], determination: ['malware'], createdAfter: '2026-10-25T00:00:00Z', updatedBefore: '2026-11-20T00:00:00Z', rawFilter: "severity ne 'low'" }, options: { sort: 'createdDescending' } })],
	['alert Get Many of one incident', ['graph'], () => ({ resource: 'alert', operation: 'getAll', returnAll: true, simplify: true, filters: { incidentId: firstIncident(), status: ['new'] }, options: {} })],
	['alert Get Many, Return All, Simplify off', ['graph'], () => ({ resource: 'alert', operation: 'getAll', returnAll: true, simplify: false, filters: {}, options: {} })],
	['alert Get', ['graph'], () => ({ resource: 'alert', operation: 'get', alertId: byId(firstAlert()), simplify: true })],
	['alert Update, every field, unassign', ['graph'], () => ({ resource: 'alert', operation: 'update', alertId: byId(firstAlert()), updateFields: { status: 'inProgress', assignedTo: '', classification: 'truePositive', determination: 'malware' }, simplify: true })],
	['alert Add Comment', ['graph'], () => ({ resource: 'alert', operation: 'addComment', alertId: byId(firstAlert()), comment: 'conformance' })],
	['hunting, a single instant', ['graph', 'legacy'], () => ({ resource: 'huntingQuery', operation: 'run', query: 'DeviceLogonEvents | take 1', timespan: 'custom', customTimespan: '2026-11-01T00:00:00Z', options: {} })],
];

function builtRequest(entry: { method: string; path: string; query: string; body: string }): BuiltRequest {
	const api: Api = entry.path.startsWith('/v1.0/') ? 'graph' : 'legacy';
	const query: Record<string, string> = {};
	for (const [name, value] of new URLSearchParams(entry.query)) query[name] = value;
	const body = entry.body ? (JSON.parse(entry.body) as Record<string, unknown>) : undefined;
	return { api, method: entry.method, path: entry.path.slice(api === 'graph' ? '/v1.0'.length : '/api'.length), query, body };
}

describe.each(rows.flatMap(([name, apis, parameters]) => apis.map((api) => [`${name} (${api})`, api, parameters] as const)))('%s', (_name, api, parameters) => {
	it('sends only requests the contract allows, and the emulator answers them', async () => {
		emulator.admin.reset();
		const { context } = createExecuteContext({ parameters: parameters(api), credentials: emulatorCredentials(emulator, 'full', api) });
		await router.call(context, (execute) => createBackend(execute));
		const sent = emulator.admin.requestLog().filter((entry) => entry.path.startsWith('/v1.0/security') || entry.path.startsWith('/api/'));
		expect(sent.length).toBeGreaterThan(0);
		expect(sent.map((entry) => [entry.method, entry.path, entry.query, contractViolation(builtRequest(entry))])).toEqual(
			sent.map((entry) => [entry.method, entry.path, entry.query, undefined]),
		);
		expect(sent.filter((entry) => entry.status >= 400)).toEqual([]);
	});
});

it('the contract check itself refuses what is not documented', () => {
	expect(contractViolation({ api: 'graph', method: 'GET', path: '/security/alerts_v2', query: { $filter: "incidentId eq '1'" } })).toMatch(/incidentId/);
	expect(contractViolation({ api: 'graph', method: 'GET', path: '/security/alerts_v2', query: { $expand: 'alerts' } })).toMatch(/\$expand/);
	expect(contractViolation({ api: 'graph', method: 'GET', path: '/security/incidents', query: { $top: '100' } })).toMatch(/\$top/);
	expect(contractViolation({ api: 'graph', method: 'PATCH', path: '/security/incidents/1', body: { severity: 'high' } })).toMatch(/severity/);
	expect(contractViolation({ api: 'legacy', method: 'GET', path: '/incidents', query: { $orderby: 'createdTime' } })).toMatch(/\$orderby/);
	expect(contractViolation({ api: 'legacy', method: 'GET', path: '/incidents', query: { $filter: "severity eq 'High'" } })).toMatch(/severity/);
	expect(contractViolation({ api: 'graph', method: 'GET', path: '/security/alerts_v2', query: { $select: 'id,nothing' } })).toMatch(/nothing/);
	expect(contractViolation({ api: 'graph', method: 'GET', path: '/security/alerts', query: {} })).toMatch(/not a documented/);
});
