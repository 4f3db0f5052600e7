import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	allDeterminationOptions,
	classificationName,
	classificationOptions,
	determinationOptionsFor,
	severityOptions,
	type Classification,
} from '../model/enums';

/** The values an options parameter takes, as the node takes them (their display names work too). */
function acceptedValuesOf(options: INodePropertyOptions[]): string {
	const values = options.map((option) => String(option.value)).join(', ');
	const named = options.find((option) => option.name.toLowerCase() !== String(option.value).toLowerCase());
	return named ? `Accepted values: ${values} (or their names, e.g. ${JSON.stringify(named.name)})` : `Accepted values: ${values}`;
}

/**
 * The properties with every options parameter an expression or an AI agent may fill ending its description with
 * the values it accepts: the model that fills a tool's parameter sees text, not the editor's list.
 */
export function withAcceptedValues(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const options = property.options ?? [];
		if (property.type === 'collection' || property.type === 'fixedCollection') {
			return { ...property, options: withAcceptedValues(options as INodeProperties[]) };
		}
		const fillable = (property.type === 'options' || property.type === 'multiOptions') && property.noDataExpression !== true;
		if (!fillable || options.length === 0) return property;
		const accepted = acceptedValuesOf(options as INodePropertyOptions[]);
		const described = property.description?.replace(/\.$/, '');
		return { ...property, description: described ? `${described}. ${accepted}` : accepted };
	});
}

/** Collection entries in alphabetical order, as n8n lists them; a stable sort keeps same-named fields together. */
export function alphabetical(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((first, second) => first.displayName.localeCompare(second.displayName));
}

/** The Filters collection of a Get Many, its entries in alphabetical order. */
export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add filter', default: {}, options: alphabetical(filters) };
}

export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** Simplify: off where one full object is asked for (Get, Update); lists switch it on (n8n's convention). */
export function simplifyOption(itemName: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: `Whether to return a compact ${itemName} (ID, title, severity, status, classification, determination, assignee, dates, portal link), the same on both APIs, instead of the full API object`,
	};
}

const dateHint = 'Times without a time zone are in the workflow\'s time zone';

/** Created/updated bounds for list filters; "after" includes the instant, "before" excludes it. */
export const timeRangeFilters: INodeProperties[] = [
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description: `Only items created at or after this time. ${dateHint}.`,
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		default: '',
		description: `Only items created before this time. ${dateHint}.`,
	},
	{
		displayName: 'Updated After',
		name: 'updatedAfter',
		type: 'dateTime',
		default: '',
		description: `Only items last updated at or after this time. ${dateHint}.`,
	},
	{
		displayName: 'Updated Before',
		name: 'updatedBefore',
		type: 'dateTime',
		default: '',
		description: `Only items last updated before this time. ${dateHint}.`,
	},
];

export function rawFilterOption(example: string): INodeProperties {
	return {
		displayName: 'OData Filter',
		name: 'rawFilter',
		type: 'string',
		default: '',
		placeholder: example,
		description:
			'Your own OData $filter expression, combined with the other filters by "and". Field names differ between the Graph and legacy APIs.',
	};
}

/** The backend's orderBy for each choice of Sort. */
export const orderBySort = {
	createdAscending: { field: 'createdAt', direction: 'asc' },
	createdDescending: { field: 'createdAt', direction: 'desc' },
	updatedAscending: { field: 'updatedAt', direction: 'asc' },
	updatedDescending: { field: 'updatedAt', direction: 'desc' },
} as const;

export const sortChoices: Array<INodePropertyOptions & { value: keyof typeof orderBySort }> = [
	{ name: 'Least Recently Updated First', value: 'updatedAscending' },
	{ name: 'Most Recently Updated First', value: 'updatedDescending' },
	{ name: 'Newest First', value: 'createdDescending' },
	{ name: 'Oldest First', value: 'createdAscending' },
];

export const sortOption: INodeProperties = {
	displayName: 'Sort',
	name: 'sort',
	type: 'options',
	default: 'createdDescending',
	description: 'Order of the results',
	options: sortChoices,
};

/**
 * Classification, then Determination offering only what fits the chosen classification: one Determination
 * definition per classification, all stored as `determination`, so n8n shows the fitting list.
 */
export function classificationFields(itemName: string): INodeProperties[] {
	const determinationFields = classificationOptions
		.filter(({ value }) => value !== 'unknown')
		.map(
			({ value }): INodeProperties => ({
				displayName: 'Determination',
				name: 'determination',
				type: 'options',
				default: 'other',
				displayOptions: { show: { classification: [value] } },
				options: determinationOptionsFor(value as Classification),
				description: `What the ${itemName} turned out to be; the choices fit ${classificationName(value)}`,
			}),
		);
	return [
		{
			displayName: 'Classification',
			name: 'classification',
			type: 'options',
			// Empty until chosen: adding the field must not pre-select a verdict.
			default: '',
			options: classificationOptions,
			description: `Whether the ${itemName} is a true positive, a false positive or expected activity. Add Determination to say more.`,
		},
		...determinationFields,
	];
}

/** Incident filters the node's Get Many and the trigger share. */
export function assignedToFilter(itemName: 'incident' | 'alert'): INodeProperties {
	return {
		displayName: 'Assigned To',
		name: 'assignedTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. analyst@contoso.com',
		description: `Only ${itemName}s assigned to this user (their sign-in name, as Defender shows it)`,
	};
}

/** The filters incidents and alerts share (both list pages document them, docs/api-contract.md 2.1). */
export function assignmentFilters(itemName: 'incident' | 'alert'): INodeProperties[] {
	return [
		assignedToFilter(itemName),
		{
			displayName: 'Classification',
			name: 'classification',
			type: 'multiOptions',
			default: [],
			options: classificationOptions,
			description: `Only ${itemName}s with one of these classifications`,
		},
		{
			displayName: 'Determination',
			name: 'determination',
			type: 'multiOptions',
			default: [],
			options: allDeterminationOptions,
			description: `Only ${itemName}s with one of these determinations`,
		},
	];
}

/**
 * The Filters of incident and alert Get Many: what both list pages document, the item's statuses, and the
 * resource's own filters.
 */
export function triageFilters(
	itemName: 'incident' | 'alert',
	statusOptions: INodePropertyOptions[],
	rawFilterExample: string,
	ownFilters: INodeProperties[],
): INodeProperties {
	return filtersCollection([
		...assignmentFilters(itemName),
		...timeRangeFilters,
		rawFilterOption(rawFilterExample),
		{ displayName: 'Severity', name: 'severity', type: 'multiOptions', default: [], options: severityOptions, description: `Only ${itemName}s with one of these severities` },
		{ displayName: 'Status', name: 'status', type: 'multiOptions', default: [], options: statusOptions, description: `Only ${itemName}s with one of these statuses` },
		...ownFilters,
	]);
}

/** The Update Fields of an Update, its entries in alphabetical order. */
export function updateFieldsCollection(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Only the fields added here are changed; everything else stays as it is',
		options: alphabetical(fields),
	};
}

/** Include Alerts of incident Get and Get Many (Entities turns it on; see api/presentation.ts). */
export const includeAlertsOption: INodeProperties = {
	displayName: 'Include Alerts',
	name: 'includeAlerts',
	type: 'boolean',
	default: false,
	description: 'Whether to include the alerts of each incident in the output (slower; the legacy API always includes them)',
};

export const incidentTagsFilter: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'e.g. vip, finance',
	description: 'Only incidents carrying all of these tags (comma-separated, without regard to case)',
};

/** Where the Entities option takes the evidence from, as its description says it. */
export const entitiesSources = {
	alert: 'the alert\'s evidence',
	incident: 'the evidence of all the incident\'s alerts (turns on Include Alerts)',
	either: 'an alert\'s evidence, or that of all an incident\'s alerts (turns on Include Alerts)',
};

/**
 * The Entities option: an alert's evidence (or an incident's, over all its alerts) as small deduplicated lists a
 * next node can use, in `entities`.
 */
export function entitiesOption(source: keyof typeof entitiesSources): INodeProperties {
	return {
		displayName: 'Entities',
		name: 'entities',
		type: 'boolean',
		default: false,
		description: `Whether to add "entities": ${entitiesSources[source]} as deduplicated lists of devices, users, IPs, URLs, domains, files, processes, mailboxes, cloud apps and other evidence`,
	};
}

/** An operation's Options collection. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options };
}

/** Output and Row Limit of the operations that return hunting rows: how the rows leave the node, and how many. */
export function rowOutputOptions(
	output: { choices: INodePropertyOptions[]; description: string },
	rowLimit: { defaultRows: number; maximum?: number; description: string },
): INodeProperties {
	const { defaultRows } = rowLimit;
	return optionsCollection([
		{ displayName: 'Output', name: 'output', type: 'options', default: 'rowItems', description: output.description, options: output.choices },
		{
			displayName: 'Row Limit',
			name: 'rowLimit',
			type: 'number',
			typeOptions: { minValue: 1, ...(rowLimit.maximum === undefined ? {} : { maxValue: rowLimit.maximum }) },
			default: defaultRows,
			description: rowLimit.description,
		},
	]);
}

/**
 * Microsoft's advanced hunting pages for the legacy API carry notice MC1220762: retirement began in January 2026.
 * The editor cannot see which API the credential names, so the notice says whom it concerns.
 */
export const legacyHuntingRetirementText =
	'With a credential set to the legacy Defender XDR API: Microsoft has begun retiring its advanced hunting (notice MC1220762, since January 2026; it stops working after 2027-02-01). Set the credential\'s API to Microsoft Graph Security API, the default, which runs the same KQL.';
