import type { INodePropertyOptions } from 'n8n-workflow';

import { tagOperation } from '../common/endpoint';

export const option: INodePropertyOptions = { name: 'Remove Tag', value: 'removeTag', description: 'Remove a tag from a device', action: 'Remove a tag from a device' };

export const { description, execute } = tagOperation('Remove');
