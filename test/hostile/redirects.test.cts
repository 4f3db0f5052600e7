import { json, startHostileServer, type HostileServer } from './server.cjs';
import { all, failure, incidents, openBackend } from './setup.cjs';

/** Case 1: a redirect must not carry the token (or a hunting query) off the configured API. */

let api: HostileServer;
let foreign: HostileServer;
beforeAll(async () => {
	[api, foreign] = await Promise.all([startHostileServer(), startHostileServer()]);
	foreign.answer((_request, response) => json(response, 200, { value: incidents(1, 3) }));
});
afterAll(async () => await Promise.all([api.close(), foreign.close()]));
beforeEach(() => {
	api.received.length = 0;
	foreign.received.length = 0;
});

it.each([301, 302, 303, 307, 308])('refuses a %s redirect to another host and sends nothing there', async (status) => {
	api.answer((_request, response) => {
		response.writeHead(status, { location: `${foreign.origin}/v1.0/security/incidents?stolen=1` });
		response.end();
	});
	const { backend } = await openBackend(api);
	const error = await failure(all(backend.listIncidents({}, { limit: 3 })));
	expect(error.message).toBe(`Refused to follow a redirect to ${foreign.origin}/v1.0/security/incidents: it is outside the configured API ${api.origin}/v1.0`);
	expect(foreign.received).toHaveLength(0);
	expect(api.received).toHaveLength(1);
});

it('does not re-send a hunting query to the host a 307 points at', async () => {
	api.answer((_request, response) => {
		response.writeHead(307, { location: `${foreign.origin}/v1.0/security/runHuntingQuery` });
		response.end();
	});
	const { backend } = await openBackend(api);
	const error = await failure(backend.runHuntingQuery('DeviceProcessEvents | take 1'));
	expect(error.message).toContain('Refused to follow a redirect');
	expect(foreign.received).toHaveLength(0);
});

it('refuses a redirect to the same host outside the API base path', async () => {
	api.answer((_request, response) => {
		response.writeHead(302, { location: '/elsewhere/collect' });
		response.end();
	});
	const { backend } = await openBackend(api);
	const error = await failure(all(backend.listIncidents({}, { limit: 3 })));
	expect(error.message).toBe(`Refused to follow a redirect to ${api.origin}/elsewhere/collect: it is outside the configured API ${api.origin}/v1.0`);
	expect(api.received).toHaveLength(1);
});

it('follows a redirect inside the configured API, signed, and keeps a 307 a POST with its body', async () => {
	api.answer((request, response) => {
		if (request.url.pathname === '/v1.0/security/runHuntingQuery') {
			response.writeHead(307, { location: '/v1.0/security/moved/runHuntingQuery' });
			response.end();
			return;
		}
		json(response, 200, { schema: [{ name: 'Column1', type: 'Int64' }], results: [{ Column1: 1 }] });
	});
	const { backend } = await openBackend(api);
	await backend.runHuntingQuery('print 1');
	expect(api.received.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
		'POST /v1.0/security/runHuntingQuery',
		'POST /v1.0/security/moved/runHuntingQuery',
	]);
	expect(api.received[1].headers.authorization).toBe(`Bearer ${api.accessToken}`);
	expect(JSON.parse(api.received[1].body)).toEqual(JSON.parse(api.received[0].body));
});

it('stops a redirect loop inside the API', async () => {
	api.answer((request, response) => {
		response.writeHead(302, { location: request.url.pathname.endsWith('/a') ? '/v1.0/security/b' : '/v1.0/security/a' });
		response.end();
	});
	const { backend } = await openBackend(api, { policy: { maxAttempts: 1 } });
	const error = await failure(backend.getIncident('1'));
	expect(error.message).toContain('more than 5 redirects');
	expect(api.received.length).toBeLessThanOrEqual(6);
});
