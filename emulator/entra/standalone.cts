import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readRequestBody } from '../http.cjs';
import { defaultEntraOptions, EntraService, type EntraOptions } from './index.cjs';

/**
 * Entra ID alone on a loopback port, without the Defender APIs: for testing the identity part in isolation and
 * for pointing an OAuth2 client at it. Its clock starts at the wall clock and can be moved.
 */
export interface StandaloneEntra {
	service: EntraService;
	options: EntraOptions;
	/** http://127.0.0.1:port */
	origin: string;
	/** Moves the emulator's clock (not the wall clock) by this many seconds. */
	advanceClock(seconds: number): void;
	/** Stops the emulator's clock where it is (true) or lets it run with the wall clock again (false). */
	freezeClock(frozen: boolean): void;
	close(): Promise<void>;
}

export async function startStandaloneEntra(configure: (options: EntraOptions) => EntraOptions = (options) => options): Promise<StandaloneEntra> {
	let offsetMilliseconds = 0;
	let frozenAt: number | undefined;
	const now = () => new Date((frozenAt ?? Date.now()) + offsetMilliseconds);
	const options = configure(await defaultEntraOptions(now));
	const service = await EntraService.create(options);
	let origin = '';
	const server = createServer((request, response) => {
		void (async () => {
			try {
				const body = await readRequestBody(request);
				const answer = await service.handle({ method: request.method ?? 'GET', url: new URL(request.url ?? '/', origin), headers: request.headers, body }, origin);
				const { status, headers, body: text } = answer ?? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not an Entra ID path.' };
				response.writeHead(status, headers).end(text);
			} catch {
				response.writeHead(500, { 'content-type': 'text/plain' }).end('The emulator failed.');
			}
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		service,
		options,
		origin,
		advanceClock: (seconds) => {
			offsetMilliseconds += seconds * 1000;
		},
		freezeClock: (frozen) => {
			frozenAt = frozen ? Date.now() : undefined;
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
