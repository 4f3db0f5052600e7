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
	 * Graph: once the first answer's `@odata.count` says how many pages there are, and its next link is a `$skip`
	 * link of the same query, request up to this many pages at a time (pages still come out in order). Each request
	 * waits on n8n's request machinery far longer than on the network, so a few in flight make long lists several
	 * times faster. Any other next link (a `$skiptoken`, other options) is followed one by one, as Microsoft says
	 * clients should (docs/api-contract.md, 2.2).
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

/** Yields the pages of a list; stops requesting as soon as the caller stops iterating or the limit is reached. */
export async function* listPages(client: DefenderClient, list: PagedList): AsyncGenerator<IDataObject[]> {
	const top = Math.min(list.pageSize, list.limit ?? list.pageSize);
	const parallel = list.parallelPages ?? 1;
	const counted = parallel > 1 && (list.limit === undefined || list.limit > top);
	let request: ApiRequest = { ...list.request, query: { ...list.request.query, $top: top, ...(counted ? { $count: true } : {}) } };
	let delivered = 0;
	let skip = 0;
	let first = true;
	for (;;) {
		let answer = await client.request(request);
		let items = valueOf(client, answer);
		delivered += items.length;
		if (items.length > 0) yield items;
		if (list.limit !== undefined && delivered >= list.limit) return;

		const total = answer['@odata.count'];
		const skipLink = first && counted && typeof total === 'number' ? skipLinkOfSameQuery(client, answer['@odata.nextLink'], request, items.length) : undefined;
		if (skipLink && typeof total === 'number') {
			for await (const page of pagesAtOnce(client, list, skipLink, Math.min(total, list.limit ?? total), parallel)) {
				answer = page;
				items = valueOf(client, page);
				delivered += items.length;
				if (items.length > 0) yield items;
				if (list.limit !== undefined && delivered >= list.limit) return;
			}
		}
		first = false;

		const nextPageUrl = answer['@odata.nextLink'];
		if (typeof nextPageUrl === 'string' && nextPageUrl) {
			// The next link carries every query option; resolveUrl refuses links to any other host.
			request = { ...list.request, path: client.resolveUrl(nextPageUrl), query: undefined };
		} else if (list.skipPaging && items.length >= top) {
			skip += items.length;
			request = { ...list.request, query: { ...list.request.query, $top: top, $skip: skip } };
		} else {
			return;
		}
	}
}

/**
 * The server's next link when it continues the first page's query with `$skip` and nothing else changed, as a URL
 * whose `$skip` can be set for the pages after it; undefined for any other next link.
 */
function skipLinkOfSameQuery(client: DefenderClient, nextLink: unknown, firstRequest: ApiRequest, firstPageSize: number): URL | undefined {
	if (typeof nextLink !== 'string' || !nextLink || firstPageSize === 0) return undefined;
	const link = new URL(client.resolveUrl(nextLink));
	if (link.searchParams.get('$skip') !== String(firstPageSize)) return undefined;
	// Whether the count is repeated does not change which items a page holds.
	const options = (entries: Iterable<[string, string]>) =>
		[...entries].filter(([name]) => name !== '$skip' && name !== '$count').map(([name, value]) => `${name}=${value}`).sort().join('&');
	const asked = Object.entries(firstRequest.query ?? {}).filter(([, value]) => value !== undefined).map(([name, value]): [string, string] => [name, String(value)]);
	return options(link.searchParams.entries()) === options(asked) ? link : undefined;
}

/** The pages after the first, `parallel` requests in flight, answers yielded in page order. */
async function* pagesAtOnce(
	client: DefenderClient,
	list: PagedList,
	skipLink: URL,
	wanted: number,
	parallel: number,
): AsyncGenerator<IDataObject> {
	// The server's own step: its link skips the first page, which may hold fewer than `$top` asked for.
	const step = Number(skipLink.searchParams.get('$skip'));
	const skips: number[] = [];
	for (let skip = step; skip < wanted; skip += step) skips.push(skip);
	const fetchPage = (skip: number) => {
		const page = new URL(skipLink);
		page.searchParams.set('$skip', String(skip));
		const answer = client.request({ ...list.request, path: page.toString(), query: undefined });
		// A page still in flight when the caller stops is abandoned; its failure must not go unhandled.
		answer.catch(() => undefined);
		return answer;
	};
	const inFlight = skips.slice(0, parallel).map(fetchPage);
	for (let index = 0; index < skips.length; index++) {
		const answer = await inFlight[index];
		if (inFlight.length < skips.length) inFlight.push(fetchPage(skips[inFlight.length]));
		yield answer;
	}
}
