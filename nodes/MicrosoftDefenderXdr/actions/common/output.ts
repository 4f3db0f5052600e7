import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DefenderBackend } from '../../transport/backend';
import { parameterError, quoted } from './errors';

export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, false) as boolean;
}

/**
 * Incidents as the API returns them, or the compact API-independent summary. The summary lists alerts only
 * when asked for, because the legacy API embeds them whether asked or not.
 */
export function presentIncident(
	backend: DefenderBackend,
	incident: IDataObject,
	simplify: boolean,
	includeAlerts = false,
): IDataObject {
	if (!simplify) return incident;
	const summary: IDataObject = { ...backend.summarizeIncident(incident) };
	if (includeAlerts && Array.isArray(incident.alerts)) {
		summary.alerts = (incident.alerts as IDataObject[]).map((alert) => presentAlert(backend, alert, true));
	}
	return summary;
}

export function presentAlert(backend: DefenderBackend, alert: IDataObject, simplify: boolean): IDataObject {
	return simplify ? { ...backend.summarizeAlert(alert) } : alert;
}

/** Collects listed items up to the limit; stops iterating (and so stops requesting pages) once it is reached. */
export async function collect(pages: AsyncIterable<IDataObject[]>, limit: number | undefined): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	for await (const page of pages) {
		collected.push(...page);
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
	}
	return collected;
}

export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	const limit = context.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw parameterError(context, itemIndex, `Limit ${quoted(limit)} is not a whole number of 1 or more`);
	}
	return limit;
}
