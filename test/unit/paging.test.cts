import type { IDataObject } from 'n8n-workflow';

import { listPages, maximumPages, readAheadSkips } from '../../nodes/MicrosoftDefenderXdr/transport/paging';
import type { ApiRequest, DefenderClient } from '../../nodes/MicrosoftDefenderXdr/transport/request';

/** A client that answers from a function and records each request; links resolve inside https://api.test/v1.0. */
function fakeClient(answer: (request: ApiRequest) => IDataObject) {
	const requests: ApiRequest[] = [];
	const client = {
		request: async (request: ApiRequest) => {
			requests.push(request);
			return answer(request);
		},
		resolveUrl: (url: string) => url,
		malformedAnswerError: (what: string) => new Error(`Microsoft Defender XDR sent ${what}`),
	} as unknown as DefenderClient;
	return { client, requests };
}

const items = (count: number) => Array.from({ length: count }, (_, index) => ({ id: String(index) }));
const base: ApiRequest = { operation: 'listIncidents', method: 'GET', path: '/security/incidents' };

async function drain(pages: AsyncIterable<IDataObject[]>): Promise<number> {
	let count = 0;
	for await (const page of pages) count += page.length;
	return count;
}

describe('readAheadSkips', () => {
	it('plans the pages after the first lazily, up to the wanted count', () => {
		expect([...readAheadSkips(50, 160)]).toEqual([50, 100, 150]);
		expect([...readAheadSkips(50, 50)]).toEqual([]);
	});

	it('plans nothing up front and never past the page bound, whatever the count says', () => {
		const plan = readAheadSkips(50, 1e12);
		expect(plan.next().value).toBe(50);
		let planned = 1;
		while (!plan.next().done) planned++;
		expect(planned).toBe(maximumPages - 1);
	});
});

describe('listPages', () => {
	it('follows next links until there is none', async () => {
		const { client, requests } = fakeClient((request) =>
			request.path === base.path ? { value: items(2), '@odata.nextLink': 'https://api.test/v1.0/security/incidents?page=2' } : { value: items(1) },
		);
		expect(await drain(listPages(client, { request: base, pageSize: 50, skipPaging: false }))).toBe(3);
		expect(requests).toHaveLength(2);
	});

	it('stops on a next link it has followed before', async () => {
		let page = 0;
		const { client } = fakeClient(() => ({ value: items(50), '@odata.nextLink': `https://api.test/v1.0/security/incidents?page=${page++ % 3}` }));
		await expect(drain(listPages(client, { request: base, pageSize: 50, skipPaging: false }))).rejects.toThrow('a next link that repeats an earlier page');
	});

	it('stops at the page bound however many distinct next links the API invents', async () => {
		let page = 0;
		const { client, requests } = fakeClient(() => ({ value: items(1), '@odata.nextLink': `https://api.test/v1.0/security/incidents?page=${page++}` }));
		await expect(drain(listPages(client, { request: base, pageSize: 50, skipPaging: false }))).rejects.toThrow(`more than ${maximumPages} pages`);
		expect(requests.length).toBe(maximumPages + 1);
	});

	it('pages with $skip while pages are full, and stops at a short one', async () => {
		const { client, requests } = fakeClient((request) => ({ value: items(Number(request.query?.$skip ?? 0) < 200 ? 100 : 30) }));
		expect(await drain(listPages(client, { request: base, pageSize: 100, skipPaging: true }))).toBe(230);
		expect(requests.map((request) => request.query?.$skip)).toEqual([undefined, 100, 200]);
	});

	it('reads ahead in parallel and stops at the first short page whatever @odata.count claims', async () => {
		const { client, requests } = fakeClient((request) => {
			const skip = Number(request.query?.$skip ?? 0);
			return { value: items(Math.max(0, Math.min(50, 120 - skip))), '@odata.count': 1e12, '@odata.nextLink': 'https://api.test/v1.0/security/incidents?next' };
		});
		expect(await drain(listPages(client, { request: base, pageSize: 50, skipPaging: false, parallelPages: 4 }))).toBe(120);
		// The first page, four in flight (50, 100, 150, 200), and one refill (250) when the full page at 50 was taken.
		expect(requests).toHaveLength(6);
	});

	it('stops requesting at the limit', async () => {
		const { client, requests } = fakeClient(() => ({ value: items(10), '@odata.nextLink': 'https://api.test/v1.0/next' }));
		expect(await drain(listPages(client, { request: base, pageSize: 10, limit: 10, skipPaging: false }))).toBe(10);
		expect(requests).toHaveLength(1);
	});
});
