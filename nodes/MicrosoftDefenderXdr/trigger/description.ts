import type { INodeProperties } from 'n8n-workflow';

import { alphabetical, assignedToFilter, incidentTagsFilter } from '../descriptions/common';
import { incidentStatusOptions, severityOptions } from '../model/enums';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		default: 'incidentCreated',
		options: [
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
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: alphabetical([
			assignedToFilter,
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
				description:
					'How far back each poll looks again, to catch incidents that become visible after their timestamp (Defender can take about 15 minutes). Incidents seen again are never delivered twice.',
			},
			{
				displayName: 'Backfill on First Activation (Hours)',
				name: 'backfillHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'On the first activation, also deliver incidents from this many hours back (0: start from now)',
			},
			{
				displayName: 'Include Alerts',
				name: 'includeAlerts',
				type: 'boolean',
				default: false,
				description: 'Whether to include each incident\'s alerts',
			},
			{
				displayName: 'Max Incidents per Poll',
				name: 'maxIncidentsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'The most incidents one poll delivers; the rest wait for the next poll and are not skipped',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to deliver a compact incident (ID, title, severity, status, classification, assignee, dates, portal link), the same on both APIs, instead of the full API object',
			},
		]),
	},
];
