import type { INodeProperties } from 'n8n-workflow';

import { alphabetical, assignedToFilter, entitiesOption, incidentTagsFilter } from '../descriptions/common';
import {
	alertDetectionSourceOptions,
	alertServiceSourceOptions,
	alertStatusOptions,
	incidentStatusOptions,
	severityOptions,
} from '../model/enums';
import { huntingOptions, huntingProperties } from './hunting';

const incidentEvents = ['incidentCreated', 'incidentUpdated'];
const alertEvents = ['alertCreated', 'alertUpdated'];
/** Options inside the Options collection name the event by its root path. */
const forEvents = (events: string[]) => ({ show: { '/event': events } });

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		default: 'incidentCreated',
		options: [
			{
				name: 'Alert Created',
				value: 'alertCreated',
				description: 'Each new alert (Microsoft Graph only), once, including alerts that appear in Defender minutes after their creation time',
			},
			{
				name: 'Alert Updated',
				value: 'alertUpdated',
				description: 'Each change to an alert (status, assignment, classification, comments), once per change (Microsoft Graph only)',
			},
			{
				name: 'Incident Created',
				value: 'incidentCreated',
				description: 'Each new incident, once, including incidents that appear in Defender minutes after their creation time',
			},
			{
				name: 'Incident Updated',
				value: 'incidentUpdated',
				description: 'Each change to an incident (status, assignment, classification, tags, comments, new alerts), once per change',
			},
			{
				name: 'New Hunting Results',
				value: 'huntingResults',
				description: 'Each row of an advanced hunting query that was not delivered before, once',
			},
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show: { event: incidentEvents } },
		options: alphabetical([
			assignedToFilter('incident'),
			{
				displayName: 'Exclude Redirected',
				name: 'excludeRedirected',
				type: 'boolean',
				default: true,
				description: 'Whether to skip incidents that Defender merged into another incident',
			},
			{
				displayName: 'Severity',
				name: 'severities',
				type: 'multiOptions',
				options: severityOptions,
				default: [],
				description: 'Only incidents of these severities (none selected: all)',
			},
			{
				displayName: 'Status',
				name: 'statuses',
				type: 'multiOptions',
				options: incidentStatusOptions,
				default: [],
				description: 'Only incidents in these statuses (none selected: all)',
			},
			incidentTagsFilter,
		]),
	},
	{
		displayName: 'Filters',
		name: 'alertFilters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show: { event: alertEvents } },
		options: alphabetical([
			{
				displayName: 'Detection Sources',
				name: 'detectionSources',
				type: 'multiOptions',
				options: alertDetectionSourceOptions,
				default: [],
				description: 'Only alerts from these detection sources (none selected: all)',
			},
			{
				displayName: 'Service Sources',
				name: 'serviceSources',
				type: 'multiOptions',
				options: alertServiceSourceOptions,
				default: [],
				description: 'Only alerts from these products (none selected: all)',
			},
			{
				displayName: 'Severities',
				name: 'severities',
				type: 'multiOptions',
				options: severityOptions,
				default: [],
				description: 'Only alerts of these severities (none selected: all)',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: alertStatusOptions,
				default: [],
				description: 'Only alerts in these statuses (none selected: all)',
			},
		]),
	},
	...huntingProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: alphabetical([
			{
				displayName: 'Arrival Overlap (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 15,
				displayOptions: forEvents([...incidentEvents, ...alertEvents]),
				description:
					'How far back each poll looks again, to catch incidents or alerts that become visible after their timestamp (Defender can take about 15 minutes). Items seen again are never delivered twice.',
			},
			{
				displayName: 'Backfill on First Activation (Hours)',
				name: 'backfillHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				displayOptions: forEvents([...incidentEvents, ...alertEvents]),
				description: 'On the first activation, also deliver items from this many hours back (0: start from now)',
			},
			{ ...entitiesOption('either'), displayOptions: forEvents([...incidentEvents, ...alertEvents]) },
			{
				displayName: 'Include Alerts',
				name: 'includeAlerts',
				type: 'boolean',
				default: false,
				displayOptions: forEvents(incidentEvents),
				description: 'Whether to include each incident\'s alerts',
			},
			{
				displayName: 'Max Alerts per Poll',
				name: 'maxAlertsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				displayOptions: forEvents(alertEvents),
				description: 'The most alerts one poll delivers; the rest wait for the next poll and are not skipped',
			},
			{
				displayName: 'Max Incidents per Poll',
				name: 'maxIncidentsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				displayOptions: forEvents(incidentEvents),
				description: 'The most incidents one poll delivers; the rest wait for the next poll and are not skipped',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				displayOptions: forEvents([...incidentEvents, ...alertEvents]),
				description:
					'Whether to deliver a compact incident or alert (ID, title, severity, status, classification, assignee, dates, portal link), the same on both APIs, instead of the full API object',
			},
			...huntingOptions,
		]),
	},
];
