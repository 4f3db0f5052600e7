import type { INodePropertyOptions } from 'n8n-workflow';

import { tagOperation } from '../common/endpoint';

export const option: INodePropertyOptions = { name: 'Add Tag', value: 'addTag', description: 'Add a tag to a device', action: 'Add a tag to a device' };

export const { description, execute } = tagOperation('Add');
