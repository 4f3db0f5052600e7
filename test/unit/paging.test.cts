import type { IDataObject } from 'n8n-workflow';

import { keysetPages, listPages, maximumPages, readAheadSkips, type TimeWindow } from '../../nodes/MicrosoftDefenderXdr/transport/paging';
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

	it('sends no $top for a list that documents none, and reads the server\'s pages by their next links', async () => {
		const { client, requests } = fakeClient((request) =>
			request.path === base.path ? { value: items(2), '@odata.nextLink': 'https://api.test/v1.0/security/incidents?$skiptoken=2' } : { value: items(1) },
		);
		const filtered = { ...base, query: { $filter: "displayName eq 'x'" } };
		expect(await drain(listPages(client, { request: filtered, skipPaging: true, parallelPages: 4 }))).toBe(3);
		expect(requests.map((request) => request.query)).toEqual([{ $filter: "displayName eq 'x'" }, undefined]);
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
		// The server's own next link continues the same query with $skip, so read-ahead may plan pages in that form.
		const skipOf = (request: ApiRequest) => Number(request.path.startsWith('https:') ? new URL(request.path).searchParams.get('$skip') : 0);
		const { client, requests } = fakeClient((request) => {
			const skip = skipOf(request);
			const nextLink = `https://api.test/v1.0/security/incidents?$top=50&$count=true&$skip=${skip + 50}`;
			return { value: items(Math.max(0, Math.min(50, 120 - skip))), '@odata.count': 1e12, '@odata.nextLink': nextLink };
		});
		expect(await drain(listPages(client, { request: base, pageSize: 50, skipPaging: false, parallelPages: 4 }))).toBe(120);
		// The first page, four in flight (50, 100, 150, 200), and one refill (250) when the full page at 50 was taken.
		expect(requests.map(skipOf)).toEqual([0, 50, 100, 150, 200, 250]);
	});

	it('follows next links one by one when they are not $skip links of the same query', async () => {
		const { client, requests } = fakeClient((request) => {
			const page = request.path.startsWith('https:') ? Number(new URL(request.path).searchParams.get('$skiptoken')) : 0;
			return { value: items(page < 2 ? 50 : 20), '@odata.count': 120, '@odata.nextLink': page < 2 ? `https://api.test/v1.0/security/incidents?$skiptoken=${page + 1}` : undefined };
		});
		expect(await drain(listPages(client, { request: base, pageSize: 50, skipPaging: false, parallelPages: 4 }))).toBe(120);
		expect(requests.map((request) => request.path)).toEqual([
			'/security/incidents',
			'https://api.test/v1.0/security/incidents?$skiptoken=1',
			'https://api.test/v1.0/security/incidents?$skiptoken=2',
		]);
	});

	it('stops requesting at the limit', async () => {
		const { client, requests } = fakeClient(() => ({ value: items(10), '@odata.nextLink': 'https://api.test/v1.0/next' }));
		expect(await drain(listPages(client, { request: base, pageSize: 10, limit: 10, skipPaging: false }))).toBe(10);
		expect(requests).toHaveLength(1);
	});
});

describe('keysetPages', () => {
	/** A server over `stored` that honours the window, pages with next links, and serves in the given order. */
	function server(stored: IDataObject[], order: 'ascending' | 'descending', largestPage = Number.POSITIVE_INFINITY) {
		const instant = (item: IDataObject) => Date.parse(String(item.at));
		return fakeClient((request) => {
			const window = (request.query?.window ?? {}) as TimeWindow;
			const skip = Number(new URL(request.path, 'https://api.test').searchParams.get('$skip') ?? 0);
			const inWindow = stored
				.filter((item) => (window.after === undefined || instant(item) >= Date.parse(window.after)) && (window.before === undefined || instant(item) < Date.parse(window.before)))
				.sort((first, second) => (order === 'ascending' ? 1 : -1) * (instant(first) - instant(second)));
			const top = Math.min(Number(request.query?.$top ?? 2), largestPage);
			const next = skip + top < inWindow.length ? { '@odata.nextLink': `https://api.test/v1.0/security/incidents?$skip=${skip + top}` } : {};
			return { value: inWindow.slice(skip, skip + top), ...next };
		});
	}
	const listOf = (client: DefenderClient, pageSize: number) =>
		keysetPages(client, {
			requestFor: (window) => ({ ...base, query: { window: window as unknown as IDataObject } }),
			timestampOf: (item) => String(item.at),
			idOf: (item) => String(item.id),
			window: {},
			pageSize,
		});
	const stamped = (count: number, sameMillisecond = 1) =>
		Array.from({ length: count }, (_, index) => ({ id: `item-${index}`, at: new Date(Date.UTC(2026, 0, 1) + Math.floor(index / sameMillisecond)).toISOString() }));

	it.each(['ascending', 'descending'] as const)('reads every item once without $skip when the server serves %s', async (order) => {
		const stored = stamped(25, 3);
		const { client, requests } = server(stored, order);
		const read: string[] = [];
		for await (const page of listOf(client, 4)) read.push(...page.map((item) => String(item.id)));
		expect(read.sort()).toEqual(stored.map((item) => item.id).sort());
		expect(requests.every((request) => !request.path.includes('$skip'))).toBe(true);
	});

	it('falls back to the server\'s next links when more items share one millisecond than a page holds', async () => {
		const stored = stamped(10, 10);
		const { client } = server(stored, 'ascending');
		const read: string[] = [];
		for await (const page of listOf(client, 4)) read.push(...page.map((item) => String(item.id)));
		expect(read.sort()).toEqual(stored.map((item) => item.id).sort());
	});

	it.each(['ascending', 'descending'] as const)('reads on past a page shorter than $top that has a next link (%s): Graph may serve fewer items than asked', async (order) => {
		const stored = stamped(9);
		const { client } = server(stored, order, 2);
		const read: string[] = [];
		for await (const page of listOf(client, 4)) read.push(...page.map((item) => String(item.id)));
		expect(read.sort()).toEqual(stored.map((item) => item.id).sort());
	});
});
