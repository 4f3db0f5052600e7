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
		if (first && counted && typeof total === 'number' && answer['@odata.nextLink']) {
			for await (const page of pagesAtOnce(client, list, top, Math.min(total, list.limit ?? total), parallel)) {
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

/** The pages after the first, `parallel` requests in flight, answers yielded in page order. */
async function* pagesAtOnce(client: DefenderClient, list: PagedList, top: number, wanted: number, parallel: number): AsyncGenerator<IDataObject> {
	const skips: number[] = [];
	for (let skip = top; skip < wanted; skip += top) skips.push(skip);
	const fetchPage = (skip: number) => {
		const answer = client.request({ ...list.request, query: { ...list.request.query, $top: top, $skip: skip } });
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
