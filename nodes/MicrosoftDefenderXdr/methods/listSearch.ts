import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createBackend, createEndpointBackend, endpointCredentialType } from '../api';
import { readCredentialFields } from '../auth/credentialFields';
import { portalOrigin } from '../model/clouds';
import { alertChoices, deviceChoices, incidentChoices } from './recentItems';

/** "From List" of the Incident picker: recent incidents, filtered by what the user types. */
export async function searchIncidents(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: await incidentChoices(await createBackend(this), filter) };
}

/** "From List" of the Alert picker: recent alerts, filtered by what the user types. */
export async function searchAlerts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return { results: await alertChoices(await createBackend(this), filter) };
}

/** "From List" of the Device picker: devices whose name starts with what the user types. */
export async function searchDevices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const portal = portalOrigin(readCredentialFields(await this.getCredentials(endpointCredentialType)));
	return { results: await deviceChoices(await createEndpointBackend(this), portal, filter) };
}
