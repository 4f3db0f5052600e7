import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { nodeProperties } from '../../nodes/MicrosoftDefenderXdr/actions';
import * as alert from '../../nodes/MicrosoftDefenderXdr/actions/alert';
import * as detectionRule from '../../nodes/MicrosoftDefenderXdr/actions/detectionRule';
import * as device from '../../nodes/MicrosoftDefenderXdr/actions/device';
import * as deviceAction from '../../nodes/MicrosoftDefenderXdr/actions/deviceAction';
import * as huntingQuery from '../../nodes/MicrosoftDefenderXdr/actions/huntingQuery';
import * as identityAccount from '../../nodes/MicrosoftDefenderXdr/actions/identityAccount';
import * as incident from '../../nodes/MicrosoftDefenderXdr/actions/incident';
import * as indicator from '../../nodes/MicrosoftDefenderXdr/actions/indicator';
import * as investigate from '../../nodes/MicrosoftDefenderXdr/actions/investigate';
import { determinationsByClassification } from '../../nodes/MicrosoftDefenderXdr/model/enums';
import { huntingProperties } from '../../nodes/MicrosoftDefenderXdr/trigger/hunting';
import codex from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node.json';
import { MicrosoftDefenderXdr } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node';

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []) as INodePropertyOptions[];
}

function shownFor(resource: string, operation?: string): INodeProperties[] {
	return nodeProperties.filter((property) => {
		const show = property.displayOptions?.show;
		if (!show?.resource?.includes(resource)) return false;
		return operation === undefined || property.name === 'operation' || show.operation?.includes(operation) === true;
	});
}

function property(resource: string, operation: string, name: string): INodeProperties | undefined {
	return shownFor(resource, operation).find((candidate) => candidate.name === name);
}

describe('node parameters', () => {
	it('offers exactly one credential for every resource, so n8n hands the operation its credential', () => {
		const resources = optionsOf(nodeProperties.find((candidate) => candidate.name === 'resource')).map((option) => String(option.value));
		const credentials = new MicrosoftDefenderXdr().description.credentials ?? [];
		for (const resource of resources) {
			expect([resource, credentials.filter((credential) => credential.displayOptions?.show?.resource?.includes(resource)).length]).toEqual([resource, 1]);
		}
	});

	it('has a codex naming the community node type', () => {
		expect(codex.node).toBe('n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdr');
	});

	it('keeps the resource and operation values saved workflows depend on', () => {
		const resource = nodeProperties.find((candidate) => candidate.name === 'resource');
		expect(optionsOf(resource).map((option) => option.value).sort()).toEqual(['alert', 'detectionRule', 'device', 'deviceAction', 'huntingQuery', 'identityAccount', 'incident', 'indicator', 'investigate']);
		const operationsOf = (name: string) =>
			optionsOf(shownFor(name).find((candidate) => candidate.name === 'operation')).map((option) => option.value).sort();
		expect(operationsOf('incident')).toEqual(['addComment', 'get', 'getAll', 'update']);
		expect(operationsOf('alert')).toEqual(['addComment', 'get', 'getAll', 'update']);
		expect(operationsOf('huntingQuery')).toEqual(['run']);
		expect(operationsOf('device')).toEqual([
			'addTag', 'collectInvestigationPackage', 'findByIp', 'get', 'getAll', 'isolate', 'releaseFromIsolation',
			'removeAppRestriction', 'removeTag', 'restrictAppExecution', 'runAntivirusScan', 'stopAndQuarantineFile',
		]);
		expect(operationsOf('deviceAction')).toEqual(['cancel', 'get', 'getAll']);
		expect(operationsOf('indicator')).toEqual(['createOrUpdate', 'delete', 'getAll']);
		expect(operationsOf('investigate')).toEqual(['alertsForEntity', 'deviceEvents', 'deviceSignIns', 'deviceVulnerabilities', 'devicesContactingAddress', 'devicesWithFile']);
		expect(operationsOf('identityAccount')).toEqual(['get', 'getAll', 'invokeAction']);
		expect(operationsOf('detectionRule')).toEqual(['create', 'delete', 'get', 'getAll', 'update']);
	});

	it('lists each operation by the entry its own file holds, under the key the router runs it by, with a default that exists', () => {
		const resources = { alert, detectionRule, device, deviceAction, huntingQuery, identityAccount, incident, indicator, investigate };
		for (const [resource, module] of Object.entries(resources)) {
			const selector = shownFor(resource).find((candidate) => candidate.name === 'operation');
			expect({ resource, keys: Object.entries(module.operations).map(([key, operation]) => [key, operation.option.value]) }).toEqual({
				resource,
				keys: Object.keys(module.operations).map((key) => [key, key]),
			});
			expect(optionsOf(selector).map((option) => option.value)).toContain(selector?.default);
			expect(optionsOf(selector)).toEqual(Object.values(module.operations).map((operation) => operation.option).sort((first, second) => first.name.localeCompare(second.name)));
		}
	});

	it.each([
		['incident', 'get', ['incidentId', 'simplify', 'options']],
		['incident', 'getAll', ['returnAll', 'limit', 'filters', 'simplify', 'options']],
		['incident', 'update', ['incidentId', 'updateFields', 'simplify']],
		['incident', 'addComment', ['incidentId', 'comment']],
		['alert', 'get', ['alertId', 'simplify']],
		['alert', 'getAll', ['returnAll', 'limit', 'filters', 'simplify', 'options']],
		['alert', 'update', ['alertId', 'updateFields', 'simplify']],
		['alert', 'addComment', ['alertId', 'comment']],
		['huntingQuery', 'run', ['query', 'timespan', 'options']],
	])('%s %s has the parameters %j', (resource, operation, names) => {
		for (const name of names) expect(property(resource, operation, name)).toBeDefined();
	});

	it('tells on the hunting operation and the hunting event that legacy advanced hunting is being retired (issue 22)', () => {
		const notices = [property('huntingQuery', 'run', 'legacyHuntingRetirementNotice'), huntingProperties.find((candidate) => candidate.name === 'legacyHuntingRetirementNotice')];
		for (const notice of notices) {
			expect(notice?.type).toBe('notice');
			expect(notice?.displayName).toMatch(/MC1220762.*January 2026.*Microsoft Graph Security API/);
		}
	});

	it('offers the three locator modes for incidents and alerts', () => {
		for (const [resource, name] of [
			['incident', 'incidentId'],
			['alert', 'alertId'],
		]) {
			const locator = property(resource, 'get', name);
			expect(locator?.modes?.map((mode) => mode.name)).toEqual(['list', 'id', 'url']);
		}
	});

	it('offers, for each classification, exactly the determinations that fit it', () => {
		for (const resource of ['incident', 'alert']) {
			const fields = (property(resource, 'update', 'updateFields')?.options ?? []) as INodeProperties[];
			const determinationFields = fields.filter((field) => field.name === 'determination');
			for (const [classification, determinations] of Object.entries(determinationsByClassification)) {
				const shown = determinationFields.filter((field) =>
					field.displayOptions?.show?.classification?.includes(classification),
				);
				if (determinations.length === 0) {
					expect(shown).toEqual([]);
					continue;
				}
				expect(shown).toHaveLength(1);
				expect(optionsOf(shown[0]).map((option) => option.value).sort()).toEqual([...determinations].sort());
				expect(determinations).toContain(shown[0].default);
			}
		}
	});

	it('describes every parameter, so an AI agent using the node as a tool knows what to fill in', () => {
		const undescribed: string[] = [];
		const visit = (properties: INodeProperties[], path: string) => {
			for (const candidate of properties) {
				const name = `${path}${candidate.name}`;
				const selfExplaining = candidate.type === 'notice';
				const isSelector = ['resource', 'operation', 'returnAll', 'options', 'filters', 'updateFields'].includes(candidate.name);
				if (!selfExplaining && !isSelector && !candidate.description) undescribed.push(name);
				if (candidate.type === 'collection') visit((candidate.options ?? []) as INodeProperties[], `${name}.`);
			}
		};
		visit(nodeProperties, '');
		expect(undescribed).toEqual([]);
	});

	it('writes option lists and collections in alphabetical order, as n8n\'s linter wants', () => {
		const unsorted: string[] = [];
		const visit = (properties: INodeProperties[]) => {
			for (const candidate of properties) {
				const options = candidate.options ?? [];
				const names = options.map((option) => ('displayName' in option ? option.displayName : option.name) as string);
				const sorted = [...names].sort((first, second) => first.localeCompare(second));
				if (candidate.name !== 'operation' && JSON.stringify(names) !== JSON.stringify(sorted)) unsorted.push(candidate.name);
				if (candidate.type === 'collection') visit(options as INodeProperties[]);
			}
		};
		visit(nodeProperties);
		expect(unsorted).toEqual([]);
	});

	it('ends the description of every options parameter an expression or a model can fill with the values it accepts', () => {
		const unlisted: string[] = [];
		const visit = (properties: INodeProperties[], path: string) => {
			for (const candidate of properties) {
				if (candidate.type === 'collection') visit((candidate.options ?? []) as INodeProperties[], `${path}${candidate.name}.`);
				if ((candidate.type !== 'options' && candidate.type !== 'multiOptions') || candidate.noDataExpression) continue;
				const accepted = /Accepted values: (.*?)(?: \(or their names|$)/.exec(candidate.description ?? '')?.[1];
				const values = optionsOf(candidate).map((option) => String(option.value));
				if (accepted !== values.join(', ')) unlisted.push(`${path}${candidate.name}`);
			}
		};
		visit(nodeProperties, '');
		expect(unlisted).toEqual([]);
		expect(property('incident', 'update', 'updateFields')?.options).toContainEqual(
			expect.objectContaining({ name: 'status', description: 'New status of the incident. Accepted values: active, inProgress, resolved (or their names, e.g. "In Progress")' }),
		);
	});
});
