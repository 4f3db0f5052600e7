import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A deliberately broken or hostile API on loopback: a sign-in endpoint shaped like Entra ID's (it hands out the
 * token the test chooses) and, for everything else, whatever answer the test scripts. It records every request
 * it receives, with its headers and body, so a test can see exactly what n8n core sent where.
 */

export interface ReceivedRequest {
	method: string;
	url: URL;
	headers: IncomingHttpHeaders;
	body: string;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => unknown;

export interface HostileServer {
	/** `http://127.0.0.1:<port>`: the origin to give the credential as login and API URL. */
	origin: string;
	/** Requests to anything but the token endpoint, in order of arrival. */
	received: ReceivedRequest[];
	/** Token requests, in order of arrival. */
	tokenRequests: ReceivedRequest[];
	/** The access token the sign-in endpoint hands out (opaque unless a test sets a JWT). */
	accessToken: string;
	/** Scripts the API's answers. */
	answer(handler: Handler): void;
	/** Scripts the sign-in endpoint's answer instead of a token. */
	answerSignIn(handler: Handler | undefined): void;
	close(): Promise<void>;
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
	response.end(text);
}

export async function startHostileServer(): Promise<HostileServer> {
	let handler: Handler = (_request, response) => json(response, 404, { error: { code: 'NotFound', message: 'Nothing scripted' } });
	let signInHandler: Handler | undefined;
	const sockets = new Set<Socket>();
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const received: ReceivedRequest = {
				method: request.method ?? 'GET',
				url: new URL(request.url ?? '/', hostile.origin),
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			if (received.url.pathname.endsWith('/oauth2/v2.0/token')) {
				hostile.tokenRequests.push(received);
				if (signInHandler) return void signInHandler(received, response);
				return json(response, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: hostile.accessToken });
			}
			hostile.received.push(received);
			void Promise.resolve(handler(received, response)).catch(() => response.destroy());
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('The hostile server has no port');
	const hostile: HostileServer = {
		origin: `http://127.0.0.1:${address.port}`,
		received: [],
		tokenRequests: [],
		accessToken: 'opaque-access-token-0123456789abcdef',
		answer: (next) => (handler = next),
		answerSignIn: (next) => (signInHandler = next),
		close: async () => {
			// Hung answers keep their connections open: end them, or close() would wait for them forever.
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return hostile;
}
