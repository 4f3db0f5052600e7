import type { IDataObject } from 'n8n-workflow';

/** Keeps the items the API could not filter itself (tags on Graph; severity and more on legacy). */
export async function* filteredPages(
	pages: AsyncIterable<IDataObject[]>,
	keep: ((item: IDataObject) => boolean) | undefined,
): AsyncGenerator<IDataObject[]> {
	for await (const page of pages) {
		const kept = keep ? page.filter(keep) : page;
		if (kept.length > 0) yield kept;
	}
}

/** Incidents carrying every one of the wanted tags, compared without regard to case. */
export function hasAllTags(tags: unknown, wanted: readonly string[]): boolean {
	const present = new Set((Array.isArray(tags) ? tags : []).map((tag) => String(tag).toLowerCase()));
	return wanted.every((tag) => present.has(tag.toLowerCase()));
}

/** Turns each item of each page into what the backend hands up (a finished record). */
export async function* mappedPages<Mapped>(
	pages: AsyncIterable<IDataObject[]>,
	map: (item: IDataObject) => Mapped,
): AsyncGenerator<Mapped[]> {
	for await (const page of pages) yield page.map(map);
}
