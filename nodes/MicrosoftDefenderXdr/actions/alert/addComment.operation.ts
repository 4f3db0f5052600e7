import type { INodePropertyOptions } from 'n8n-workflow';

import { alertLocator } from '../../descriptions/resourceLocators';
import { commentOperation } from '../common/comment';
import { readAlertId } from '../common/locator';

export const option: INodePropertyOptions = { name: 'Add Comment', value: 'addComment', description: 'Add a comment to an alert', action: 'Add a comment to an alert' };

export const { description, execute } = commentOperation('alert', alertLocator, readAlertId, async (backend, alertId, comment) => await backend.addAlertComment(alertId, comment));
