import { deviceIdField, templateOperation, templateProperties } from './template';

export const description = templateProperties('deviceSignIns', [
	deviceIdField(
		'which users signed in to it successfully (DeviceLogonEvents), one row per account with first and last sign-in, count and logon types.',
	),
]);

export const { executeBatch } = templateOperation('deviceSignIns');
