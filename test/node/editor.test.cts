import type { INodeProperties } from 'n8n-workflow';

import { nodeProperties } from '../../nodes/MicrosoftDefenderXdr/actions';
import { MicrosoftDefenderXdrTrigger } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node';
import { triggerProperties } from '../../nodes/MicrosoftDefenderXdr/trigger/description';
import { incidentRecord, type SummaryShape } from '../../nodes/MicrosoftDefenderXdr/api/summaries';
import { CannedDefender, incident } from '../harness/cannedDefender.cjs';
import { runNode } from './run.cjs';

/** What a user meets first in n8n's editor: node creator text, empty fields, labels, defaults. */

function shown(resource: string, operation: string, name: string): INodeProperties {
	const found = nodeProperties.find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
	if (!found) throw new Error(`no ${name} for ${resource} ${operation}`);
	return found;
}

function nested(property: INodeProperties, name: string): INodeProperties {
	const found = (property.options as INodeProperties[]).find((option) => option.name === name);
	if (!found) throw new Error(`no ${name} in ${property.name}`);
	return found;
}

describe('node creator and panels', () => {
	it('describes the actions in the trigger text, which n8n shows for the merged node creator entry', () => {
		// n8n's editor (generateMergedNodesAndActions) merges "X" and "X Trigger" and keeps the trigger's description.
		const { description } = new MicrosoftDefenderXdrTrigger().description;
		expect(description).toMatch(/incidents and alerts/);
		expect(description).toMatch(/advanced hunting/);
		expect(description).toMatch(/start workflows/);
	});

	it('leaves the hunting Query empty, with a hint that is not a query', () => {
		const query = shown('huntingQuery', 'run', 'query');
		expect(query.default).toBe('');
		expect(query.placeholder).not.toMatch(/\|/);
		expect(query.hint).toMatch(/^Example: /);
	});

	it.each(['incident', 'alert'])('starts the %s Classification empty, so no verdict is pre-selected', (resource) => {
		const classification = nested(shown(resource, 'update', 'updateFields'), 'classification');
		expect(classification.default).toBe('');
	});

	it('labels the trigger filters like the node filters', () => {
		const nodeFilters = shown('incident', 'getAll', 'filters').options as INodeProperties[];
		const triggerFilters = triggerProperties.find((property) => property.name === 'filters')!.options as INodeProperties[];
		const label = (filters: INodeProperties[], name: string) => filters.find((filter) => filter.name === name)?.displayName;
		expect(label(triggerFilters, 'severities')).toBe(label(nodeFilters, 'severity'));
		expect(label(triggerFilters, 'statuses')).toBe(label(nodeFilters, 'status'));
	});

	it('simplifies lists by default and keeps Get raw', () => {
		expect(shown('incident', 'getAll', 'simplify').default).toBe(true);
		expect(shown('alert', 'getAll', 'simplify').default).toBe(true);
		expect(shown('incident', 'get', 'simplify').default).toBe(false);
		expect(shown('alert', 'get', 'simplify').default).toBe(false);
		const triggerOptions = triggerProperties.find((property) => property.name === 'options')!;
		expect(nested(triggerOptions, 'simplify').default).toBe(true);
	});

	it('keeps n8n casing, versions and dates out of option names', () => {
		const names: string[] = [];
		const visit = (properties: INodeProperties[]) => {
			for (const property of properties) {
				for (const option of (property.options ?? []) as Array<INodeProperties | { name: string }>) {
					names.push('displayName' in option ? option.displayName : option.name);
					if ('options' in option && Array.isArray(option.options)) visit([option as INodeProperties]);
				}
			}
		};
		visit([...nodeProperties, ...triggerProperties]);
		for (const name of names) expect(name).not.toMatch(/N8n|\d{4}-\d{2}-\d{2}/);
	});
});

describe('as an AI agent tool', () => {
	it('accepts display names for enum values ("In Progress")', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('42')];
		await runNode(defender, {
			parameters: {
				resource: 'incident',
				operation: 'update',
				incidentId: { __rl: true, mode: 'id', value: '42' },
				updateFields: { status: 'In Progress', classification: 'True Positive', determination: 'malware' },
			},
		});
		expect(defender.callsTo('updateIncident')[0].args[1]).toEqual(
			expect.objectContaining({ status: 'inProgress', classification: 'truePositive' }),
		);
	});
});

describe('simplified incidents', () => {
	const shape: SummaryShape = {
		incidentFields: { id: 'id', title: 'displayName', tags: 'customTags', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
		alertFields: { id: 'id', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
		spell: (value) => String(value ?? ''),
	};

	it('count the alerts with Include Alerts, and leave alertCount out instead of null without it, whatever the answer carried', () => {
		expect(incidentRecord({ id: '1', alerts: [{ id: 'a' }, { id: 'b' }] }, shape, true).summary.alertCount).toBe(2);
		expect(incidentRecord({ id: '1', alerts: [] }, shape, true).summary.alertCount).toBe(0);
		expect('alertCount' in incidentRecord({ id: '1' }, shape, true).summary).toBe(false);
		expect('alertCount' in incidentRecord({ id: '1', alerts: [{ id: 'a' }] }, shape).summary).toBe(false);
	});
});
