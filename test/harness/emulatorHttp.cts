import type { Emulator } from '../../emulator/index.cjs';

/** Plain HTTP calls to the emulator's APIs with a client-credentials token of one of its apps. */

export interface CallOptions {
	method?: string;
	body?: unknown;
	app?: string;
	headers?: Record<string, string>;
	bearer?: string;
}

export interface CallAnswer {
	status: number;
	headers: Headers;
	body: Record<string, any>;
}

export function emulatorHttp(emulator: () => Emulator) {
	const tokens: Record<string, string> = {};

	async function token(appName: string, resource: string): Promise<string> {
		const key = `${appName}|${resource}`;
		if (tokens[key]) return tokens[key];
		const app = emulator().apps.find((candidate) => candidate.name === appName);
		const response = await fetch(`${emulator().baseUrl}/${emulator().tenantId}/oauth2/v2.0/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app!.clientId, client_secret: app!.clientSecret!, scope: `${resource}/.default` }),
		});
		const body = (await response.json()) as { access_token: string };
		tokens[key] = body.access_token;
		return body.access_token;
	}

	/** `path` starts with `/v1.0` (Graph) or `/api` (legacy); the token's audience follows. */
	async function call(path: string, options: CallOptions = {}): Promise<CallAnswer> {
		const resource = path.startsWith('/api') ? 'https://api.security.microsoft.com' : 'https://graph.microsoft.com';
		const bearer = options.bearer ?? (await token(options.app ?? 'full', resource));
		const response = await fetch(`${emulator().baseUrl}${path}`, {
			method: options.method ?? 'GET',
			headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...options.headers },
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
		const text = await response.text();
		return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
	}

	return { token, call, tokens };
}
