import type { INodeProperties } from 'n8n-workflow';

import { deviceReference } from '../model/endpoint';
import { idRegex, portalLinkRegex } from '../model/references';

/** UI fragments shared by the Defender for Endpoint resources (Device, Device Action, Indicator). */

export const endpointResources = ['device', 'deviceAction', 'indicator'];

export const retirementNotice: INodeProperties = {
	displayName:
		'These resources use the Microsoft Defender for Endpoint API. Microsoft\'s notice MC1220762 says the Defender for Endpoint and XDR APIs stop working after 2027-02-01, while Microsoft\'s pages for these actions carry no retirement banner yet and Microsoft Graph has no on-demand replacement. See the README\'s retirement section.',
	name: 'endpointRetirementNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { resource: endpointResources } },
};

export const deviceLocator: INodeProperties = {
	displayName: 'Device',
	name: 'deviceId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The device: its Defender device ID (40 hexadecimal characters, the DeviceId of hunting results) or its portal link',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a device...',
			typeOptions: { searchListMethod: 'searchDevices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
			url: '=https://security.microsoft.com/machines/{{$value}}',
			validation: [{ type: 'regex', properties: { regex: idRegex(deviceReference), errorMessage: 'A device ID is 40 hexadecimal characters' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://security.microsoft.com/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
			validation: [{ type: 'regex', properties: { regex: portalLinkRegex(deviceReference), errorMessage: 'Paste the link of a device page in the Defender portal' } }],
		},
	],
};

export function actionCommentField(): INodeProperties {
	return {
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. Contained during incident 924521',
		description: 'Why: Defender requires it and shows it in the action center',
	};
}

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60 },
		default: 10,
		description: 'With Wait for Completion: the longest the node waits for the action to end; polls stay well within Defender\'s 100 calls a minute',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: 'Whether to poll the action until it succeeded, failed, timed out or was cancelled; the output is the action as it succeeded; a failed, timed-out or cancelled action is an error with Defender\'s reason',
	},
];
