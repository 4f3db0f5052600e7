import type { INodePropertyOptions } from 'n8n-workflow';

import { deviceIdField, templateOperation, templateProperties } from './template';

export const option: INodePropertyOptions = { name: 'Get Device Sign-Ins', value: 'deviceSignIns', description: 'Which users signed in to a device, by device ID', action: 'Get users who signed in to a device' };

export const description = templateProperties('deviceSignIns', [
	deviceIdField(
		'which users signed in to it successfully (DeviceLogonEvents), one row per account with first and last sign-in, count and logon types.',
	),
]);

export const { executeBatch } = templateOperation('deviceSignIns');
