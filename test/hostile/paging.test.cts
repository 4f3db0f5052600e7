import type { IDataObject } from 'n8n-workflow';

import { json, startHostileServer, type HostileServer } from './server.cjs';
import { all, failure, incidents, openBackend } from './setup.cjs';

/** Cases 2 and 3: next links that loop, and an `@odata.count` that lies. */

let api: HostileServer;
beforeAll(async () => (api = await startHostileServer()));
afterAll(async () => await api.close());
beforeEach(() => (api.received.length = 0));

const incidentsPath = '/v1.0/security/incidents';

// A limited list without a sort follows next links (Return All and sorted lists move a time window, below).
it('stops with a clear error on a next link that points at its own page', async () => {
	api.answer((_request, response) => json(response, 200, { value: incidents(1, 50), '@odata.nextLink': `${api.origin}${incidentsPath}?page=self` }));
	const { backend } = await openBackend(api);
	const error = await failure(all(backend.listIncidents({}, { limit: 100_000 })));
	expect(error.message).toBe(`Microsoft Defender XDR sent a next link that repeats an earlier page (${incidentsPath})`);
	expect(api.received.length).toBeLessThanOrEqual(3);
});

it('stops with a clear error on next links that cycle A → B → A', async () => {
	api.answer((request, response) => {
		const next = request.url.searchParams.get('page') === 'a' ? 'b' : 'a';
		json(response, 200, { value: incidents(1, 50), '@odata.nextLink': `${api.origin}${incidentsPath}?page=${next}` });
	});
	const { backend } = await openBackend(api);
	const error = await failure(all(backend.listIncidents({}, { limit: 100_000 })));
	expect(error.message).toContain('a next link that repeats an earlier page');
	expect(api.received.length).toBeLessThanOrEqual(4);
});

/** A Graph list of `real` incidents that claims `count` and always offers a next page. */
function lyingCount(real: number, count: number) {
	const items = incidents(1, real);
	return (request: { url: URL }, response: Parameters<Parameters<HostileServer['answer']>[0]>[1]) => {
		const top = Number(request.url.searchParams.get('$top') ?? 50);
		const skip = Number(request.url.searchParams.get('$skip') ?? 0);
		const body: IDataObject = { value: items.slice(skip, skip + top), '@odata.nextLink': `${api.origin}${incidentsPath}?$top=${top}&$skip=${skip + top}` };
		if (request.url.searchParams.get('$count') === 'true') body['@odata.count'] = count;
		json(response, 200, body);
	};
}

it.each([100_000, 1e12])('reads ahead only until the first short page when the count says %d', async (count) => {
	api.answer(lyingCount(100, count));
	const { backend } = await openBackend(api);
	const listed = await all(backend.listIncidents({}, { limit: 1e12 }));
	expect(listed).toHaveLength(100);
	// The first page, the read-ahead up to the empty third page and what was already in flight (4 at a time).
	expect(api.received.length).toBeLessThanOrEqual(7);
});

it('stops with a clear error when Return All\'s time window is ignored and the same page comes again', async () => {
	api.answer((_request, response) => json(response, 200, { value: incidents(1, 50) }));
	const { backend } = await openBackend(api);
	const error = await failure(all(backend.listIncidents({})));
	expect(error.message).toBe('Microsoft Defender XDR sent items outside the time window asked for');
	// Read-ahead requests of the test before may still arrive; this list's requests carry its $orderby.
	expect(api.received.filter((request) => request.url.searchParams.has('$orderby'))).toHaveLength(2);
});

it('stops with the same error, and sends no more, when the node\'s Return All reads in time slices and the windows are ignored', async () => {
	api.answer((_request, response) => json(response, 200, { value: incidents(1, 50) }));
	const { backend } = await openBackend(api);
	const error = await failure(all(backend.listIncidents({}, { wholeList: true })));
	expect(error.message).toBe('Microsoft Defender XDR sent items outside the time window asked for');
	await new Promise((resolve) => setTimeout(resolve, 100));
	// Two probes, then at most one request in flight for each of the four slices.
	expect(api.received.filter((request) => request.url.searchParams.has('$orderby')).length).toBeLessThanOrEqual(6);
});
