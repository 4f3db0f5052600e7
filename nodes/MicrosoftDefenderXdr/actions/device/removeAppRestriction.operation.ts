import type { INodePropertyOptions } from 'n8n-workflow';

import { plainDeviceAction } from '../common/endpoint';

export const option: INodePropertyOptions = { name: 'Remove App Restriction', value: 'removeAppRestriction', description: 'Let a device run any app again', action: 'Remove the app restriction of a device' };

export const { description, execute } = plainDeviceAction('removeAppRestriction');
