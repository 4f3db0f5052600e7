import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { alert, FakeBackend, incident, incidentRecord } from './fakes.cjs';
import { runNode, runNodeError } from './run.cjs';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

function backendWith(...incidents: IDataObject[]): FakeBackend {
	const backend = new FakeBackend();
	backend.incidents = incidents;
	return backend;
}

describe('incident get', () => {
	it('gets the incident named by a portal link and returns the API object', async () => {
		const backend = backendWith(incident('924521'));
		const { json } = await runNode(backend, {
			parameters: {
				resource: 'incident',
				operation: 'get',
				incidentId: { __rl: true, mode: 'url', value: 'https://security.microsoft.com/incident2/924521/overview?tid=t' },
			},
		});
		expect(backend.callsTo('getIncident')).toEqual([{ method: 'getIncident', args: ['924521', { includeAlerts: false, summaryOnly: false }] }]);
		expect(json).toEqual([incident('924521')]);
	});

	it('asks for alerts and simplifies them along with the incident', async () => {
		const backend = backendWith(incident('7', { alerts: [alert('da1'), alert('da2')] }));
		const { json } = await runNode(backend, {
			parameters: { resource: 'incident', operation: 'get', incidentId: byId('7'), simplify: true, options: { includeAlerts: true } },
		});
		expect(backend.callsTo('getIncident')[0].args[1]).toEqual({ includeAlerts: true, summaryOnly: true });
		expect(json[0]).toEqual(expect.objectContaining({ id: '7', title: 'Incident 7', alertCount: 2 }));
		expect((json[0].alerts as IDataObject[]).map((entry) => entry.id)).toEqual(['da1', 'da2']);
		expect(json[0]).not.toHaveProperty('displayName');
	});

	it('leaves alerts out of the summary unless asked, even when the API embeds them (legacy)', async () => {
		const backend = backendWith(incident('7', { alerts: [alert('da1')] }));
		const { json } = await runNode(backend, {
			parameters: { resource: 'incident', operation: 'get', incidentId: byId('7'), simplify: true },
		});
		expect(json[0]).not.toHaveProperty('alerts');
		expect(json[0]).not.toHaveProperty('alertCount');
	});
});

describe('incident getAll', () => {
	const many = () => backendWith(...['1', '2', '3', '4', '5'].map((id) => incident(id)));

	it('returns up to the limit and stops requesting pages once it has enough', async () => {
		const backend = many();
		const { json } = await runNode(backend, { parameters: { resource: 'incident', operation: 'getAll', limit: 3 } });
		expect(json.map((entry) => entry.id)).toEqual(['1', '2', '3']);
		expect(backend.callsTo('listIncidents')[0].args).toEqual([{}, { limit: 3, summaryOnly: false }]);
		expect(backend.pagesServed).toBe(2);
	});

	it('returns everything with Return All', async () => {
		const backend = many();
		const { json } = await runNode(backend, {
			parameters: { resource: 'incident', operation: 'getAll', returnAll: true, limit: 1 },
		});
		expect(json).toHaveLength(5);
		expect(backend.callsTo('listIncidents')[0].args[1]).toEqual({ limit: undefined, summaryOnly: false });
	});

	it('turns the typed filters and options into the backend query', async () => {
		const backend = many();
		await runNode(backend, {
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
		expect(backend.callsTo('listIncidents')[0].args[0]).toEqual({
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
		const backend = many();
		await runNode(backend, { parameters: { resource: 'incident', operation: 'getAll', limit: 1, filters: {}, options: {} } });
		expect(backend.callsTo('listIncidents')[0].args[0]).toEqual({});
	});

	it('simplifies every incident', async () => {
		const backend = many();
		const { json } = await runNode(backend, {
			parameters: { resource: 'incident', operation: 'getAll', limit: 2, simplify: true },
		});
		expect(json.map((entry) => Object.keys(entry))).toEqual([
			Object.keys(incidentRecord(incident('1')).summary),
			Object.keys(incidentRecord(incident('2')).summary),
		]);
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
		const backend = many();
		const error = await runNodeError(backend, {
			parameters: { resource: 'incident', operation: 'getAll', limit: 5, ...parameters },
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(backend.calls).toEqual([]);
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
		const backend = backendWith(incident('42'));
		const { json } = await runNode(backend, { parameters: update({ status: 'resolved', assignedTo: ' soc@contoso.com ' }) });
		expect(backend.calls).toEqual([
			{ method: 'updateIncident', args: ['42', { status: 'resolved', assignedTo: 'soc@contoso.com' }] },
		]);
		expect(json[0]).toEqual(expect.objectContaining({ id: '42', status: 'resolved' }));
	});

	it('unassigns with null when the assignee is left empty (both APIs document null)', async () => {
		const backend = backendWith(incident('42', { assignedTo: 'someone' }));
		await runNode(backend, { parameters: update({ assignedTo: '' }) });
		expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ assignedTo: null });
	});

	it.each([
		['truePositive', 'malware'],
		['truePositive', 'multiStagedAttack'],
		['informationalExpectedActivity', 'securityTesting'],
		['falsePositive', 'notMalicious'],
		['falsePositive', 'other'],
	])('sends the valid pair %s / %s', async (classification, determination) => {
		const backend = backendWith(incident('42'));
		await runNode(backend, { parameters: update({ classification, determination }) });
		expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ classification, determination });
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
		const backend = backendWith(incident('42'));
		await runNode(backend, { parameters: update(fields) });
		expect(backend.callsTo('updateIncident')[0].args[1]).toEqual(expected);
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
		const backend = backendWith(incident('42'));
		const error = await runNodeError(backend, { parameters: update(fields) });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(String(error.description)).toMatch(description);
		expect(error.context).toEqual(expect.objectContaining({ itemIndex: 0 }));
		expect(backend.calls).toEqual([]);
	});

	it('refuses an update with nothing to change', async () => {
		const backend = backendWith(incident('42'));
		const error = await runNodeError(backend, { parameters: update({}) });
		expect(error.message).toMatch(/Nothing to update/);
		expect(backend.calls).toEqual([]);
	});

	describe('tags', () => {
		it('adds tags to the current list (read, merge, send the whole list)', async () => {
			const backend = backendWith(incident('42', { customTags: ['vip', 'Phishing'] }));
			await runNode(backend, { parameters: update({ addTags: 'phishing, ransomware, ransomware' }) });
			expect(backend.calls.map((call) => call.method)).toEqual(['getIncident', 'updateIncident']);
			expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ tags: ['vip', 'Phishing', 'ransomware'] });
		});

		it('removes tags regardless of case and keeps the rest in order', async () => {
			const backend = backendWith(incident('42', { customTags: ['a', 'VIP', 'b'] }));
			await runNode(backend, { parameters: update({ removeTags: 'vip, not-there' }) });
			expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ tags: ['a', 'b'] });
		});

		it('adds and removes in one update, together with other fields', async () => {
			const backend = backendWith(incident('42', { customTags: ['triage', 'vip'] }));
			await runNode(backend, {
				parameters: update({ addTags: ['escalated'], removeTags: 'triage', status: 'inProgress' }),
			});
			expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ status: 'inProgress', tags: ['vip', 'escalated'] });
		});

		it('does not write when adding tags the incident already has', async () => {
			const backend = backendWith(incident('42', { customTags: ['vip'] }));
			const { json } = await runNode(backend, { parameters: update({ addTags: 'VIP' }, { simplify: true }) });
			expect(backend.callsTo('updateIncident')).toEqual([]);
			expect(json[0]).toEqual(expect.objectContaining({ id: '42', tags: ['vip'] }));
		});

		it('still sends the other fields when the tags do not change', async () => {
			const backend = backendWith(incident('42', { customTags: ['vip'] }));
			await runNode(backend, { parameters: update({ addTags: 'vip', status: 'resolved' }) });
			expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ status: 'resolved' });
		});

		it('replaces the whole list without reading the incident', async () => {
			const backend = backendWith(incident('42', { customTags: ['old'] }));
			await runNode(backend, { parameters: update({ replaceTags: 'new, New, other' }) });
			expect(backend.calls).toEqual([{ method: 'updateIncident', args: ['42', { tags: ['new', 'other'] }] }]);
		});

		it('clears all tags with an empty Replace Tags', async () => {
			const backend = backendWith(incident('42', { customTags: ['old'] }));
			await runNode(backend, { parameters: update({ replaceTags: '' }) });
			expect(backend.callsTo('updateIncident')[0].args[1]).toEqual({ tags: [] });
		});

		it.each([
			[{ replaceTags: 'a', addTags: 'b' }, /Replace Tags cannot be combined/],
			[{ replaceTags: 'a', removeTags: 'b' }, /Replace Tags cannot be combined/],
			[{ addTags: 'vip', removeTags: 'VIP' }, /Tag "vip" is both in Add Tags and in Remove Tags/],
		])('refuses %j before any request', async (fields, message) => {
			const backend = backendWith(incident('42'));
			const error = await runNodeError(backend, { parameters: update(fields) });
			expect(error.message).toMatch(message);
			expect(backend.calls).toEqual([]);
		});
	});

	it('simplifies the updated incident', async () => {
		const backend = backendWith(incident('42'));
		const { json } = await runNode(backend, { parameters: update({ status: 'resolved' }, { simplify: true }) });
		expect(json[0]).toEqual(incidentRecord({ ...incident('42'), status: 'resolved' }).summary);
	});
});

describe('incident addComment', () => {
	it('adds the comment as written', async () => {
		const backend = backendWith(incident('42'));
		const comment = 'Line one\nLine "two" with ünïcode';
		const { json } = await runNode(backend, {
			parameters: { resource: 'incident', operation: 'addComment', incidentId: byId('42'), comment },
		});
		expect(backend.calls).toEqual([{ method: 'addIncidentComment', args: ['42', comment] }]);
		expect(json).toEqual([{ incidentId: '42', comments: [{ comment, createdByDisplayName: 'n8n', createdDateTime: '2026-01-01T00:00:00Z' }] }]);
	});

	it('refuses an empty comment before any request', async () => {
		const backend = backendWith(incident('42'));
		const error = await runNodeError(backend, {
			parameters: { resource: 'incident', operation: 'addComment', incidentId: byId('42'), comment: '  \n ' },
		});
		expect(error.message).toBe('Comment is empty');
		expect(backend.calls).toEqual([]);
	});
});
