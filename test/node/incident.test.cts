import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { alert, CannedDefender, incident, legacyAlert, legacyIncident } from '../harness/cannedDefender.cjs';
import { runNode, runNodeError } from './run.cjs';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The summary api/summaries.ts makes of incident(id) with the given changes. */
const summaryOf = (id: string, changes: IDataObject = {}) => ({
	id,
	title: `Incident ${id}`,
	severity: 'high',
	status: 'active',
	classification: 'unknown',
	determination: 'unknown',
	assignedTo: null,
	tags: [],
	createdAt: '',
	updatedAt: '',
	url: `https://security.microsoft.com/incidents/${id}?tid=t`,
	redirectedTo: null,
	commentCount: 0,
	...changes,
});

function defenderWith(...incidents: IDataObject[]): CannedDefender {
	const defender = new CannedDefender();
	defender.incidents = incidents;
	return defender;
}

describe('incident get', () => {
	it('gets the incident named by a portal link and returns the API object', async () => {
		const defender = defenderWith(incident('924521'));
		const { json } = await runNode(defender, {
			parameters: {
				resource: 'incident',
				operation: 'get',
				incidentId: { __rl: true, mode: 'url', value: 'https://security.microsoft.com/incident2/924521/overview?tid=t' },
			},
		});
		expect(defender.callsTo('getIncident')).toEqual([{ method: 'getIncident', args: ['924521', { includeAlerts: false, summaryOnly: false }] }]);
		expect(json).toEqual([incident('924521')]);
	});

	it('asks for alerts and simplifies them along with the incident', async () => {
		const defender = defenderWith(incident('7', { alerts: [alert('da1'), alert('da2')] }));
		const { json } = await runNode(defender, {
			parameters: { resource: 'incident', operation: 'get', incidentId: byId('7'), simplify: true, options: { includeAlerts: true } },
		});
		expect(defender.callsTo('getIncident')[0].args[1]).toEqual({ includeAlerts: true, summaryOnly: true });
		expect(json[0]).toEqual(expect.objectContaining({ id: '7', title: 'Incident 7', alertCount: 2 }));
		expect((json[0].alerts as IDataObject[]).map((entry) => entry.id)).toEqual(['da1', 'da2']);
		expect(json[0]).not.toHaveProperty('displayName');
	});

	it('leaves alerts out of the summary unless asked, even when the API embeds them (legacy)', async () => {
		const defender = new CannedDefender('legacy');
		defender.incidents = [legacyIncident(7, { alerts: [legacyAlert('da1')] })];
		const { json } = await runNode(defender, {
			parameters: { resource: 'incident', operation: 'get', incidentId: byId('7'), simplify: true },
		});
		expect(defender.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET https://api.security.microsoft.com/api/incidents/7']);
		expect(json[0]).toEqual(expect.objectContaining({ id: '7', title: 'Incident 7', severity: 'high', status: 'active' }));
		expect(json[0]).not.toHaveProperty('alerts');
		expect(json[0]).not.toHaveProperty('alertCount');
	});
});

describe('incident getAll', () => {
	const many = () => defenderWith(...['1', '2', '3', '4', '5'].map((id) => incident(id)));

	it('returns up to the limit and stops requesting pages once it has enough', async () => {
		const defender = many();
		// Graph serves two at a time and continues with next links.
		defender.pageSize = 2;
		const { json } = await runNode(defender, { parameters: { resource: 'incident', operation: 'getAll', limit: 3 } });
		expect(json.map((entry) => entry.id)).toEqual(['1', '2', '3']);
		expect(defender.callsTo('listIncidents')[0].args).toEqual([{}, { limit: 3, summaryOnly: false }]);
		expect(defender.pageStarts).toEqual([0, 2]);
	});

	it('returns everything with Return All', async () => {
		const defender = many();
		const { json } = await runNode(defender, {
			parameters: { resource: 'incident', operation: 'getAll', returnAll: true, limit: 1 },
		});
		expect(json).toHaveLength(5);
		expect(defender.callsTo('listIncidents')[0].args[1]).toEqual({ limit: undefined, wholeList: true, summaryOnly: false });
	});

	it('turns the typed filters and options into the backend query', async () => {
		const defender = many();
		await runNode(defender, {
			timezone: 'Europe/Berlin',
			parameters: {
				resource: 'incident',
				operation: 'getAll',
				limit: 10,
				filters: {
					status: ['active', 'inProgress'],
					severity: ['high', 'medium'],
					assignedTo: '  analyst@contoso.com ',
					classification: ['truePositive'],
					determination: ['malware', 'phishing'],
					createdAfter: '2025-01-15T10:00:00',
					createdBefore: '2025-07-15T10:00:00',
					updatedAfter: '2025-02-01T00:00:00Z',
					updatedBefore: '2025-02-02T00:00:00+01:00',
					tags: 'vip, phishing,,',
					rawFilter: " severity eq 'high' ",
				},
				options: { includeAlerts: true, sort: 'updatedAscending' },
			},
		});
		expect(defender.callsTo('listIncidents')[0].args[0]).toEqual({
			statuses: ['active', 'inProgress'],
			severities: ['high', 'medium'],
			assignedTo: 'analyst@contoso.com',
			classifications: ['truePositive'],
			determinations: ['malware', 'phishing'],
			// Wall-clock times are in the workflow's time zone (CET in winter, CEST in summer).
			createdAfter: '2025-01-15T09:00:00.000Z',
			createdBefore: '2025-07-15T08:00:00.000Z',
			updatedAfter: '2025-02-01T00:00:00.000Z',
			updatedBefore: '2025-02-01T23:00:00.000Z',
			tags: ['vip', 'phishing'],
			rawFilter: "severity eq 'high'",
			includeAlerts: true,
			orderBy: { field: 'updatedAt', direction: 'asc' },
		});
	});

	it('sends an empty query when no filter is set', async () => {
		const defender = many();
		await runNode(defender, { parameters: { resource: 'incident', operation: 'getAll', limit: 1, filters: {}, options: {} } });
		expect(defender.callsTo('listIncidents')[0].args[0]).toEqual({});
	});

	it('simplifies every incident', async () => {
		const defender = many();
		const { json } = await runNode(defender, {
			parameters: { resource: 'incident', operation: 'getAll', limit: 2, simplify: true },
		});
		expect(json).toEqual([summaryOf('1'), summaryOf('2')]);
	});

	it.each([
		[{ filters: { severity: ['critical'] } }, /Severity "critical" is not one of/],
		[{ filters: { status: 'done' } }, /Status "done" is not one of/],
		[{ filters: { determination: ['maybe'] } }, /Determination "maybe" is not one of/],
		[{ filters: { createdAfter: 'yesterday' } }, /Created After "yesterday" is not a date and time/],
		[{ options: { sort: 'random' } }, /Sort "random" is not one of/],
		[{ limit: 0 }, /Limit 0 is not a whole number/],
		[{ limit: 2.5 }, /Limit 2.5 is not a whole number/],
	])('refuses %j before any request', async (parameters, message) => {
		const defender = many();
		const error = await runNodeError(defender, {
			parameters: { resource: 'incident', operation: 'getAll', limit: 5, ...parameters },
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(defender.calls).toEqual([]);
	});
});

describe('incident update', () => {
	const update = (updateFields: IDataObject, extra: IDataObject = {}) => ({
		resource: 'incident',
		operation: 'update',
		incidentId: byId('42'),
		updateFields,
		...extra,
	});

	it('sends only the fields the user set, without reading the incident first', async () => {
		const defender = defenderWith(incident('42'));
		const { json } = await runNode(defender, { parameters: update({ status: 'resolved', assignedTo: ' soc@contoso.com ' }) });
		expect(defender.calls).toEqual([
			{ method: 'updateIncident', args: ['42', { status: 'resolved', assignedTo: 'soc@contoso.com' }] },
		]);
		expect(json[0]).toEqual(expect.objectContaining({ id: '42', status: 'resolved' }));
	});

	it('unassigns with null when the assignee is left empty (both APIs document null)', async () => {
		const defender = defenderWith(incident('42', { assignedTo: 'someone' }));
		await runNode(defender, { parameters: update({ assignedTo: '' }) });
		expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ assignedTo: null });
	});

	it.each([
		['truePositive', 'malware'],
		['truePositive', 'multiStagedAttack'],
		['informationalExpectedActivity', 'securityTesting'],
		['falsePositive', 'notMalicious'],
		['falsePositive', 'other'],
	])('sends the valid pair %s / %s', async (classification, determination) => {
		const defender = defenderWith(incident('42'));
		await runNode(defender, { parameters: update({ classification, determination }) });
		expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ classification, determination });
	});

	it.each([
		[{ classification: 'TruePositive', determination: 'Malware' }, { classification: 'truePositive', determination: 'malware' }],
		[{ classification: 'falsePositive', determination: 'Clean' }, { classification: 'falsePositive', determination: 'notMalicious' }],
		[
			{ classification: 'falsePositive', determination: 'NoEnoughDataToValidate' },
			{ classification: 'falsePositive', determination: 'notEnoughDataToValidate' },
		],
		[{ classification: 'unknown' }, { classification: 'unknown' }],
	])('accepts other spellings from expressions: %j', async (fields, expected) => {
		const defender = defenderWith(incident('42'));
		await runNode(defender, { parameters: update(fields) });
		expect(defender.callsTo('updateIncident')[0].args[1]).toEqual(expected);
	});

	it.each([
		[{ classification: 'falsePositive', determination: 'malware' }, /Determination "malware" does not fit Classification "False Positive"/, /Not Malicious, Not Enough Data to Validate, Other/],
		[{ classification: 'truePositive', determination: 'notMalicious' }, /does not fit Classification "True Positive"/, /Compromised Account/],
		[{ classification: 'informationalExpectedActivity', determination: 'phishing' }, /does not fit/, /Security Testing/],
		[{ classification: 'unknown', determination: 'other' }, /does not fit Classification "Unknown"/, /takes no determination/],
		[{ determination: 'malware' }, /Determination "malware" needs a Classification/, /True Positive/],
		[{ classification: 'bogus' }, /Classification "bogus" is not one of/, /./],
		[{ status: 'redirected' }, /Status "redirected" is not one of/, /./],
	])('refuses %j before any request', async (fields, message, description) => {
		const defender = defenderWith(incident('42'));
		const error = await runNodeError(defender, { parameters: update(fields) });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(String(error.description)).toMatch(description);
		expect(error.context).toEqual(expect.objectContaining({ itemIndex: 0 }));
		expect(defender.calls).toEqual([]);
	});

	it('refuses an update with nothing to change', async () => {
		const defender = defenderWith(incident('42'));
		const error = await runNodeError(defender, { parameters: update({}) });
		expect(error.message).toMatch(/Nothing to update/);
		expect(defender.calls).toEqual([]);
	});

	describe('tags', () => {
		it('adds tags to the current list (read, merge, send the whole list)', async () => {
			const defender = defenderWith(incident('42', { customTags: ['vip', 'Phishing'] }));
			await runNode(defender, { parameters: update({ addTags: 'phishing, ransomware, ransomware' }) });
			expect(defender.calls.map((call) => call.method)).toEqual(['getIncident', 'updateIncident']);
			expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ tags: ['vip', 'Phishing', 'ransomware'] });
		});

		it('removes tags regardless of case and keeps the rest in order', async () => {
			const defender = defenderWith(incident('42', { customTags: ['a', 'VIP', 'b'] }));
			await runNode(defender, { parameters: update({ removeTags: 'vip, not-there' }) });
			expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ tags: ['a', 'b'] });
		});

		it('adds and removes in one update, together with other fields', async () => {
			const defender = defenderWith(incident('42', { customTags: ['triage', 'vip'] }));
			await runNode(defender, {
				parameters: update({ addTags: ['escalated'], removeTags: 'triage', status: 'inProgress' }),
			});
			expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ status: 'inProgress', tags: ['vip', 'escalated'] });
		});

		it('does not write when adding tags the incident already has', async () => {
			const defender = defenderWith(incident('42', { customTags: ['vip'] }));
			const { json } = await runNode(defender, { parameters: update({ addTags: 'VIP' }, { simplify: true }) });
			expect(defender.callsTo('updateIncident')).toEqual([]);
			expect(json[0]).toEqual(expect.objectContaining({ id: '42', tags: ['vip'] }));
		});

		it('still sends the other fields when the tags do not change', async () => {
			const defender = defenderWith(incident('42', { customTags: ['vip'] }));
			await runNode(defender, { parameters: update({ addTags: 'vip', status: 'resolved' }) });
			expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ status: 'resolved' });
		});

		it('replaces the whole list without reading the incident', async () => {
			const defender = defenderWith(incident('42', { customTags: ['old'] }));
			await runNode(defender, { parameters: update({ replaceTags: 'new, New, other' }) });
			expect(defender.calls).toEqual([{ method: 'updateIncident', args: ['42', { tags: ['new', 'other'] }] }]);
		});

		it('clears all tags with an empty Replace Tags', async () => {
			const defender = defenderWith(incident('42', { customTags: ['old'] }));
			await runNode(defender, { parameters: update({ replaceTags: '' }) });
			expect(defender.callsTo('updateIncident')[0].args[1]).toEqual({ tags: [] });
		});

		it.each([
			[{ replaceTags: 'a', addTags: 'b' }, /Replace Tags cannot be combined/],
			[{ replaceTags: 'a', removeTags: 'b' }, /Replace Tags cannot be combined/],
			[{ addTags: 'vip', removeTags: 'VIP' }, /Tag "vip" is both in Add Tags and in Remove Tags/],
		])('refuses %j before any request', async (fields, message) => {
			const defender = defenderWith(incident('42'));
			const error = await runNodeError(defender, { parameters: update(fields) });
			expect(error.message).toMatch(message);
			expect(defender.calls).toEqual([]);
		});
	});

	it('simplifies the updated incident', async () => {
		const defender = defenderWith(incident('42'));
		const { json } = await runNode(defender, { parameters: update({ status: 'resolved' }, { simplify: true }) });
		expect(json[0]).toEqual(summaryOf('42', { status: 'resolved' }));
	});
});

describe('incident addComment', () => {
	it('adds the comment as written', async () => {
		const defender = defenderWith(incident('42'));
		const comment = 'Line one\nLine "two" with ünïcode';
		const { json } = await runNode(defender, {
			parameters: { resource: 'incident', operation: 'addComment', incidentId: byId('42'), comment },
		});
		expect(defender.calls).toEqual([{ method: 'addIncidentComment', args: ['42', comment] }]);
		expect(json).toEqual([{ incidentId: '42', comments: [{ comment, createdByDisplayName: 'n8n', createdDateTime: '2026-01-01T00:00:00Z' }] }]);
	});

	it('refuses an empty comment before any request', async () => {
		const defender = defenderWith(incident('42'));
		const error = await runNodeError(defender, {
			parameters: { resource: 'incident', operation: 'addComment', incidentId: byId('42'), comment: '  \n ' },
		});
		expect(error.message).toBe('Comment is empty');
		expect(defender.calls).toEqual([]);
	});
});
