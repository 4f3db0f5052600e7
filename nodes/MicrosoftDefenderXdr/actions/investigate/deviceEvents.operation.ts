import { templateOperation, templateProperties, valueField } from './template';

export const description = templateProperties('deviceEvents', [
	valueField(
		'Device ID',
		"The device's Defender ID (40 hexadecimal characters, DeviceId in hunting, mdeDeviceId in alert evidence). Answers: what ran on it recently (DeviceProcessEvents), newest first: time, file, folder, SHA-256, command line, account and parent process.",
		'e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	),
]);

export const { execute, executeBatch } = templateOperation('deviceEvents');
