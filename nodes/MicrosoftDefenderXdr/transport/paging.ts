import type { IDataObject } from 'n8n-workflow';

import type { DefenderOperation } from '../model/permissions';
import { withoutUndefined } from '../model/values';
import type { ApiRequest, DefenderClient } from './request';

export interface PagedList<Operation extends string = DefenderOperation> {
	request: ApiRequest<Operation>;
	/** The most the API returns per page, sent as `$top`; undefined for a list that documents no `$top` (its server pages). */
	pageSize?: number;
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

/** The items of a list answer; an answer without its `value` array is refused, never read as an empty list. */
export function listValue<Operation extends string>(client: DefenderClient<Operation>, answer: IDataObject): IDataObject[] {
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
export async function* listPages<Operation extends string>(client: DefenderClient<Operation>, list: PagedList<Operation>): AsyncGenerator<IDataObject[]> {
	const top = list.pageSize === undefined ? undefined : Math.min(list.pageSize, list.limit ?? list.pageSize);
	const parallel = list.parallelPages ?? 1;
	const counted = top !== undefined && parallel > 1 && (list.limit === undefined || list.limit > top);
	let request: ApiRequest<Operation> = { ...list.request, query: withoutUndefined({ ...list.request.query, $top: top, ...(counted ? { $count: true } : {}) }) };
	const followedLinks = new Set<string>();
	let pages = 0;
	let delivered = 0;
	let skip = 0;
	let readAhead = counted;
	const readPage = (answer: IDataObject): IDataObject[] => {
		pages++;
		if (pages > maximumPages) throw client.malformedAnswerError(`more than ${maximumPages} pages for one list`);
		const items = listValue(client, answer);
		delivered += items.length;
		return items;
	};
	for (;;) {
		let answer = await client.request(request);
		let items = readPage(answer);
		if (items.length > 0) yield items;
		if (list.limit !== undefined && delivered >= list.limit) return;

		const total = answer['@odata.count'];
		// Only the first answer can start read-ahead: its next link must be the server's own `$skip` link of this query.
		const skipLink = readAhead && top !== undefined && typeof total === 'number' && items.length >= top ? skipLinkOfSameQuery(client, answer['@odata.nextLink'], request, top) : undefined;
		readAhead = false;
		if (skipLink && top !== undefined && typeof total === 'number') {
			for await (const page of pagesAtOnce(client, list, skipLink, readAheadSkips(top, Math.min(total, list.limit ?? total)), parallel)) {
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
		} else if (list.skipPaging && top !== undefined && items.length >= top) {
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
function skipLinkOfSameQuery<Operation extends string>(client: DefenderClient<Operation>, nextLink: unknown, firstRequest: ApiRequest<Operation>, pageSize: number): URL | undefined {
	if (typeof nextLink !== 'string' || !nextLink) return undefined;
	const link = new URL(client.resolveUrl(nextLink));
	if (link.searchParams.get('$skip') !== String(pageSize)) return undefined;
	// Whether the count is repeated does not change which items a page holds.
	const options = (entries: Iterable<[string, string]>) =>
		[...entries].filter(([name]) => name !== '$skip' && name !== '$count').map(([name, value]) => `${name}=${value}`).sort().join('&');
	const asked = Object.entries(firstRequest.query ?? {}).filter(([, value]) => value !== undefined).map(([name, value]): [string, string] => [name, String(value)]);
	return options(link.searchParams.entries()) === options(asked) ? link : undefined;
}

/** The planned pages in the server's next-link form, `parallel` requests in flight, answers yielded in page order. */
async function* pagesAtOnce<Operation extends string>(client: DefenderClient<Operation>, list: PagedList<Operation>, skipLink: URL, skips: Iterator<number>, parallel: number): AsyncGenerator<IDataObject> {
	const fetchPage = (skip: number) => {
		const page = new URL(skipLink);
		page.searchParams.set('$skip', String(skip));
		const answer = client.request({ ...list.request, path: page.toString(), query: undefined });
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

/** A list read by moving a time window, never by `$skip`: see keysetPages. */
export interface KeysetList {
	/** The request for the items from `after` (inclusive) to `before` (exclusive) on the list's timestamp; `$top` is added. */
	requestFor(window: TimeWindow): ApiRequest;
	/** The item's timestamp (the one the window moves on) and its ID. */
	timestampOf(item: IDataObject): string;
	idOf(item: IDataObject): string;
	/** The window the caller asked for. */
	window: TimeWindow;
	pageSize: number;
	/** Stop after this many items (undefined: all). */
	limit?: number;
}

export interface TimeWindow {
	after?: string;
	before?: string;
}

/** Whether an instant (milliseconds) lies in the window, compared to the millisecond as the filter is sent. */
function withinWindow(instant: number, window: TimeWindow): boolean {
	const after = window.after === undefined ? Number.NEGATIVE_INFINITY : Date.parse(window.after);
	const before = window.before === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.before);
	return Number.isNaN(instant) || (instant >= Math.floor(after) && instant < before);
}

/** Whether timestamps run oldest first, newest first, or neither (the server followed no order). */
function directionOf(timestamps: number[]): 'ascending' | 'descending' | undefined {
	const steps = timestamps.slice(1).map((timestamp, index) => timestamp - timestamps[index]);
	if (steps.every((step) => step >= 0)) return 'ascending';
	if (steps.every((step) => step <= 0)) return 'descending';
	return undefined;
}

/**
 * Yields a list by keyset paging: each page is a new query whose time window starts (or ends) at the edge of the
 * page before, so no request goes deeper than one page, whatever `$skip` depth a server stops at. The order is not
 * trusted: the edge moves on the side the page was served from (oldest first or newest first). Items at the
 * edge's millisecond are read again and left out by ID. A full page that brings nothing new (more items in one
 * millisecond than a page) or one served in no order falls back to the server's own next links from that query.
 */
export async function* keysetPages(client: DefenderClient, list: KeysetList): AsyncGenerator<IDataObject[]> {
	const top = Math.min(list.pageSize, list.limit ?? list.pageSize);
	const window = { ...list.window };
	const millisecond = (item: IDataObject) => Date.parse(list.timestampOf(item));
	let atEdge = new Set<string>();
	let delivered = 0;
	for (let pages = 1; ; pages++) {
		if (pages > maximumPages) throw client.malformedAnswerError(`more than ${maximumPages} pages for one list`);
		const request = list.requestFor(window);
		const answer = await client.request({ ...request, query: { ...request.query, $top: top } });
		const items = listValue(client, answer);
		// A server that ignores the window would serve the same page forever: its answer is refused instead.
		if (items.some((item) => !withinWindow(millisecond(item), window))) throw client.malformedAnswerError('items outside the time window asked for');
		const fresh = items.filter((item) => !atEdge.has(list.idOf(item))).slice(0, list.limit === undefined ? undefined : list.limit - delivered);
		if (fresh.length > 0) yield fresh;
		delivered += fresh.length;
		// A short page ends the list only without a next link: Graph may serve fewer items than `$top` asks for.
		const hasNextLink = typeof answer['@odata.nextLink'] === 'string' && answer['@odata.nextLink'] !== '';
		if ((list.limit !== undefined && delivered >= list.limit) || (items.length < top && !hasNextLink)) return;

		const timestamps = items.map(millisecond);
		const direction = directionOf(timestamps);
		if (fresh.length === 0 || direction === undefined || timestamps.some(Number.isNaN)) {
			const seen = new Set([...atEdge, ...items.map(list.idOf)]);
			// The server's pages of the same query; its first is the page just read.
			const rest = listPages(client, { request, pageSize: top, skipPaging: false });
			let pageIndex = 0;
			for await (const page of rest) {
				if (pageIndex++ === 0) continue;
				const unseen = page.filter((item) => !seen.has(list.idOf(item))).slice(0, list.limit === undefined ? undefined : list.limit - delivered);
				if (unseen.length > 0) yield unseen;
				delivered += unseen.length;
				if (list.limit !== undefined && delivered >= list.limit) return;
			}
			return;
		}
		const edge = timestamps[timestamps.length - 1];
		atEdge = new Set(items.filter((item) => millisecond(item) === edge).map(list.idOf));
		if (direction === 'ascending') window.after = new Date(edge).toISOString();
		else window.before = new Date(edge + 1).toISOString();
	}
}

/**
 * Windows that together are exactly `window`, cut at `count` equal times between the oldest and the newest
 * timestamp seen (milliseconds), oldest first. The outer ones keep the window's own ends, so an item the probes did
 * not see still lies in one of them, and each item lies in exactly one (after inclusive, before exclusive).
 */
export function timeSlices(window: TimeWindow, oldest: number, newest: number, count: number): TimeWindow[] {
	const low = Math.min(oldest, newest);
	const span = Math.max(oldest, newest) + 1 - low;
	const after = window.after === undefined ? Number.NEGATIVE_INFINITY : Date.parse(window.after);
	const before = window.before === undefined ? Number.POSITIVE_INFINITY : Date.parse(window.before);
	const cuts = Number.isFinite(span)
		? Array.from({ length: Math.max(0, count - 1) }, (_, index) => low + Math.floor((span * (index + 1)) / count)).filter(
				(cut, index, all) => cut > after && cut < before && (index === 0 || cut > all[index - 1]),
			)
		: [];
	const edges = [window.after, ...cuts.map((cut) => new Date(cut).toISOString()), window.before];
	return edges.slice(1).map((end, index) => ({ after: edges[index], before: end }));
}

/**
 * One source of pages read ahead of its consumer, up to `room` pages; its failure is kept for the consumer, so a
 * source read ahead never leaves a rejection unhandled.
 */
class PagesAhead {
	private readonly pages: IDataObject[][] = [];
	private finished = false;
	private failed = false;
	private failure: unknown;
	private stopped = false;
	private wakeConsumer: (() => void) | undefined;
	private wakeReader: (() => void) | undefined;

	constructor(
		private readonly source: () => AsyncIterable<IDataObject[]>,
		private readonly room: number,
	) {}

	start(): void {
		void this.read();
	}

	private async read(): Promise<void> {
		try {
			for await (const page of this.source()) {
				this.pages.push(page);
				this.wake('consumer');
				while (this.pages.length >= this.room && !this.stopped) await new Promise<void>((resolve) => (this.wakeReader = resolve));
				if (this.stopped) return;
			}
		} catch (error) {
			this.failed = true;
			this.failure = error;
		} finally {
			this.finished = true;
			this.wake('consumer');
		}
	}

	private wake(whom: 'consumer' | 'reader'): void {
		const wake = whom === 'consumer' ? this.wakeConsumer : this.wakeReader;
		if (whom === 'consumer') this.wakeConsumer = undefined;
		else this.wakeReader = undefined;
		wake?.();
	}

	/** The next page, undefined at the end, or the source's failure once its pages before it were taken. */
	async next(): Promise<IDataObject[] | undefined> {
		while (this.pages.length === 0 && !this.finished) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
		const page = this.pages.shift();
		this.wake('reader');
		if (page !== undefined) return page;
		if (this.failed) throw this.failure;
		return undefined;
	}

	/** Stops reading after the request in flight; what it answers is dropped. */
	stop(): void {
		this.stopped = true;
		this.wake('reader');
	}
}

/**
 * The pages of several sources, source by source in the given order, while up to `running` sources read ahead at
 * once (each up to `pagesAhead` pages): a long list then waits on several requests at a time, not one. A failure
 * comes in its place in the order; when the caller stops, every source stops after its request in flight.
 */
export async function* pagesInOrder(sources: Array<() => AsyncIterable<IDataObject[]>>, running: number, pagesAhead: number): AsyncGenerator<IDataObject[]> {
	const readers = sources.map((source) => new PagesAhead(source, pagesAhead));
	let started = 0;
	try {
		for (const [index, reader] of readers.entries()) {
			for (; started < Math.min(readers.length, index + running); started++) readers[started].start();
			for (let page = await reader.next(); page !== undefined; page = await reader.next()) yield page;
		}
	} finally {
		for (const reader of readers) reader.stop();
	}
}

/** What a sliced keyset read needs besides the list: how to ask for its oldest or newest item, and its order. */
export interface KeysetSlicing {
	/** The list's request ordered by its timestamp in this direction (`$top` is set to 1). */
	probeFor(direction: 'ascending' | 'descending'): ApiRequest;
	/** The order the caller wants the items in. */
	direction: 'ascending' | 'descending';
	/** Time slices read at once. */
	slices: number;
}

/**
 * Pages a slice reads ahead of the caller: to its end (within the page bound). The caller keeps every item of a
 * whole list anyway (Return All), so what waits here costs no more memory than the result, and a slice that waited
 * for its turn would leave the list read one request at a time again.
 */
const slicePagesAhead = maximumPages;

/**
 * A whole keyset list read in time slices at once: two probes find its oldest and newest item, the window is cut
 * between them (timeSlices), and each slice is a keyset list of its own (keysetPages), yielded in the caller's
 * order. The probes only choose the cuts: the outer slices stay open, so a server that ignores the order still has
 * every item read, once.
 */
export async function* slicedKeysetPages(client: DefenderClient, list: KeysetList, slicing: KeysetSlicing): AsyncGenerator<IDataObject[]> {
	const probe = async (direction: 'ascending' | 'descending'): Promise<number | undefined> => {
		const request = slicing.probeFor(direction);
		const [item] = listValue(client, await client.request({ ...request, query: { ...request.query, $top: 1 } }));
		return item === undefined ? undefined : Date.parse(list.timestampOf(item));
	};
	const [oldest, newest] = await Promise.all([probe('ascending'), probe('descending')]);
	if (oldest === undefined && newest === undefined) return;
	const windows = oldest === undefined || newest === undefined ? [list.window] : timeSlices(list.window, oldest, newest, slicing.slices);
	if (slicing.direction === 'descending') windows.reverse();
	yield* pagesInOrder(
		windows.map((window) => () => keysetPages(client, { ...list, window })),
		slicing.slices,
		slicePagesAhead,
	);
}
