import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { alert, CannedDefender, incident } from '../harness/cannedDefender.cjs';
import { runNode, runNodeError } from './run.cjs';

const alertId = 'da637551227677560813_-961444813';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The summary api/summaries.ts makes of alert(alertId). */
const summary = {
	id: alertId,
	incidentId: null,
	title: `Alert ${alertId}`,
	severity: 'medium',
	status: 'new',
	classification: 'unknown',
	determination: 'unknown',
	category: null,
	categories: [],
	serviceSource: null,
	assignedTo: null,
	createdAt: '',
	updatedAt: '',
	url: null,
};

function defenderWith(...alerts: IDataObject[]): CannedDefender {
	const defender = new CannedDefender();
	defender.alerts = alerts;
	return defender;
}

describe('alert get', () => {
	it('gets the alert named by a portal link', async () => {
		const defender = defenderWith(alert(alertId));
		const { json } = await runNode(defender, {
			parameters: {
				resource: 'alert',
				operation: 'get',
				alertId: { __rl: true, mode: 'url', value: `https://security.microsoft.com/alerts/${alertId}?tid=t` },
			},
		});
		expect(defender.calls).toEqual([{ method: 'getAlert', args: [alertId, { summaryOnly: false }] }]);
		expect(json).toEqual([alert(alertId)]);
	});

	it('simplifies the alert', async () => {
		const defender = defenderWith(alert(alertId));
		const { json } = await runNode(defender, {
			parameters: { resource: 'alert', operation: 'get', alertId: byId(alertId), simplify: true },
		});
		expect(json).toEqual([summary]);
	});
});

describe('alert getAll', () => {
	it('turns the filters into the backend query and respects the limit', async () => {
		const defender = defenderWith(alert('a1'), alert('a2'), alert('a3'));
		const { json } = await runNode(defender, {
			parameters: {
				resource: 'alert',
				operation: 'getAll',
				limit: 2,
				filters: {
					severity: ['high'],
					status: ['new', 'inProgress'],
					serviceSource: ['microsoftDefenderForEndpoint'],
					assignedTo: ' analyst@contoso.com ',
					classification: ['truePositive'],
					determination: ['malware', 'phishing'],
					createdAfter: '2025-03-01T00:00:00Z',
					updatedBefore: '2025-03-02',
					rawFilter: "severity ne 'informational'",
				},
				options: { sort: 'createdAscending' },
			},
		});
		expect(json.map((entry) => entry.id)).toEqual(['a1', 'a2']);
		expect(defender.callsTo('listAlerts')[0].args).toEqual([
			{
				severities: ['high'],
				statuses: ['new', 'inProgress'],
				serviceSources: ['microsoftDefenderForEndpoint'],
				assignedTo: 'analyst@contoso.com',
				classifications: ['truePositive'],
				determinations: ['malware', 'phishing'],
				createdAfter: '2025-03-01T00:00:00.000Z',
				updatedBefore: '2025-03-02T00:00:00.000Z',
				rawFilter: "severity ne 'informational'",
				orderBy: { field: 'createdAt', direction: 'asc' },
			},
			{ limit: 2, summaryOnly: false },
		]);
	});

	it('accepts a numeric incident ID from an expression', async () => {
		const defender = defenderWith(alert('a1'));
		defender.incidents = [incident('17', { alerts: [alert('a1')] })];
		await runNode(defender, { parameters: { resource: 'alert', operation: 'getAll', returnAll: true, filters: { incidentId: 17 } } });
		expect(defender.callsTo('listAlerts')[0].args[0]).toEqual({ incidentId: '17' });
	});

	it.each([
		[{ incidentId: "1' or 1 eq 1" }, /not a valid incident ID/],
		[{ serviceSource: ['microsoftWord'] }, /Service Source "microsoftWord" is not one of/],
		[{ status: ['active'] }, /Status "active" is not one of/],
	])('refuses %j before any request', async (filters, message) => {
		const defender = defenderWith(alert('a1'));
		const error = await runNodeError(defender, { parameters: { resource: 'alert', operation: 'getAll', limit: 1, filters } });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(defender.calls).toEqual([]);
	});
});

describe('alert update', () => {
	const update = (updateFields: IDataObject, extra: IDataObject = {}) => ({
		resource: 'alert',
		operation: 'update',
		alertId: byId(alertId),
		updateFields,
		...extra,
	});

	it('sends only the fields the user set', async () => {
		const defender = defenderWith(alert(alertId));
		await runNode(defender, {
			parameters: update({ status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' }),
		});
		expect(defender.calls).toEqual([
			{
				method: 'updateAlert',
				args: [alertId, { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' }],
			},
		]);
	});

	it.each([
		[{ classification: 'falsePositive', determination: 'phishing' }, /does not fit Classification "False Positive"/],
		[{ determination: 'phishing' }, /needs a Classification/],
		[{ status: 'active' }, /Status "active" is not one of/],
		[{}, /Nothing to update/],
	])('refuses %j before any request', async (fields, message) => {
		const defender = defenderWith(alert(alertId));
		const error = await runNodeError(defender, { parameters: update(fields) });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(defender.calls).toEqual([]);
	});

	it('simplifies the updated alert', async () => {
		const defender = defenderWith(alert(alertId));
		const { json } = await runNode(defender, { parameters: update({ status: 'inProgress' }, { simplify: true }) });
		expect(json[0]).toEqual(expect.objectContaining({ id: alertId, status: 'inProgress' }));
		expect(Object.keys(json[0]).sort()).toEqual(Object.keys(summary).sort());
	});
});

describe('alert addComment', () => {
	it('adds the comment', async () => {
		const defender = defenderWith(alert(alertId));
		await runNode(defender, {
			parameters: { resource: 'alert', operation: 'addComment', alertId: byId(alertId), comment: 'Checked with the user' },
		});
		expect(defender.calls).toEqual([{ method: 'addAlertComment', args: [alertId, 'Checked with the user'] }]);
	});

	it('refuses a hostile alert ID before any request', async () => {
		const defender = defenderWith(alert(alertId));
		const error = await runNodeError(defender, {
			parameters: { resource: 'alert', operation: 'addComment', alertId: byId('../incidents/1'), comment: 'x' },
		});
		expect(error.message).toMatch(/not a valid alert ID/);
		expect(defender.calls).toEqual([]);
	});
});
