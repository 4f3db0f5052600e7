import { deviceIdField, investigationTemplate } from './template';

export const { option, description, executeBatch } = investigationTemplate(
	{ name: 'Get Device Sign-Ins', value: 'deviceSignIns', description: 'Which users signed in to a device, by device ID', action: 'Get users who signed in to a device' },
	[
		deviceIdField('which users signed in to it successfully (DeviceLogonEvents), one row per account with first and last sign-in, count and logon types.'),
	],
);
