import { apiErrorMessage, clip, readExchangeFailure, redact, retryAfterMilliseconds, type ExchangeFailure } from '../../nodes/MicrosoftDefenderXdr/transport/failures';

const now = new Date('2026-06-01T12:00:00Z');
const throttled = (headers: Record<string, unknown>, body?: unknown): ExchangeFailure => ({ status: 429, headers, body, message: '' });

describe('redact', () => {
	const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGkifQ.c2lnbmF0dXJl';

	it('removes bearer values and JWTs', () => {
		expect(redact(`Authorization: Bearer abc.def-123 and ${jwt}`)).toBe('Authorization: Bearer [redacted] and [redacted token]');
	});

	it('removes the given secrets whatever their shape, and leaves ordinary text', () => {
		expect(redact('secret s3cr3t~value.with/odd+chars echoed', ['s3cr3t~value.with/odd+chars'])).toBe('secret [redacted] echoed');
		expect(redact('a short word stays', ['short'])).toBe('a short word stays');
	});

	it('is linear on a body full of "eyJ"', async () => {
		const body = `eyJ${'eyJhbGciOi'.repeat(12_000)}`;
		expect(redact(body)).toBe(body);
		// A backtracking pattern blocks the event loop for tens of seconds; jest's own (already due) timeout timer
		// then runs before this one, so the test fails instead of passing late.
		await new Promise((resolve) => setTimeout(resolve, 1));
	}, 5_000);

	it('clips after redacting, so no secret is cut in half and left readable', () => {
		expect(clip('x'.repeat(600))).toHaveLength(501);
		expect(clip('short')).toBe('short');
	});
});

describe('retryAfterMilliseconds', () => {
	it('reads seconds, HTTP dates and the legacy quota window', () => {
		expect(retryAfterMilliseconds(throttled({ 'Retry-After': '7' }), now)).toBe(7000);
		expect(retryAfterMilliseconds(throttled({ 'retry-after': 'Mon, 01 Jun 2026 12:00:30 GMT' }), now)).toBe(30_000);
		expect(retryAfterMilliseconds(throttled({}, { error: { message: 'API calls quota exceeded! maximum allowed 50 per 00:01:00' } }), now)).toBe(60_000);
	});

	it('treats zero, negative, past and unreadable waits as no answer (the caller backs off)', () => {
		for (const value of ['0', '-5', 'Mon, 01 Jun 2020 12:00:00 GMT', 'soon', '']) {
			expect(retryAfterMilliseconds(throttled({ 'retry-after': value }), now)).toBeUndefined();
		}
		expect(retryAfterMilliseconds(throttled({}, { error: { message: 'maximum allowed 50 per 00:00:00' } }), now)).toBeUndefined();
	});
});

describe('readExchangeFailure', () => {
	it('reads status, headers and body of an HTTP error wrapped by n8n', () => {
		const failure = readExchangeFailure({ cause: { message: 'Request failed', response: { status: 302, headers: { location: 'https://elsewhere.test/' }, data: '' } } });
		expect(failure).toMatchObject({ status: 302, location: 'https://elsewhere.test/', networkCode: undefined });
	});

	it('reads an answer cut off after a success status as a dropped connection', () => {
		const failure = readExchangeFailure({ cause: { message: 'stream has been aborted', code: 'ERR_BAD_RESPONSE', response: { status: 200, headers: {} } } });
		expect(failure).toMatchObject({ networkCode: 'ERR_BAD_RESPONSE', message: 'an answer that was cut off' });
		expect(failure.status).toBeUndefined();
	});

	it('finds network codes anywhere in the chain of causes, and timeouts', () => {
		expect(readExchangeFailure({ cause: { cause: { code: 'EHOSTUNREACH' } } }).networkCode).toBe('EHOSTUNREACH');
		expect(readExchangeFailure({ cause: { code: 'ECONNABORTED', message: 'timeout of 300ms exceeded' } })).toMatchObject({ networkCode: 'ECONNABORTED', timedOut: true });
	});

	it('reads a sign-in failure with the sign-in service\'s reason', () => {
		const error = { message: 'Failed to acquire OAuth2 access token: Client authentication failed', cause: { name: 'AuthError', message: 'Client authentication failed', body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } } };
		expect(readExchangeFailure({ cause: error }).signIn).toBe('AADSTS7000215: Invalid client secret provided.');
	});
});

describe('apiErrorMessage', () => {
	it('reads Microsoft\'s and Entra\'s error shapes', () => {
		expect(apiErrorMessage({ error: { code: 'BadRequest', message: 'Invalid filter' } })).toBe('Invalid filter');
		expect(apiErrorMessage('{"error":"invalid_grant","error_description":"AADSTS70008"}')).toBe('AADSTS70008');
		expect(apiErrorMessage(new TextEncoder().encode('plain text'))).toBe('plain text');
	});
});
