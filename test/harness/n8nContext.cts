import { NodeApiError, type ICredentialDataDecryptedObject, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions, type IPollFunctions } from 'n8n-workflow';

import { accessTokenUrl, authorizationUrl, oauthScope } from '../../nodes/MicrosoftDefenderXdr/model/clouds';
import { readCredentialFields } from '../../nodes/MicrosoftDefenderXdr/auth/credentialFields';
import { buildClientAssertion } from './clientAssertion.cjs';
import { fakeContext, testNode, type FakeContextOptions } from '../node/fakes.cjs';

/**
 * In-process stand-ins for n8n's execute and poll contexts whose OAuth2 behaves like n8n core's: the token lives
 * in the credential's oauthTokenData (like n8n's database), is fetched when missing (client credentials) and
 * renewed once after a 401 (client credentials again, or the refresh token), and failures are thrown as
 * NodeApiError wrapping an HTTP-client-like error with `response: { status, headers, data }` or a network `code`.
 */

export type TestCredentials = IDataObject & { oauthTokenData?: IDataObject };

export interface HttpRecord {
	method: string;
	url: string;
	status?: number;
	authorization?: string;
	/** performance.now() when the request left. */
	sentAt?: number;
}

export interface OAuthHarness {
	credentials: TestCredentials;
	/** Every request the node sent, with the Authorization header it carried. */
	requests: HttpRecord[];
}

/** An error shaped like the HTTP client's that n8n wraps in NodeApiError. */
function httpClientError(message: string, extra: IDataObject): Error {
	return Object.assign(new Error(message), extra);
}

function networkCodeOf(error: unknown): string {
	const cause = (error as { cause?: { code?: string } }).cause;
	const code = cause?.code ?? (error as { code?: string }).code ?? '';
	return code.startsWith('UND_ERR') || code === '' ? 'ECONNRESET' : code;
}

async function requestToken(credentials: TestCredentials): Promise<IDataObject> {
	const settings = readCredentialFields(credentials as ICredentialDataDecryptedObject);
	const tokenUrl = accessTokenUrl(settings);
	const form = new URLSearchParams({ client_id: settings.clientId });
	const stored = credentials.oauthTokenData;
	if (settings.grantType === 'authorizationCode') {
		if (typeof stored?.refresh_token !== 'string') throw new Error('OAuth credentials not connected');
		form.set('grant_type', 'refresh_token');
		form.set('refresh_token', stored.refresh_token);
		form.set('client_secret', String(credentials.clientSecret ?? ''));
	} else {
		form.set('grant_type', 'client_credentials');
		form.set('scope', oauthScope(settings));
		if (settings.clientCredentialType === 'certificate') {
			form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
			form.set(
				'client_assertion',
				buildClientAssertion({ tokenUrl, clientId: settings.clientId, certificate: { privateKey: String(credentials.privateKey), certificate: String(credentials.certificate) } }, new Date()),
			);
		} else {
			form.set('client_secret', String(credentials.clientSecret ?? ''));
		}
	}
	const response = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
	const data = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`Failed to acquire OAuth2 access token: ${String(data.error_description ?? data.error)}`);
	return { ...stored, ...data };
}

/** Signs in a delegated user through the emulator's authorize endpoint, as n8n's Connect button does. */
export async function connectDelegated(credentials: TestCredentials, redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback'): Promise<void> {
	const settings = readCredentialFields(credentials as ICredentialDataDecryptedObject);
	const authorize = new URL(authorizationUrl(settings));
	authorize.search = new URLSearchParams({ client_id: settings.clientId, response_type: 'code', redirect_uri: redirectUri, scope: oauthScope(settings), state: 'harness' }).toString();
	const redirect = await fetch(authorize, { redirect: 'manual' });
	const location = new URL(redirect.headers.get('location') ?? '');
	const code = location.searchParams.get('code');
	if (!code) throw new Error(`Sign-in refused: ${location.searchParams.get('error_description') ?? redirect.status}`);
	const response = await fetch(accessTokenUrl(settings), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'authorization_code', client_id: settings.clientId, client_secret: String(credentials.clientSecret ?? ''), code, redirect_uri: redirectUri }),
	});
	const data = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`Token request failed: ${String(data.error_description)}`);
	credentials.oauthTokenData = data;
}

function headersOf(response: Response): Record<string, string> {
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => (headers[name] = value));
	return headers;
}

function createOAuthHelpers(harness: OAuthHarness) {
	const { credentials } = harness;

	async function send(options: IHttpRequestOptions): Promise<unknown> {
		const url = new URL(options.url);
		for (const [key, value] of Object.entries(options.qs ?? {})) {
			if (value !== undefined) url.searchParams.set(key, String(value));
		}
		const authorization = `Bearer ${String(credentials.oauthTokenData?.access_token)}`;
		const record: HttpRecord = { method: options.method ?? 'GET', url: url.toString(), authorization, sentAt: performance.now() };
		harness.requests.push(record);
		let response: Response;
		let text: string;
		try {
			response = await fetch(url, {
				method: options.method ?? 'GET',
				headers: { ...(options.headers as Record<string, string>), authorization, ...(options.body ? { 'content-type': 'application/json' } : {}) },
				body: options.body ? JSON.stringify(options.body) : undefined,
			});
			text = await response.text();
		} catch (error) {
			throw httpClientError(`read ${networkCodeOf(error)}`, { code: networkCodeOf(error) });
		}
		record.status = response.status;
		let data: unknown = text;
		try {
			data = text ? JSON.parse(text) : undefined;
		} catch {
			// Like n8n's HTTP client, a body that is not JSON is returned as text.
		}
		if (response.status >= 400) {
			throw httpClientError(`Request failed with status code ${response.status}`, {
				response: { status: response.status, headers: headersOf(response), data } as unknown as IDataObject,
			});
		}
		return data;
	}

	return {
		async httpRequestWithAuthentication(this: unknown, _credentialType: string, options: IHttpRequestOptions) {
			try {
				if (!credentials.oauthTokenData?.access_token) credentials.oauthTokenData = await requestToken(credentials);
				try {
					return await send(options);
				} catch (error) {
					if ((error as { response?: { status?: number } }).response?.status !== 401) throw error;
					credentials.oauthTokenData = await requestToken(credentials);
					return await send(options);
				}
			} catch (error) {
				throw new NodeApiError(testNode, error as never);
			}
		},
		httpRequest: send,
		returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		constructExecutionMetaData: (items: unknown[]) => items,
	};
}

export interface ExecuteContextOptions extends FakeContextOptions {
	credentials: TestCredentials;
}

export function createExecuteContext(options: ExecuteContextOptions): { context: IExecuteFunctions; harness: OAuthHarness } {
	const harness: OAuthHarness = { credentials: options.credentials, requests: [] };
	const { context } = fakeContext(options);
	Object.assign(context, {
		getCredentials: async () => harness.credentials,
		helpers: createOAuthHelpers(harness),
		getMode: () => 'manual',
	});
	return { context, harness };
}

export interface PollContextOptions {
	credentials: TestCredentials;
	parameters: IDataObject;
	/** The workflow's static data for this node; pass the same object to later polls, as n8n stores it. */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
	/** Offer n8n 2.x's poll budget (1.x has none). */
	pollBudgetMs?: number;
}

export function createPollContext(options: PollContextOptions): { context: IPollFunctions; harness: OAuthHarness } {
	const harness: OAuthHarness = { credentials: options.credentials, requests: [] };
	const context = {
		getNode: () => ({ ...testNode, type: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTrigger' }),
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: async () => harness.credentials,
		getWorkflowStaticData: () => options.staticData,
		getTimezone: () => 'UTC',
		getNodeParameter: (name: string, fallback?: unknown) => (name in options.parameters ? options.parameters[name] : fallback),
		helpers: createOAuthHelpers(harness),
		...(options.pollBudgetMs === undefined ? {} : { getPollBudgetMs: () => options.pollBudgetMs }),
	};
	return { context: context as unknown as IPollFunctions, harness };
}

/** The credential fields a test needs for one of the emulator's apps. */
export function emulatorCredentials(
	emulator: { baseUrl: string; tenantId: string; apps: Array<{ name: string; clientId: string; clientSecret?: string; certificatePem?: string; privateKeyPem?: string }> },
	appName: string,
	api: 'graph' | 'legacy' = 'graph',
): TestCredentials {
	const app = emulator.apps.find((candidate) => candidate.name === appName);
	if (!app) throw new Error(`The emulator has no app ${appName}`);
	const certificate = app.certificatePem !== undefined && app.clientSecret === undefined;
	return {
		grantType: appName === 'delegated' ? 'authorizationCode' : 'clientCredentials',
		clientCredentialType: certificate ? 'certificate' : 'clientSecret',
		clientId: app.clientId,
		clientSecret: app.clientSecret ?? '',
		privateKey: app.privateKeyPem ?? '',
		certificate: app.certificatePem ?? '',
		tenantId: emulator.tenantId,
		cloud: 'custom',
		customLoginUrl: emulator.baseUrl,
		customApiUrl: emulator.baseUrl,
		api,
	};
}
