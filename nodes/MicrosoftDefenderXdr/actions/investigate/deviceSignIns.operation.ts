import { templateOperation, templateProperties, valueField } from './template';

export const description = templateProperties('deviceSignIns', [
	valueField(
		'Device ID',
		"The device's Defender ID (40 hexadecimal characters, DeviceId in hunting, mdeDeviceId in alert evidence). Answers: which users signed in to it successfully (DeviceLogonEvents), one row per account with first and last sign-in, count and logon types.",
		'e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	),
]);

export const { execute, executeBatch } = templateOperation('deviceSignIns');
