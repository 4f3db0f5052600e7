import type { INodeListSearchItems } from 'n8n-workflow';

import type { DefenderBackend } from '../api/backend';
import type { EndpointBackend } from '../api/endpoint.backend';

/** How many recent items the pickers offer; the search box filters them. */
const recentCount = 100;

const newestFirst = { orderBy: { field: 'createdAt', direction: 'desc' } } as const;

function matches(item: INodeListSearchItems, filter: string | undefined): boolean {
	const wanted = filter?.trim().toLowerCase();
	return !wanted || item.name.toLowerCase().includes(wanted) || String(item.value).toLowerCase().includes(wanted);
}

async function firstItems<Item>(pages: AsyncIterable<Item[]>): Promise<Item[]> {
	const items: Item[] = [];
	for await (const page of pages) {
		items.push(...page);
		if (items.length >= recentCount) break;
	}
	return items.slice(0, recentCount);
}

export async function incidentChoices(backend: DefenderBackend, filter?: string): Promise<INodeListSearchItems[]> {
	const incidents = await firstItems(backend.listIncidents({ ...newestFirst }, { limit: recentCount }));
	return incidents
		.map(({ summary }) => ({
			name: `#${summary.id} ${summary.title} (${summary.severity}, ${summary.status})`,
			value: summary.id,
			url: summary.url ?? undefined,
		}))
		.filter((item) => matches(item, filter));
}

export async function alertChoices(backend: DefenderBackend, filter?: string): Promise<INodeListSearchItems[]> {
	const alerts = await firstItems(backend.listAlerts({ ...newestFirst }, { limit: recentCount }));
	return alerts
		.map(({ summary }) => ({
			name: `${summary.title} (${summary.severity}, ${summary.status})`,
			value: summary.id,
			url: summary.url ?? undefined,
		}))
		.filter((item) => matches(item, filter));
}

/** Devices to pick, each linked to its page in the credential's Defender portal (`portalOrigin`). */
export async function deviceChoices(backend: EndpointBackend, portalOrigin: string, filter?: string): Promise<INodeListSearchItems[]> {
	const namePrefix = filter?.trim() || undefined;
	const devices = await firstItems(backend.listDevices({ namePrefix }, { limit: recentCount }));
	return devices.map((device) => ({
		name: `${String(device.computerDnsName)} (${String(device.osPlatform)}, ${String(device.healthStatus)})`,
		value: String(device.id),
		url: `${portalOrigin}/machines/${encodeURIComponent(String(device.id))}`,
	}));
}
