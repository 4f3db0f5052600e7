/**
 * The queue-mode suite's workflows. A Webhook trigger is how production work reaches workers in queue mode: the
 * main instance takes the request, Redis queues the execution, a worker runs it, and the main answers the caller
 * with the last node's output.
 */
import type { CredentialFixture, WorkflowFixture } from '../../scripts/n8n/instance.cjs';
import { credentialType, defenderNodeType } from '../e2e/fixtures.cjs';

export const getIncidentNodeName = 'Get Incident';

/** POST {"incidentId": "<id>"} to /webhook/<path>: the Defender node reads that incident and answers with it. */
export function getIncidentWebhookWorkflow(id: string, path: string, credential: CredentialFixture): WorkflowFixture {
	return {
		id,
		name: `Queue ${id}`,
		active: false,
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				// Production webhooks are registered under the node's webhookId.
				webhookId: `${id}-webhook-id`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{
				id: `${id}-get-incident`,
				name: getIncidentNodeName,
				type: defenderNodeType,
				typeVersion: 1,
				position: [300, 0],
				parameters: {
					resource: 'incident',
					operation: 'get',
					incidentId: { __rl: true, mode: 'id', value: '={{ $json.body.incidentId }}' },
					simplify: true,
				},
				credentials: { [credentialType]: { id: credential.id, name: credential.name } },
			},
		],
		connections: { Webhook: { main: [[{ node: getIncidentNodeName, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
