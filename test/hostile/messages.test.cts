import { json, startHostileServer, type HostileServer } from './server.cjs';
import { failure, openBackend } from './setup.cjs';

/** Case 14: network and sign-in failures read as this package's messages, not n8n's generic ones. */

let api: HostileServer;
let closedOrigin: string;
beforeAll(async () => {
	api = await startHostileServer();
	const closed = await startHostileServer();
	closedOrigin = closed.origin;
	await closed.close();
});
afterAll(async () => await api.close());
afterEach(() => {
	api.answerSignIn(undefined);
	api.received.length = 0;
});

it('says which API it could not reach when the connection is refused', async () => {
	const { backend } = await openBackend(api, { credentials: { customApiUrl: closedOrigin }, policy: { maxAttempts: 1 } });
	const error = await failure(backend.getIncident('1'));
	expect(error.message).toBe(`Could not reach Microsoft Defender XDR at ${closedOrigin} (ECONNREFUSED)`);
});

it('says the connection dropped, in its own words, when the API hangs up', async () => {
	api.answer((_request, response) => response.socket?.destroy());
	const { backend } = await openBackend(api, { policy: { maxAttempts: 2 } });
	const error = await failure(backend.getIncident('1'));
	expect(error.message).toBe(`Could not reach Microsoft Defender XDR at ${api.origin} (ECONNRESET)`);
	expect(error.description).toContain('Gave up after 2 attempts');
});

it('says sign-in failed, with Entra ID\'s reason, when the token endpoint refuses the secret', async () => {
	api.answerSignIn((_request, response) =>
		json(response, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }),
	);
	const { backend } = await openBackend(api);
	const error = await failure(backend.getIncident('1'));
	expect(error.message).toBe('Could not sign in to Microsoft Entra ID: AADSTS7000215: Invalid client secret provided.');
	expect(error.description).toContain('Client ID and client secret');
	expect(api.received).toHaveLength(0);
});

it('says which sign-in service it could not reach', async () => {
	const { backend } = await openBackend(api, { credentials: { customLoginUrl: closedOrigin } });
	const error = await failure(backend.getIncident('1'));
	expect(error.message).toBe(`Could not reach the sign-in service at ${closedOrigin} (ECONNREFUSED)`);
});
