import type { IDataObject } from 'n8n-workflow';

import { json, startHostileServer, type HostileServer } from './server.cjs';
import { failure, incident, openBackend } from './setup.cjs';

/** Cases 8 and 12: a comment is added exactly once whatever fails, and an empty Get answer is an error. */

let api: HostileServer;
beforeAll(async () => (api = await startHostileServer()));
afterAll(async () => await api.close());
beforeEach(() => (api.received.length = 0));

/** An incident whose comments the server stores; `onPost` decides how each POST of a comment is answered. */
function commentedIncident(existing: string[], onPost: (attempt: number, store: () => IDataObject[], response: Parameters<Parameters<HostileServer['answer']>[0]>[1]) => void) {
	const comments: IDataObject[] = existing.map((comment) => ({ comment, createdBy: 'analyst@contoso.example' }));
	let attempts = 0;
	api.answer((request, response) => {
		if (request.method === 'POST' && request.url.pathname.endsWith('/comments')) {
			const store = () => {
				comments.push({ comment: (JSON.parse(request.body) as IDataObject).comment, createdBy: 'n8n' });
				return comments;
			};
			return onPost(++attempts, store, response);
		}
		json(response, 200, { ...incident(7), comments });
	});
	return comments;
}

const posts = () => api.received.filter((request) => request.method === 'POST').length;

it('adds the comment after a 503 although the incident already had one with the same text', async () => {
	const comments = commentedIncident(['Escalated to tier 2'], (attempt, store, response) => {
		if (attempt === 1) return json(response, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
		json(response, 201, { value: store() });
	});
	const { backend } = await openBackend(api);
	const result = await backend.addIncidentComment('7', 'Escalated to tier 2');
	expect(comments.map((entry) => entry.comment)).toEqual(['Escalated to tier 2', 'Escalated to tier 2']);
	expect(result.comments).toHaveLength(2);
	expect(posts()).toBe(2);
});

it('reports success, and does not post again, when the comment was stored and the answer cut off', async () => {
	const comments = commentedIncident([], (_attempt, store, response) => {
		const body = JSON.stringify({ value: store() });
		response.writeHead(201, { 'content-type': 'application/json', 'content-length': String(body.length) });
		response.write(body.slice(0, 10), () => response.socket?.destroy());
	});
	const { backend } = await openBackend(api);
	const result = await backend.addIncidentComment('7', 'Contained');
	expect(comments.map((entry) => entry.comment)).toEqual(['Contained']);
	expect(result.comments).toEqual([{ comment: 'Contained', createdBy: 'n8n' }]);
	expect(posts()).toBe(1);
});

it.each([
	['an empty object', (response: Parameters<Parameters<HostileServer['answer']>[0]>[1]) => json(response, 200, {})],
	['204 No Content', (response: Parameters<Parameters<HostileServer['answer']>[0]>[1]) => response.writeHead(204).end()],
	['an empty body', (response: Parameters<Parameters<HostileServer['answer']>[0]>[1]) => response.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end()],
])('refuses %s as the answer to Get Incident', async (_name, answer) => {
	api.answer((_request, response) => answer(response));
	for (const credentials of [{ api: 'graph' }, { api: 'legacy' }]) {
		const { backend } = await openBackend(api, { credentials });
		const error = await failure(backend.getIncident('42'));
		expect(error.message).toBe('Microsoft Defender XDR sent an empty answer for Incident 42');
	}
});

it('refuses an empty answer to Get Alert', async () => {
	api.answer((_request, response) => json(response, 200, {}));
	const { backend } = await openBackend(api);
	const error = await failure(backend.getAlert('da637'));
	expect(error.message).toBe('Microsoft Defender XDR sent an empty answer for Alert da637');
});
