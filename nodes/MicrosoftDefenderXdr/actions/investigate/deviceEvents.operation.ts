import type { INodePropertyOptions } from 'n8n-workflow';

import { deviceIdField, templateOperation, templateProperties } from './template';

export const option: INodePropertyOptions = { name: 'Get Device Events', value: 'deviceEvents', description: 'What ran on a device recently (process events, newest first), by device ID', action: 'Get recent events of a device' };

export const description = templateProperties('deviceEvents', [
	deviceIdField(
		'what ran on it recently (DeviceProcessEvents), newest first: time, file, folder, SHA-256, command line, account and parent process.',
	),
]);

export const { executeBatch } = templateOperation('deviceEvents');
