import { json, startHostileServer, type HostileServer } from './server.cjs';
import { all, failure, incidents, openBackend } from './setup.cjs';

/** Cases 4 and 6: every wait spends one budget, and an API that never answers cannot hold a request. */

let api: HostileServer;
beforeAll(async () => (api = await startHostileServer()));
afterAll(async () => await api.close());
beforeEach(() => (api.received.length = 0));

/** Throttles `times` requests (a client spinning on a zero wait gets through after that), then answers. */
function throttle(times: number, headers: Record<string, string>, body: unknown = { error: { code: 'TooManyRequests', message: 'Too many requests' } }) {
	let throttled = 0;
	api.answer((_request, response) => {
		if (throttled++ < times) return json(response, 429, body, headers);
		json(response, 200, { value: incidents(1, 1) });
	});
}

it.each([
	['0', { 'retry-after': '0' }],
	['negative', { 'retry-after': '-5' }],
	['a date already past', { 'retry-after': new Date(Date.UTC(2020, 0, 1)).toUTCString() }],
])('gives up within the budget when Retry-After is %s instead of retrying forever', async (_name, headers) => {
	throttle(500, headers);
	const { backend } = await openBackend(api, { policy: { maxWaitMilliseconds: 400 } });
	const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
	expect(error.message).toBe('Microsoft Defender XDR is throttling requests (HTTP 429)');
	expect(api.received.length).toBeLessThan(100);
});

it('gives up within the budget on the legacy quota body "per 00:00:00"', async () => {
	throttle(500, {}, { error: { code: 'TooManyRequests', message: 'API calls quota exceeded! maximum allowed 50 per 00:00:00' } });
	const { backend } = await openBackend(api, { credentials: { api: 'legacy' }, policy: { maxWaitMilliseconds: 400 } });
	const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
	expect(error.message).toBe('Microsoft Defender XDR is throttling requests (HTTP 429)');
	expect(api.received.length).toBeLessThan(100);
});

it('does not turn a Retry-After beyond the timer limit into an immediate retry', async () => {
	throttle(1, { 'retry-after': String(30 * 24 * 3600) });
	const { backend } = await openBackend(api, { credentials: { maxWaitSeconds: 365 * 24 * 3600 } });
	const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
	expect(error.message).toBe('Microsoft Defender XDR is throttling requests (HTTP 429)');
	expect(error.description).toContain('wait 2592000 seconds');
	expect(api.received).toHaveLength(1);
});

it('counts the pacing wait against the budget', async () => {
	throttle(1, { 'retry-after': '0.01' });
	const { backend } = await openBackend(api, { policy: { maxWaitMilliseconds: 400, pacedRate: { requests: 1, windowMilliseconds: 3_600_000 } } });
	const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
	expect(error.message).toBe('Microsoft Defender XDR is throttling requests (HTTP 429)');
	expect(api.received).toHaveLength(1);
}, 10_000);

it('counts server errors and dropped connections against the same budget', async () => {
	// Each attempt takes 150 ms before it fails: pauses of a few milliseconds would never add up to the budget.
	let answered = 0;
	api.answer((_request, response) =>
		setTimeout(() => (answered++ % 2 === 0 ? json(response, 503, { error: { message: 'busy' } }) : response.socket?.destroy()), 150),
	);
	const { backend } = await openBackend(api, { policy: { maxWaitMilliseconds: 300, retryBaseMilliseconds: 1, maxAttempts: 100 } });
	await failure(all(backend.listIncidents({}, { limit: 1 })));
	expect(api.received.length).toBeLessThanOrEqual(3);
});

it('times a request out at the end of the budget when the API never answers', async () => {
	api.answer(() => undefined);
	const { backend } = await openBackend(api, { policy: { maxWaitMilliseconds: 300, minimumAttemptMilliseconds: 200 } });
	const error = await failure(all(backend.listIncidents({}, { limit: 1 })));
	expect(error.message).toMatch(/^Microsoft Defender XDR did not answer within \d+ seconds$/);
	expect(api.received).toHaveLength(1);
}, 20_000);
