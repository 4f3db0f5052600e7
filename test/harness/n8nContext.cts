import { ClientOAuth2 } from '@n8n/client-oauth2';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { accessTokenUrl, authorizationUrl, oauthScope, type CloudApi } from '../../nodes/MicrosoftDefenderXdr/model/clouds';
import { readCredentialFields } from '../../nodes/MicrosoftDefenderXdr/auth/credentialFields';
import { credentialType, endpointCredentialType } from '../../nodes/MicrosoftDefenderXdr/api';
import { fakeContext, testNode, type FakeContextOptions } from '../node/fakes.cjs';

/**
 * Execute and poll contexts whose request helpers are n8n-core's own (`getRequestHelperFunctions`, what n8n-core's
 * ExecuteContext and PollContext install as `this.helpers`): `httpRequestWithAuthentication` runs n8n's
 * `requestOAuth2` (token fetch through @n8n/client-oauth2, signing, the renewal after a 401 under n8n's lock) and
 * sends through n8n's OutboundHttp and axios, so redirects, timeouts and error wrapping are n8n's.
 *
 * Stand-ins remain only for what lives outside n8n-core, in the `n8n` CLI package: the credentials helper (n8n's
 * CredentialsHelper decrypts the credential from the database and resolves its hidden `={{ }}` properties; here
 * the credential lives in memory and those properties are computed by the functions the expressions mirror),
 * node parameters (the fake context's) and the delegated sign-in's browser step (n8n's OAuth2 callback controller).
 */

export type TestCredentials = IDataObject & { oauthTokenData?: IDataObject };

export interface HttpRecord {
	method: string;
	url: string;
	status?: number;
	authorization?: string;
}

export interface OAuthHarness {
	credentials: TestCredentials;
	/** Every request the node sent through n8n (after n8n signed it), with the Authorization header it carried. */
	requests: HttpRecord[];
	/** Runs just before each request goes out: lets a test make something happen in between (a race). */
	beforeSend?: (record: HttpRecord) => Promise<void>;
}

/** The node as n8n hands it to the request helpers: it names the credential it uses, which n8n requires. */
function nodeWithCredential(node: INode): INode {
	return {
		...node,
		credentials: {
			[credentialType]: { id: 'credential-1', name: 'Defender test credential' },
			[endpointCredentialType]: { id: 'credential-2', name: 'Defender for Endpoint test credential' },
		},
	};
}

/** The credential as n8n's CredentialsHelper decrypts it: the fields plus the resolved hidden OAuth2 properties. */
function decrypted(credentials: TestCredentials): ICredentialDataDecryptedObject {
	const settings = readCredentialFields(credentials as ICredentialDataDecryptedObject);
	return structuredClone({
		...credentials,
		authUrl: authorizationUrl(settings),
		accessTokenUrl: accessTokenUrl(settings),
		scope: oauthScope(settings),
		authQueryParameters: '',
		authentication: 'body',
	}) as ICredentialDataDecryptedObject;
}

/** Signs in a delegated user through the emulator's authorize endpoint, as n8n's Connect button does. */
export async function connectDelegated(credentials: TestCredentials, redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback'): Promise<void> {
	const settings = readCredentialFields(credentials as ICredentialDataDecryptedObject);
	const client = new ClientOAuth2({
		clientId: settings.clientId,
		clientSecret: String(credentials.clientSecret ?? ''),
		accessTokenUri: accessTokenUrl(settings),
		authorizationUri: authorizationUrl(settings),
		redirectUri,
		scopes: oauthScope(settings).split(' '),
		authentication: 'body',
		state: 'harness',
	});
	// The consent step is a browser's: follow the authorize URL to the callback n8n would receive.
	const redirect = await fetch(client.code.getUri(), { redirect: 'manual' });
	const callback = redirect.headers.get('location') ?? '';
	const error = new URL(callback, redirectUri).searchParams.get('error_description');
	if (error) throw new Error(`Sign-in refused: ${error}`);
	// n8n's callback controller exchanges the code with @n8n/client-oauth2, as here.
	const token = await client.code.getToken(callback);
	credentials.oauthTokenData = token.data as IDataObject;
}

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function urlOf(options: IHttpRequestOptions): string {
	const url = new URL(options.url, options.baseURL);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	return url.toString();
}

function headerValue(headers: IHttpRequestOptions['headers'], name: string): string | undefined {
	const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : String((headers as IDataObject)[key]);
}

/**
 * n8n-core's request helpers for one node, with a credentials helper over the in-memory credential, and
 * `httpRequest` (which n8n's requestOAuth2 calls with the signed request) observed to record what was sent.
 */
function createOAuthHelpers(harness: OAuthHarness, node: INode) {
	const credentialsHelper = {
		getParentTypes: (type: string) => ([credentialType, endpointCredentialType].includes(type) ? ['oAuth2Api'] : []),
		getDecrypted: async () => decrypted(harness.credentials),
		updateCredentialsOauthTokenData: async (_node: unknown, _type: string, data: ICredentialDataDecryptedObject) => {
			harness.credentials.oauthTokenData = structuredClone(data.oauthTokenData as IDataObject);
		},
		runPreAuthentication: async () => undefined,
		preAuthentication: async () => undefined,
	};
	const additionalData = { credentialsHelper, executionId: 'test-execution' } as unknown as IWorkflowExecuteAdditionalData;
	const helpers = getRequestHelperFunctions({ id: 'test-workflow' } as unknown as Workflow, node, additionalData);
	const send = helpers.httpRequest;
	helpers.httpRequest = async (options: IHttpRequestOptions) => {
		const record: HttpRecord = { method: options.method ?? 'GET', url: urlOf(options), authorization: headerValue(options.headers, 'authorization') };
		harness.requests.push(record);
		await harness.beforeSend?.(record);
		try {
			const answer: unknown = await send(options);
			record.status = 200;
			return answer;
		} catch (error) {
			record.status = (error as { response?: { status?: number } }).response?.status;
			throw error;
		}
	};
	return {
		...helpers,
		returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		constructExecutionMetaData: (items: unknown[]) => items,
	};
}

/** What n8n-core's node contexts give the request helpers as `this`. */
function contextBasics(harness: OAuthHarness, node: INode, mode: string) {
	return {
		getNode: () => node,
		getMode: () => mode,
		logger,
		getCredentials: async () => decrypted(harness.credentials),
		helpers: createOAuthHelpers(harness, node),
	};
}

export interface ExecuteContextOptions extends FakeContextOptions {
	credentials: TestCredentials;
	beforeSend?: OAuthHarness['beforeSend'];
}

export function createExecuteContext(options: ExecuteContextOptions): { context: IExecuteFunctions; harness: OAuthHarness } {
	const harness: OAuthHarness = { credentials: options.credentials, requests: [], beforeSend: options.beforeSend };
	const { context } = fakeContext(options);
	Object.assign(context, contextBasics(harness, nodeWithCredential(testNode), 'manual'));
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
	const node = nodeWithCredential({ ...testNode, type: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdrTrigger' });
	const context = {
		...contextBasics(harness, node, options.mode ?? 'trigger'),
		getActivationMode: () => 'activate',
		getWorkflowStaticData: () => options.staticData,
		getTimezone: () => 'UTC',
		getNodeParameter: (name: string, fallback?: unknown) => (name in options.parameters ? options.parameters[name] : fallback),
		...(options.pollBudgetMs === undefined ? {} : { getPollBudgetMs: () => options.pollBudgetMs }),
	};
	return { context: context as unknown as IPollFunctions, harness };
}

/** The credential fields a test needs for one of the emulator's apps. */
export function emulatorCredentials(
	emulator: { baseUrl: string; tenantId: string; apps: Array<{ name: string; clientId: string; clientSecret?: string; certificatePem?: string; privateKeyPem?: string }> },
	appName: string,
	api: CloudApi = 'graph',
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
