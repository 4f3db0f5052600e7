import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { createExecuteContext } from '../harness/n8nContext.cjs';
import { json, startHostileServer, type HostileServer } from './server.cjs';
import { clientSecret, failure, hostileCredentials, openBackend } from './setup.cjs';

/** Cases 5 and 9: what a server echoes never reaches a message, and reading it cannot freeze n8n. */

let api: HostileServer;
beforeAll(async () => (api = await startHostileServer()));
afterAll(async () => await api.close());

function echoSecrets() {
	api.answer((request, response) =>
		json(response, 400, {
			error: { code: 'BadRequest', message: `Rejected ${request.headers.authorization?.replace(/^Bearer /, '') ?? ''} for client secret ${clientSecret}` },
		}),
	);
}

it('scrubs an opaque token and the client secret echoed in an error body from the message', async () => {
	echoSecrets();
	const { backend } = await openBackend(api);
	const error = await failure(backend.getIncident('1'));
	const shown = `${error.message} ${error.description ?? ''}`;
	expect(error.message).toContain('Microsoft Defender XDR rejected the request: Rejected [redacted] for client secret [redacted]');
	expect(shown).not.toContain(api.accessToken);
	expect(shown).not.toContain(clientSecret);
});

it('scrubs them from the Continue On Fail output too', async () => {
	echoSecrets();
	const { context } = createExecuteContext({
		parameters: { resource: 'incident', operation: 'get', incidentId: { __rl: true, mode: 'id', value: '1' }, simplify: true, options: {} },
		credentials: hostileCredentials(api),
		continueOnFail: true,
	});
	const [items] = await router.call(context, (execute) => createBackend(execute, { retryBaseMilliseconds: 5 }));
	const output = JSON.stringify(items);
	expect(output).toContain('[redacted]');
	expect(output).not.toContain(api.accessToken);
	expect(output).not.toContain(clientSecret);
});

it('reads a 120 kB error body full of "eyJ" without freezing the event loop', async () => {
	const body = `eyJ${'eyJhbGciOi'.repeat(12_000)}`;
	api.answer((_request, response) => json(response, 400, { error: { code: 'BadRequest', message: body } }));
	const { backend } = await openBackend(api);
	const error = await failure(backend.getIncident('1'));
	expect(error.message.length).toBeLessThan(1_000);
	// A redactor that backtracks blocks the event loop for tens of seconds; once it is free again, jest's own
	// timeout timer (already due) runs before this one, so a blocking redactor fails here rather than passing late.
	await new Promise((resolve) => setTimeout(resolve, 1));
}, 5_000);
