import type { INodePropertyOptions } from 'n8n-workflow';

import { plainDeviceAction } from '../common/endpoint';

export const option: INodePropertyOptions = { name: 'Release From Isolation', value: 'releaseFromIsolation', description: 'End a device\'s isolation', action: 'Release a device from isolation' };

export const { description, execute } = plainDeviceAction('releaseFromIsolation');
