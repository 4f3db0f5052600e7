import type { IDataObject } from 'n8n-workflow';

import { keysetPages, listPages, maximumPages, pagesInOrder, readAheadSkips, slicedKeysetPages, timeSlices, type TimeWindow } from '../../nodes/MicrosoftDefenderXdr/transport/paging';
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
	function server(stored: IDataObject[], order: 'ascending' | 'descending' | 'ignored', largestPage = Number.POSITIVE_INFINITY) {
		const instant = (item: IDataObject) => Date.parse(String(item.at));
		return fakeClient((request) => {
			const window = (request.query?.window ?? {}) as TimeWindow;
			const skip = Number(new URL(request.path, 'https://api.test').searchParams.get('$skip') ?? 0);
			// A probe asks for its own order; a server that ignores order serves the stored order whatever is asked.
			const served = order === 'ignored' ? undefined : ((request.query?.order as 'ascending' | 'descending' | undefined) ?? order);
			const inWindow = stored
				.filter((item) => (window.after === undefined || instant(item) >= Date.parse(window.after)) && (window.before === undefined || instant(item) < Date.parse(window.before)))
				.sort((first, second) => (served === undefined ? 0 : (served === 'ascending' ? 1 : -1) * (instant(first) - instant(second))));
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

	const slicedOf = (client: DefenderClient, direction: 'ascending' | 'descending') =>
		slicedKeysetPages(
			client,
			{ requestFor: (window) => ({ ...base, query: { window: window as unknown as IDataObject } }), timestampOf: (item) => String(item.at), idOf: (item) => String(item.id), window: {}, pageSize: 4 },
			{ probeFor: (order) => ({ ...base, query: { window: {}, order } }), direction, slices: 4 },
		);

	it.each(['ascending', 'descending'] as const)('reads a whole list in time slices at once, every item once, in the order asked (%s)', async (direction) => {
		const stored = stamped(40);
		const { client, requests } = server(stored, direction);
		const read: string[] = [];
		for await (const page of slicedOf(client, direction)) read.push(...page.map((item) => String(item.id)));
		const oldestFirst = stored.map((item) => String(item.id));
		expect(read).toEqual(direction === 'ascending' ? oldestFirst : oldestFirst.reverse());
		// Two probes, then four slices of the 40 items, none read through $skip.
		const windows = new Set(requests.filter((request) => request.query?.order === undefined).map((request) => JSON.stringify((request.query?.window as TimeWindow | undefined)?.after ?? null)));
		expect(windows.size).toBeGreaterThanOrEqual(4);
		expect(requests.every((request) => !request.path.includes('$skip'))).toBe(true);
	});

	it('reads every item once when the server ignores the order, so the probes find no true ends', async () => {
		const stored = [...stamped(30)].sort(() => 0).reverse().concat(stamped(1).map((item) => ({ ...item, id: 'oldest-of-all', at: '2025-06-01T00:00:00.000Z' })));
		const { client } = server(stored, 'ignored');
		const read: string[] = [];
		for await (const page of slicedOf(client, 'descending')) read.push(...page.map((item) => String(item.id)));
		expect(read.sort()).toEqual(stored.map((item) => String(item.id)).sort());
	});

	it('reads every slice on to its end at once, not only while the caller takes the slice before', async () => {
		const stored = stamped(200);
		const { client, requests } = server(stored, 'descending');
		const slowClient = { ...client, request: async (request: ApiRequest) => {
			await new Promise((resolve) => setTimeout(resolve, 1));
			return await client.request(request);
		} } as unknown as DefenderClient;
		let requestsWhenOldestSliceReached: number | undefined;
		let read = 0;
		for await (const page of slicedOf(slowClient, 'descending')) {
			read += page.length;
			if (requestsWhenOldestSliceReached === undefined && page.some((item) => item.id === 'item-49')) requestsWhenOldestSliceReached = requests.length;
		}
		expect(read).toBe(200);
		// The oldest slice (items 0 to 49) was read while the newer ones were: by then it had (nearly) nothing left to send.
		expect(requestsWhenOldestSliceReached).toBeGreaterThanOrEqual(requests.length - 2);
	});

	it('reads nothing more than the probes when the list is empty', async () => {
		const { client, requests } = server([], 'descending');
		expect(await drain(slicedOf(client, 'descending'))).toBe(0);
		expect(requests).toHaveLength(2);
	});
});

describe('timeSlices', () => {
	const at = (milliseconds: number) => new Date(Date.UTC(2026, 0, 1) + milliseconds).toISOString();
	const start = Date.UTC(2026, 0, 1);

	it('cuts between the oldest and newest item seen and keeps the window\'s open ends, oldest first', () => {
		expect(timeSlices({}, start, start + 99, 4)).toEqual([
			{ after: undefined, before: at(25) },
			{ after: at(25), before: at(50) },
			{ after: at(50), before: at(75) },
			{ after: at(75), before: undefined },
		]);
	});

	it('never cuts outside the window asked for, and does not cut a span shorter than the slices', () => {
		expect(timeSlices({ after: at(10), before: at(30) }, start, start + 99, 4)).toEqual([
			{ after: at(10), before: at(25) },
			{ after: at(25), before: at(30) },
		]);
		expect(timeSlices({}, Number.NaN, start, 4)).toEqual([{}]);
	});

	it.each([
		[{}, 0, 3],
		[{ before: at(5) }, 2, 2],
		[{ after: at(1) }, 99, 0],
		[{ after: at(0), before: at(1000) }, 0, 999],
	])('cuts %j (items seen from %d to %d ms) into contiguous slices that cover it exactly', (window: TimeWindow, oldest, newest) => {
		const slices = timeSlices(window, start + oldest, start + newest, 4);
		expect(slices[0].after).toBe(window.after);
		expect(slices.at(-1)?.before).toBe(window.before);
		for (const [index, slice] of slices.entries()) {
			if (index > 0) expect(slice.after).toBe(slices[index - 1].before);
			if (slice.after !== undefined && slice.before !== undefined) expect(Date.parse(slice.after)).toBeLessThan(Date.parse(slice.before));
		}
	});
});

describe('pagesInOrder', () => {
	/** A source of `pages` pages that records when it starts and each page it reads. */
	function source(name: string, pages: number, log: string[], failAt?: number) {
		return async function* (): AsyncGenerator<IDataObject[]> {
			log.push(`${name} starts`);
			for (let page = 0; page < pages; page++) {
				await new Promise((resolve) => setTimeout(resolve, 1));
				if (page === failAt) throw new Error(`${name} failed`);
				log.push(`${name} read ${page}`);
				yield [{ id: `${name}-${page}` }];
			}
		};
	}

	it('yields the sources\' pages in their order while later sources read ahead', async () => {
		const log: string[] = [];
		const read: string[] = [];
		for await (const page of pagesInOrder([source('a', 3, log), source('b', 3, log), source('c', 3, log)], 3, 2)) read.push(String(page[0].id));
		expect(read).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'b-2', 'c-0', 'c-1', 'c-2']);
		expect(log.indexOf('c starts')).toBeLessThan(log.indexOf('a read 2'));
	});

	it('reads no further once the caller stops', async () => {
		const log: string[] = [];
		for await (const page of pagesInOrder([source('a', 50, log), source('b', 50, log)], 2, 2)) if (page[0].id === 'a-1') break;
		await new Promise((resolve) => setTimeout(resolve, 50));
		// What each source had in flight or buffered when the caller stopped: at most its room and one more.
		expect(log.filter((entry) => entry.startsWith('a read')).length).toBeLessThanOrEqual(5);
		expect(log.filter((entry) => entry.startsWith('b read')).length).toBeLessThanOrEqual(3);
	});

	it('gives a source\'s failure in its place, after the pages before it', async () => {
		const log: string[] = [];
		const read: string[] = [];
		const reading = (async () => {
			for await (const page of pagesInOrder([source('a', 2, log), source('b', 3, log, 1), source('c', 2, log)], 3, 4)) read.push(String(page[0].id));
		})();
		await expect(reading).rejects.toThrow('b failed');
		expect(read).toEqual(['a-0', 'a-1', 'b-0']);
	});
});
