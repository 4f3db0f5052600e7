import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { EndpointApiBackend } from '../../nodes/MicrosoftDefenderXdr/api/endpoint.backend';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { credentialType, endpointCredential, endpointCredentialType, openClient, xdrCredential } from '../../nodes/MicrosoftDefenderXdr/api/profiles';
import { readCredentialFields } from '../../nodes/MicrosoftDefenderXdr/auth/credentialFields';
import type { EndpointOperation } from '../../nodes/MicrosoftDefenderXdr/model/permissions';
import { maximumPages } from '../../nodes/MicrosoftDefenderXdr/transport/paging';
import type { ApiRequest, DefenderClient, DefenderContext } from '../../nodes/MicrosoftDefenderXdr/transport/request';

/** One home per API (issue 24): each profile's credential, product, base URL and rates, and the one way to open a client. */

const tenantId = '11111111-2222-3333-4444-555555555555';
const clientId = '66666666-7777-8888-9999-000000000000';

function credentials(fields: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { grantType: 'clientCredentials', clientId, clientSecret: 'app-secret-value', tenantId, cloud: 'global', api: 'graph', maxWaitSeconds: 60, ...fields };
}

/** A context whose one credential is `fields` and whose HTTP layer answers with `exchange`; records what was asked. */
function fakeContext(fields: ICredentialDataDecryptedObject, exchange: (options: IHttpRequestOptions) => unknown) {
	const credentialTypesRead: string[] = [];
	const credentialTypesSigned: string[] = [];
	const sent: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => ({ id: 'node', name: 'Defender', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async (type: string) => {
			credentialTypesRead.push(type);
			return fields;
		},
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) => {
				credentialTypesSigned.push(type);
				sent.push(options);
				return exchange(options);
			},
		},
	} as unknown as DefenderContext;
	return { context, credentialTypesRead, credentialTypesSigned, sent };
}

/** What n8n throws for an HTTP error answer. */
function httpError(status: number, headers: IDataObject = {}): unknown {
	return { httpCode: String(status), message: `Request failed with status code ${status}`, response: { status, headers, data: { error: { code: 'Error', message: `HTTP ${status}` } } } };
}

describe('the profile of each API', () => {
	it('names the credential, the product, the base URL of the cloud and the documented rate', () => {
		const graph = xdrCredential.profile(readCredentialFields(credentials()));
		expect(graph).toMatchObject({
			credentialType: 'microsoftDefenderXdrOAuth2Api',
			productName: 'Microsoft Defender XDR',
			baseUrl: 'https://graph.microsoft.com/v1.0',
			origin: 'https://graph.microsoft.com',
			tokenUrl: `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`,
			documentedRate: { requests: 150, windowMilliseconds: 60_000 },
		});
		const legacy = xdrCredential.profile(readCredentialFields(credentials({ api: 'legacy', cloud: 'usGovGccHigh' })));
		expect(legacy).toMatchObject({
			credentialType,
			productName: 'Microsoft Defender XDR',
			baseUrl: 'https://api-gov.security.microsoft.us/api',
			tokenUrl: `https://login.microsoftonline.us/${tenantId}/oauth2/v2.0/token`,
			documentedRate: { requests: 50, windowMilliseconds: 60_000 },
		});
		expect(legacy.rateAdvice).toContain('50 a minute on the legacy incidents API');
	});

	it('serves Defender for Endpoint from its own credential and origin, whatever api a copied credential carries', () => {
		const endpoint = endpointCredential.profile(readCredentialFields(credentials({ api: 'legacy', cloud: 'usGovDod' })));
		expect(endpoint).toMatchObject({
			credentialType: endpointCredentialType,
			productName: 'Microsoft Defender for Endpoint',
			baseUrl: 'https://api-gov.securitycenter.microsoft.us/api',
			documentedRate: { requests: 100, windowMilliseconds: 60_000 },
		});
		expect(endpoint.notFoundAdvice).toContain('device groups');
		expect(endpoint.rateAdvice).toContain('100 calls a minute');
	});
});

describe('the transport', () => {
	it('names no credential type, product or documented rate: it is handed a profile', () => {
		const folder = join(__dirname, '../../nodes/MicrosoftDefenderXdr/transport');
		for (const file of readdirSync(folder)) {
			const text = readFileSync(join(folder, file), 'utf8');
			expect({ file, credentialTypes: text.match(/OAuth2Api/g) ?? [] }).toEqual({ file, credentialTypes: [] });
			expect({ file, products: text.match(/Microsoft Defender|Defender for Endpoint/g) ?? [] }).toEqual({ file, products: [] });
			expect({ file, rates: text.match(/requests: \d+/g) ?? [] }).toEqual({ file, rates: [] });
			expect({ file, operationBranches: text.match(/operation ===/g) ?? [] }).toEqual({ file, operationBranches: [] });
		}
	});

	it('gives a hunting query on either API its 3 minutes and names the query when it is refused, through the request itself', async () => {
		for (const api of ['graph', 'legacy']) {
			const xdr = fakeContext(credentials({ api, maxWaitSeconds: 5 }), () => {
				throw httpError(400);
			});
			const backend = await createBackend(xdr.context);
			await expect(backend.runHuntingQuery('DeviceEvents | take 1')).rejects.toThrow(/^The hunting query was rejected: HTTP 400$/);
			expect(xdr.sent[0].timeout).toBeGreaterThanOrEqual(180_000);

			const other = fakeContext(credentials({ api, maxWaitSeconds: 5 }), () => {
				throw httpError(400);
			});
			await expect((await createBackend(other.context)).getIncident('1', {})).rejects.toThrow(/^Microsoft Defender XDR rejected the request: HTTP 400$/);
			expect(other.sent[0].timeout).toBeLessThan(180_000);
		}
	});
});

describe('openClient', () => {
	it('reads and signs with the profile\'s credential, and names its product when the credential is wrong, before any request', async () => {
		const endpoint = fakeContext(credentials({ clientId: 'not-a-guid' }), () => ({}));
		await expect(openClient(endpoint.context, endpointCredential)).rejects.toThrow('The Microsoft Defender for Endpoint credential is not set up correctly');
		expect(endpoint.credentialTypesRead).toEqual([endpointCredentialType]);
		expect(endpoint.sent).toHaveLength(0);

		const xdr = fakeContext(credentials(), () => ({ id: 'incident' }));
		const { client } = await openClient(xdr.context, xdrCredential);
		await client.request({ operation: 'getIncident', method: 'GET', path: '/security/incidents/1' });
		expect(xdr.credentialTypesSigned).toEqual([credentialType]);
		expect(xdr.sent[0].url).toBe('https://graph.microsoft.com/v1.0/security/incidents/1');
	});

	it('names Defender for Endpoint in the errors of its requests', async () => {
		const { context } = fakeContext(credentials(), () => {
			throw httpError(500);
		});
		const { client } = await openClient(context, endpointCredential, { maxAttempts: 1 });
		await expect(client.request({ operation: 'getMachine', method: 'GET', path: '/machines/1' })).rejects.toThrow('Microsoft Defender for Endpoint had a server error (HTTP 500)');
	});

	it('keeps to the smaller of the credential\'s Max Wait and the caller\'s budget', async () => {
		const throttled = () => {
			throw httpError(429, { 'retry-after': '30' });
		};
		// The caller allows less than the credential: 30 seconds is over the caller's budget, so it gives up at once.
		const callerBound = fakeContext(credentials({ maxWaitSeconds: 600 }), throttled);
		const { client: callerBoundClient } = await openClient(callerBound.context, endpointCredential, { maxWaitMilliseconds: 1_000 });
		await expect(callerBoundClient.request({ operation: 'getMachine', method: 'GET', path: '/machines/1' })).rejects.toThrow(
			'Microsoft Defender for Endpoint is throttling requests (HTTP 429)',
		);
		expect(callerBound.sent).toHaveLength(1);
		// The credential allows less than the caller.
		const credentialBound = fakeContext(credentials({ maxWaitSeconds: 1 }), throttled);
		const { client: credentialBoundClient } = await openClient(credentialBound.context, xdrCredential, { maxWaitMilliseconds: 600_000 });
		await expect(credentialBoundClient.request({ operation: 'getIncident', method: 'GET', path: '/security/incidents/1' })).rejects.toThrow(
			'Microsoft Defender XDR is throttling requests (HTTP 429)',
		);
		expect(credentialBound.sent).toHaveLength(1);
	});
});

/** A Defender for Endpoint client that answers from a function and records each request. */
function fakeEndpointClient(answer: (request: ApiRequest<EndpointOperation>) => Promise<IDataObject>) {
	const requests: Array<ApiRequest<EndpointOperation>> = [];
	const client = {
		request: async (request: ApiRequest<EndpointOperation>) => {
			requests.push(request);
			return await answer(request);
		},
		resolveUrl: (url: string) => url,
		malformedAnswerError: (what: string) => new Error(`Microsoft Defender for Endpoint sent ${what}`),
	} as unknown as DefenderClient<EndpointOperation>;
	return { backend: new EndpointApiBackend(client), requests };
}

async function drain(pages: AsyncIterable<IDataObject[]>): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for await (const page of pages) items.push(...page);
	return items;
}

describe('the Defender for Endpoint lists use the shared paging', () => {
	it('refuses a list answer without "value" instead of reading it as an empty list', async () => {
		const { backend } = fakeEndpointClient(async () => ({ error: 'not a list' }));
		await expect(drain(backend.listIndicators({}))).rejects.toThrow('Microsoft Defender for Endpoint sent a list answer without a "value" array of objects');
		await expect(backend.findDevicesByIp('203.0.113.7', '2026-01-01T00:00:00Z')).rejects.toThrow('a list answer without a "value" array');
	});

	it('stops at the page bound when the pages never end', async () => {
		let page = 0;
		const { backend, requests } = fakeEndpointClient(async () => ({ value: [{ id: String(++page) }], '@odata.nextLink': `https://api.test/api/machineactions?$skip=${page}` }));
		await expect(drain(backend.listDeviceActions({}))).rejects.toThrow(`more than ${maximumPages} pages`);
		expect(requests.length).toBe(maximumPages + 1);
	});

	it('pages with $top and $skip, and reads the machine list\'s 404 as an empty list (issue 21)', async () => {
		const items = Array.from({ length: 10_000 }, (_, index) => ({ id: String(index) }));
		const { backend, requests } = fakeEndpointClient(async (request) => (request.query?.$skip === 10_000 ? { value: items.slice(0, 3) } : { value: items }));
		expect(await drain(backend.listIndicators({ value: 'evil.example' }))).toHaveLength(10_003);
		expect(requests.map((request) => request.query)).toEqual([
			{ $filter: "indicatorValue eq 'evil.example'", $top: 10_000 },
			{ $filter: "indicatorValue eq 'evil.example'", $top: 10_000, $skip: 10_000 },
		]);

		const empty = fakeEndpointClient(async (request) => {
			const recovered = await request.recover?.({ status: 404, attempt: 1 });
			if (!recovered) throw new Error('HTTP 404');
			return recovered;
		});
		expect(await drain(empty.backend.listDevices({}))).toEqual([]);
		await expect(drain(empty.backend.listIndicators({}))).rejects.toThrow('HTTP 404');
	});
});
