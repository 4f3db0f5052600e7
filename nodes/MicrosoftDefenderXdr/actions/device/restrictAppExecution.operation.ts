import type { INodePropertyOptions } from 'n8n-workflow';

import { plainDeviceAction } from '../common/endpoint';

export const option: INodePropertyOptions = { name: 'Restrict App Execution', value: 'restrictAppExecution', description: 'Let a device run only Microsoft-signed apps', action: 'Restrict app execution on a device' };

export const { description, execute } = plainDeviceAction('restrictAppExecution');
