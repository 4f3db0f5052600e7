import { deviceIdField, templateOperation, templateProperties } from './template';

export const description = templateProperties('deviceEvents', [
	deviceIdField(
		'what ran on it recently (DeviceProcessEvents), newest first: time, file, folder, SHA-256, command line, account and parent process.',
	),
]);

export const { executeBatch } = templateOperation('deviceEvents');
