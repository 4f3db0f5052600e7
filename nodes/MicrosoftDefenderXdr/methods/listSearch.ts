import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createBackend } from '../api';
import { alertChoices, incidentChoices } from './recentItems';

/** "From List" of the Incident picker: recent incidents, filtered by what the user types. */
export async function searchIncidents(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: await incidentChoices(await createBackend(this), filter) };
}

/** "From List" of the Alert picker: recent alerts, filtered by what the user types. */
export async function searchAlerts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: await alertChoices(await createBackend(this), filter) };
}
