import type { IDataObject } from 'n8n-workflow';

import { MicrosoftDefenderXdrTrigger } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { createExecuteContext, createPollContext } from '../harness/n8nContext.cjs';
import { json, startHostileServer, type HostileServer } from './server.cjs';
import { clientSecret, hostileCredentials, incident } from './setup.cjs';

/**
 * Issue 21, observation 5, on the Microsoft Defender XDR resources and the trigger: free text in Defender's
 * answers that repeats the client secret or the access token (an incident's description, a comment) is redacted
 * in the output item, as it is in errors.
 */

let api: HostileServer;
beforeAll(async () => (api = await startHostileServer()));
afterAll(async () => await api.close());

it('redacts the secret and the token that an incident\'s free text repeats', async () => {
	api.answer((request, response) => {
		const authorization = String(request.headers.authorization ?? '');
		json(response, 200, { ...incident(7), description: `Seen with ${clientSecret} and ${authorization}`, comments: [{ comment: `token ${authorization.replace(/^Bearer /, '')}` }] });
	});
	const { context, harness } = createExecuteContext({ parameters: { resource: 'incident', operation: 'get', incidentId: { __rl: true, mode: 'id', value: '7' }, simplify: false }, credentials: hostileCredentials(api) });
	const [items] = await router.call(context, async (execute) => await createBackend(execute, { retryBaseMilliseconds: 5 }));
	const item = items[0].json as IDataObject;
	const token = String((harness.credentials.oauthTokenData as IDataObject).access_token);
	expect(item.description).toBe('Seen with [redacted] and Bearer [redacted]');
	expect(JSON.stringify(item)).not.toContain(token);
	expect(JSON.stringify(item)).not.toContain(clientSecret);
});

it('redacts them in the trigger\'s items too', async () => {
	const at = new Date(Date.now() - 60_000).toISOString();
	api.answer((request, response) => {
		const authorization = String(request.headers.authorization ?? '');
		json(response, 200, { value: [{ ...incident(8), createdDateTime: at, lastUpdateDateTime: at, description: `Seen with ${clientSecret} and ${authorization}` }] });
	});
	const { context } = createPollContext({ credentials: hostileCredentials(api), parameters: { event: 'incidentCreated', options: { backfillHours: 1, simplify: false } }, staticData: {}, pollBudgetMs: 60_000 });
	const output = await new MicrosoftDefenderXdrTrigger().poll.call(context);
	expect(output?.[0].map((item) => item.json.description)).toEqual(['Seen with [redacted] and Bearer [redacted]']);
});
