import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeExecutionHint,
} from 'n8n-workflow';

import type { DefenderBackend } from '../../nodes/MicrosoftDefenderXdr/api/backend';
import type {
	AlertChanges,
	AlertQuery,
	AlertRecord,
	HuntingResult,
	IncidentChanges,
	IncidentQuery,
	IncidentRecord,
	ListOptions,
} from '../../nodes/MicrosoftDefenderXdr/model/records';

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
	/** The node's type; n8n runs the node as an AI agent's tool under its type name plus "Tool". */
	nodeType?: string;
	/** The credential's tenant; none by default, so output items carry only what the operation returned. */
	tenantId?: string;
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
		getNode: () => (options.nodeType ? { ...testNode, type: options.nodeType } : testNode),
		getInputData: () => inputItems,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => ({ tenantId: options.tenantId ?? '' }),
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

	private async *pages<Item>(items: IDataObject[], toRecord: (item: IDataObject) => Item): AsyncIterable<Item[]> {
		for (const page of chunk(items, this.pageSize)) {
			this.pagesServed++;
			yield page.map(toRecord);
		}
	}

	listIncidents(query: IncidentQuery, options?: ListOptions): AsyncIterable<IncidentRecord[]> {
		this.record('listIncidents', query, options);
		return this.pages(this.incidents, (item) => incidentRecord(item, query.includeAlerts));
	}

	private findIncident(incidentId: string): IDataObject {
		const incident = this.incidents.find((candidate) => candidate.id === incidentId);
		if (!incident) throw new Error(`Incident ${incidentId} was not found`);
		return incident;
	}

	async getIncident(incidentId: string, options?: { includeAlerts?: boolean }): Promise<IncidentRecord> {
		this.record('getIncident', incidentId, options);
		return incidentRecord({ ...this.findIncident(incidentId) }, options?.includeAlerts);
	}

	async updateIncident(incidentId: string, changes: IncidentChanges): Promise<IncidentRecord> {
		this.record('updateIncident', incidentId, changes);
		const incident = this.findIncident(incidentId);
		const { tags, ...rest } = changes;
		Object.assign(incident, rest, tags === undefined ? {} : { customTags: tags });
		return incidentRecord({ ...incident });
	}

	async addIncidentComment(incidentId: string, comment: string): Promise<IDataObject> {
		this.record('addIncidentComment', incidentId, comment);
		// What the Graph backend answers: the incident's comments, each an alertComment (docs/api-contract.md, 5.3).
		return { incidentId, comments: [{ comment, createdByDisplayName: 'n8n', createdDateTime: '2026-01-01T00:00:00Z' }] };
	}

	listAlerts(query: AlertQuery, options?: ListOptions): AsyncIterable<AlertRecord[]> {
		this.record('listAlerts', query, options);
		return this.pages(this.alerts, alertRecord);
	}

	async getAlert(alertId: string): Promise<AlertRecord> {
		this.record('getAlert', alertId);
		const alert = this.alerts.find((candidate) => candidate.id === alertId);
		if (!alert) throw new Error(`Alert ${alertId} was not found`);
		return alertRecord({ ...alert });
	}

	async updateAlert(alertId: string, changes: AlertChanges): Promise<AlertRecord> {
		this.record('updateAlert', alertId, changes);
		return alertRecord({ id: alertId, ...changes });
	}

	async addAlertComment(alertId: string, comment: string): Promise<IDataObject> {
		this.record('addAlertComment', alertId, comment);
		return { comment };
	}

	async runHuntingQuery(query: string, options?: { timespan?: string }): Promise<HuntingResult> {
		this.record('runHuntingQuery', query, options);
		return this.huntingResult;
	}

	/** The investigation templates' queries; `templateAnswer` answers by query when set. */
	templateAnswer?: (query: string) => HuntingResult;

	async runTemplateQuery(query: string, options?: { timespan?: string }): Promise<HuntingResult> {
		this.record('runTemplateQuery', query, options);
		return this.templateAnswer ? this.templateAnswer(query) : this.huntingResult;
	}
}

/** A Graph-shaped incident with a summary as simple as the tests need. */
export function incidentRecord(incident: IDataObject, includeAlerts = false): IncidentRecord {
	const alerts = Array.isArray(incident.alerts) ? (incident.alerts as IDataObject[]) : undefined;
	return {
		raw: incident,
		summary: {
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
			redirectedTo: null,
			commentCount: 0,
			...(includeAlerts && alerts ? { alertCount: alerts.length, alerts: alerts.map((alert) => alertRecord(alert).summary) } : {}),
		},
	};
}

export function alertRecord(alert: IDataObject): AlertRecord {
	return {
		raw: alert,
		summary: {
			id: String(alert.id),
			incidentId: (alert.incidentId as string | undefined) ?? null,
			title: String(alert.title ?? ''),
			severity: String(alert.severity ?? 'unknown'),
			status: String(alert.status ?? 'new'),
			classification: 'unknown',
			determination: 'unknown',
			category: null,
			categories: [],
			serviceSource: null,
			assignedTo: null,
			createdAt: '',
			updatedAt: '',
			url: (alert.alertWebUrl as string | undefined) ?? null,
		},
	};
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
