import { deviceIdField, investigationTemplate } from './template';

export const { option, description, executeBatch } = investigationTemplate(
	{ name: 'Get Device Events', value: 'deviceEvents', description: 'What ran on a device recently (process events, newest first), by device ID', action: 'Get recent events of a device' },
	[
		deviceIdField('what ran on it recently (DeviceProcessEvents), newest first: time, file, folder, SHA-256, command line, account and parent process.'),
	],
);
