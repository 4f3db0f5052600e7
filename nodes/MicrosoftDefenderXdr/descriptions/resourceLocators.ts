import type { INodeProperties } from 'n8n-workflow';

import { alertReference, idRegex, incidentReference, portalLinkRegex } from '../model/references';

export const incidentLocator: INodeProperties = {
	displayName: 'Incident',
	name: 'incidentId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The incident to act on: its numeric ID (e.g. 924521) or its Defender portal link',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an incident...',
			typeOptions: { searchListMethod: 'searchIncidents', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 924521',
			url: '=https://security.microsoft.com/incidents/{{$value}}',
			validation: [
				{
					type: 'regex',
					properties: { regex: idRegex(incidentReference), errorMessage: 'An incident ID is a number, e.g. 924521' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://security.microsoft.com/incidents/924521?tid=...',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: portalLinkRegex(incidentReference),
						errorMessage: 'Paste the link of an incident page in the Defender portal',
					},
				},
			],
		},
	],
};

export const alertLocator: INodeProperties = {
	displayName: 'Alert',
	name: 'alertId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The alert to act on: its ID (e.g. da637551227677560813_-961444813) or its Defender portal link',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an alert...',
			typeOptions: { searchListMethod: 'searchAlerts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. da637551227677560813_-961444813',
			url: '=https://security.microsoft.com/alerts/{{$value}}',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: idRegex(alertReference),
						errorMessage: 'An alert ID has only letters, digits, "_" and "-"',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://security.microsoft.com/alerts/da637551227677560813_-961444813',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: portalLinkRegex(alertReference),
						errorMessage: 'Paste the link of an alert page in the Defender portal',
					},
				},
			],
		},
	],
};
