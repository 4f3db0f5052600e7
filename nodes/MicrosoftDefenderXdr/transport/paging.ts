import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, DefenderClient } from './request';

export interface PagedList {
	request: ApiRequest;
	/** The most the API returns per page. */
	pageSize: number;
	/** Stop after this many items (undefined: all). */
	limit?: number;
	/**
	 * Whether to page with `$skip` when the API sends no next link (the legacy API does not document one).
	 * Graph always sends `@odata.nextLink` while more items exist.
	 */
	skipPaging: boolean;
	/**
	 * Graph: once the first answer's `@odata.count` says how many pages there are, request up to this many of them
	 * at a time with `$skip` (pages still come out in order). Each request waits on n8n's request machinery far
	 * longer than on the network, so a few in flight make long lists several times faster.
	 */
	parallelPages?: number;
}

function valueOf(client: DefenderClient, answer: IDataObject): IDataObject[] {
	const value = answer.value;
	if (!Array.isArray(value) || value.some((item) => typeof item !== 'object' || item === null)) {
		throw client.malformedAnswerError('a list answer without a "value" array of objects');
	}
	return value as IDataObject[];
}

/** No list is read past this many pages, whatever its answers say (at Graph's 50 incidents a page: 500,000). */
export const maximumPages = 10_000;

/**
 * The `$skip` of each page after the first that read-ahead may request for `wanted` items: planned lazily (an
 * `@odata.count` of 10^12 plans nothing up front) and never past the page bound.
 */
export function* readAheadSkips(pageSize: number, wanted: number): Generator<number> {
	const end = Math.min(wanted, pageSize * maximumPages);
	for (let skip = pageSize; skip < end; skip += pageSize) yield skip;
}

/**
 * Yields the pages of a list; stops requesting as soon as the caller stops iterating or the limit is reached.
 * One loop for next links, `$skip` paging and read-ahead, bounded by `maximumPages`; a next link that repeats
 * one already followed is an error (a server looping on itself would otherwise be read forever).
 */
export async function* listPages(client: DefenderClient, list: PagedList): AsyncGenerator<IDataObject[]> {
	const top = Math.min(list.pageSize, list.limit ?? list.pageSize);
	const parallel = list.parallelPages ?? 1;
	const counted = parallel > 1 && (list.limit === undefined || list.limit > top);
	let request: ApiRequest = { ...list.request, query: { ...list.request.query, $top: top, ...(counted ? { $count: true } : {}) } };
	const followedLinks = new Set<string>();
	let pages = 0;
	let delivered = 0;
	let skip = 0;
	let readAhead = counted;
	const readPage = (answer: IDataObject): IDataObject[] => {
		pages++;
		if (pages > maximumPages) throw client.malformedAnswerError(`more than ${maximumPages} pages for one list`);
		const items = valueOf(client, answer);
		delivered += items.length;
		return items;
	};
	for (;;) {
		let answer = await client.request(request);
		let items = readPage(answer);
		if (items.length > 0) yield items;
		if (list.limit !== undefined && delivered >= list.limit) return;

		const total = answer['@odata.count'];
		if (readAhead && typeof total === 'number' && answer['@odata.nextLink'] && items.length >= top) {
			readAhead = false;
			for await (const page of pagesAtOnce(client, list, top, readAheadSkips(top, Math.min(total, list.limit ?? total)), parallel)) {
				answer = page;
				items = readPage(page);
				if (items.length > 0) yield items;
				if (list.limit !== undefined && delivered >= list.limit) return;
				// The first short or empty page is the end of the list, whatever the count or its next link promise.
				if (items.length < top) return;
			}
		}

		const nextPageUrl = answer['@odata.nextLink'];
		if (typeof nextPageUrl === 'string' && nextPageUrl) {
			// The next link carries every query option; resolveUrl refuses links to any other host.
			const path = client.resolveUrl(nextPageUrl);
			if (followedLinks.has(path)) throw client.malformedAnswerError(`a next link that repeats an earlier page (${new URL(path).pathname})`);
			followedLinks.add(path);
			request = { ...list.request, path, query: undefined };
		} else if (list.skipPaging && items.length >= top) {
			skip += items.length;
			request = { ...list.request, query: { ...list.request.query, $top: top, $skip: skip } };
		} else {
			return;
		}
	}
}

/** The planned pages, `parallel` requests in flight, answers yielded in page order. */
async function* pagesAtOnce(client: DefenderClient, list: PagedList, top: number, skips: Iterator<number>, parallel: number): AsyncGenerator<IDataObject> {
	const fetchPage = (skip: number) => {
		const answer = client.request({ ...list.request, query: { ...list.request.query, $top: top, $skip: skip } });
		// A page still in flight when the caller stops is abandoned; its failure must not go unhandled.
		answer.catch(() => undefined);
		return answer;
	};
	const inFlight: Array<Promise<IDataObject>> = [];
	const refill = () => {
		while (inFlight.length < parallel) {
			const next = skips.next();
			if (next.done) return;
			inFlight.push(fetchPage(next.value));
		}
	};
	refill();
	// Refilled only once the caller asks for the next page, so nothing is sent after the page that ends the list.
	for (let answer = inFlight.shift(); answer; answer = inFlight.shift()) {
		yield await answer;
		refill();
	}
}
