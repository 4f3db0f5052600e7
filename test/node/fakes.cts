import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeExecutionHint,
} from 'n8n-workflow';

import type {
	AlertChanges,
	AlertQuery,
	AlertSummary,
	DefenderBackend,
	HuntingResult,
	IncidentChanges,
	IncidentQuery,
	IncidentSummary,
	ListOptions,
} from '../../nodes/MicrosoftDefenderXdr/transport/backend';

export const testNode: INode = {
	id: 'node-1',
	name: 'Microsoft Defender XDR',
	type: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdr',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface FakeContextOptions {
	/** One parameter object for every item, or one per item. */
	parameters: IDataObject | IDataObject[];
	items?: number;
	continueOnFail?: boolean;
	timezone?: string;
}

export interface FakeContext {
	context: IExecuteFunctions;
	hints: NodeExecutionHint[];
}

/** Just enough of n8n's execute context for operations and the router. */
export function fakeContext(options: FakeContextOptions): FakeContext {
	const perItem = Array.isArray(options.parameters) ? options.parameters : undefined;
	const itemCount = options.items ?? perItem?.length ?? 1;
	const hints: NodeExecutionHint[] = [];
	const inputItems: INodeExecutionData[] = Array.from({ length: itemCount }, (_, index) => ({ json: { index } }));
	const context = {
		getNode: () => testNode,
		getInputData: () => inputItems,
		continueOnFail: () => options.continueOnFail === true,
		getTimezone: () => options.timezone ?? 'UTC',
		addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = perItem ? perItem[itemIndex] : (options.parameters as IDataObject);
			if (parameters === undefined) throw new Error(`No parameters for item ${itemIndex}`);
			if (name in parameters) return parameters[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
	};
	return { context: context as unknown as IExecuteFunctions, hints };
}

export interface RecordedCall {
	method: string;
	args: unknown[];
}

function chunk<Item>(items: Item[], size: number): Item[][] {
	const pages: Item[][] = [];
	for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
	return pages;
}

/**
 * A backend over in-memory Graph-shaped data that records every call, so tests can assert which requests an
 * operation would make (and that invalid input makes none).
 */
export class FakeBackend implements DefenderBackend {
	readonly api = 'graph' as const;

	calls: RecordedCall[] = [];

	incidents: IDataObject[] = [];

	alerts: IDataObject[] = [];

	huntingResult: HuntingResult = { schema: [], rows: [] };

	pageSize = 2;

	/** Pages handed out by list calls, to show that the operation stops iterating at its limit. */
	pagesServed = 0;

	failWith: Error | undefined;

	private record(method: string, ...args: unknown[]): void {
		this.calls.push({ method, args });
		if (this.failWith) throw this.failWith;
	}

	callsTo(method: string): RecordedCall[] {
		return this.calls.filter((call) => call.method === method);
	}

	private async *pages(items: IDataObject[]): AsyncIterable<IDataObject[]> {
		for (const page of chunk(items, this.pageSize)) {
			this.pagesServed++;
			yield page;
		}
	}

	listIncidents(query: IncidentQuery, options?: ListOptions): AsyncIterable<IDataObject[]> {
		this.record('listIncidents', query, options);
		return this.pages(this.incidents);
	}

	private findIncident(incidentId: string): IDataObject {
		const incident = this.incidents.find((candidate) => candidate.id === incidentId);
		if (!incident) throw new Error(`Incident ${incidentId} was not found`);
		return incident;
	}

	async getIncident(incidentId: string, options?: { includeAlerts?: boolean }): Promise<IDataObject> {
		this.record('getIncident', incidentId, options);
		return { ...this.findIncident(incidentId) };
	}

	async updateIncident(incidentId: string, changes: IncidentChanges): Promise<IDataObject> {
		this.record('updateIncident', incidentId, changes);
		const incident = this.findIncident(incidentId);
		const { tags, ...rest } = changes;
		Object.assign(incident, rest, tags === undefined ? {} : { customTags: tags });
		return { ...incident };
	}

	async addIncidentComment(incidentId: string, comment: string): Promise<IDataObject> {
		this.record('addIncidentComment', incidentId, comment);
		return { comment, createdBy: 'n8n' };
	}

	listAlerts(query: AlertQuery, options?: ListOptions): AsyncIterable<IDataObject[]> {
		this.record('listAlerts', query, options);
		return this.pages(this.alerts);
	}

	async getAlert(alertId: string): Promise<IDataObject> {
		this.record('getAlert', alertId);
		const alert = this.alerts.find((candidate) => candidate.id === alertId);
		if (!alert) throw new Error(`Alert ${alertId} was not found`);
		return { ...alert };
	}

	async updateAlert(alertId: string, changes: AlertChanges): Promise<IDataObject> {
		this.record('updateAlert', alertId, changes);
		return { id: alertId, ...changes };
	}

	async addAlertComment(alertId: string, comment: string): Promise<IDataObject> {
		this.record('addAlertComment', alertId, comment);
		return { comment };
	}

	async runHuntingQuery(query: string, options?: { timespan?: string }): Promise<HuntingResult> {
		this.record('runHuntingQuery', query, options);
		return this.huntingResult;
	}

	summarizeIncident(incident: IDataObject): IncidentSummary {
		return {
			id: String(incident.id),
			title: String(incident.displayName ?? ''),
			severity: String(incident.severity ?? 'unknown'),
			status: String(incident.status ?? 'active'),
			classification: String(incident.classification ?? 'unknown'),
			determination: String(incident.determination ?? 'unknown'),
			assignedTo: (incident.assignedTo as string | undefined) ?? null,
			tags: (incident.customTags as string[] | undefined) ?? [],
			createdAt: String(incident.createdDateTime ?? ''),
			updatedAt: String(incident.lastUpdateDateTime ?? ''),
			url: (incident.incidentWebUrl as string | undefined) ?? null,
			alertCount: Array.isArray(incident.alerts) ? incident.alerts.length : null,
			redirectedTo: null,
			commentCount: 0,
		};
	}

	summarizeAlert(alert: IDataObject): AlertSummary {
		return {
			id: String(alert.id),
			incidentId: (alert.incidentId as string | undefined) ?? null,
			title: String(alert.title ?? ''),
			severity: String(alert.severity ?? 'unknown'),
			status: String(alert.status ?? 'new'),
			classification: null,
			determination: null,
			category: null,
			serviceSource: null,
			assignedTo: null,
			createdAt: '',
			updatedAt: '',
			url: (alert.alertWebUrl as string | undefined) ?? null,
		};
	}
}

export function incident(id: string, extra: IDataObject = {}): IDataObject {
	return {
		id,
		displayName: `Incident ${id}`,
		severity: 'high',
		status: 'active',
		customTags: [],
		incidentWebUrl: `https://security.microsoft.com/incidents/${id}?tid=t`,
		...extra,
	};
}

export function alert(id: string, extra: IDataObject = {}): IDataObject {
	return { id, title: `Alert ${id}`, severity: 'medium', status: 'new', ...extra };
}
