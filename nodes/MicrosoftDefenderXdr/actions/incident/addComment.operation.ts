import type { INodePropertyOptions } from 'n8n-workflow';

import { incidentLocator } from '../../descriptions/resourceLocators';
import { commentOperation } from '../common/comment';
import { readIncidentId } from '../common/locator';

export const option: INodePropertyOptions = { name: 'Add Comment', value: 'addComment', description: 'Add a comment to an incident', action: 'Add a comment to an incident' };

export const { description, execute } = commentOperation('incident', incidentLocator, readIncidentId, async (backend, incidentId, comment) => await backend.addIncidentComment(incidentId, comment));
