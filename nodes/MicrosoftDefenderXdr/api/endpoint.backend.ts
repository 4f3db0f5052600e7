import { sleep, type IDataObject } from 'n8n-workflow';

import {
	activeActionStatuses,
	contradictsRequest,
	deviceActionRequest,
	deviceActions,
	endpointPageLimit,
	indicatorBatchLimit,
	isAlreadyInProgress,
	isFinalStatus,
	isSameRequest,
	unquotedLink,
	type DeviceActionName,
} from '../model/endpoint';
import type { EndpointOperation } from '../model/permissions';
import { allOf, anyOf, odataString } from '../transport/odata';
import { listPages, listValue } from '../transport/paging';
import type { DefenderClient, Refusal } from '../transport/request';

/*
 * The Microsoft Defender for Endpoint API behind its own interface, so that a Microsoft Graph implementation can
 * replace it once Graph offers on-demand device actions and indicators (it has none yet).
 */

export interface DeviceQuery {
	namePrefix?: string;
	healthStatuses?: string[];
	riskScores?: string[];
	exposureLevels?: string[];
	osPlatform?: string;
	tag?: string;
	lastSeenAfter?: string;
}

export interface DeviceActionQuery {
	deviceId?: string;
	types?: string[];
	statuses?: string[];
	createdAfter?: string;
}

export interface IndicatorQuery {
	indicatorTypes?: string[];
	actions?: string[];
	value?: string;
}

/**
 * A device action as Defender recorded it (`alreadyPending` when this same request was pending before this run
 * asked), or, when nothing was sent, the other pending action that blocks it.
 */
export type DeviceActionResult = { action: IDataObject; alreadyPending: boolean } | { blockedBy: IDataObject };

export interface WaitBound {
	/** The most the wait may take, on the client's clock. */
	maxWaitMilliseconds: number;
}

/**
 * One indicator's own result in a batch: the indicator as imported, or why Defender refused it; `failure` when
 * the request that carried it failed as a whole (the error to report).
 */
export type ImportResult = { ok: true; id: string; indicator: string } | { ok: false; indicator: string; reason: string; failure?: Error };

export interface EndpointBackend {
	listDevices(query: DeviceQuery, options?: { limit?: number }): AsyncIterable<IDataObject[]>;
	getDevice(id: string): Promise<IDataObject>;
	findDevicesByIp(ip: string, at: string): Promise<IDataObject[]>;
	tagDevice(id: string, tag: string, change: 'Add' | 'Remove'): Promise<IDataObject>;
	/**
	 * Sends a device action unless the same request (type, scope, file) is still pending on the device: the same
	 * request is never sent twice, and a different one is never answered with another's action.
	 */
	runDeviceAction(id: string, action: DeviceActionName, body: IDataObject): Promise<DeviceActionResult>;
	/** Polls the action until it is final or the bound is reached; answers the action as last read. */
	waitForDeviceAction(actionId: string, bound: WaitBound): Promise<{ action: IDataObject; finished: boolean }>;
	getDeviceAction(id: string): Promise<IDataObject>;
	listDeviceActions(query: DeviceActionQuery, options?: { limit?: number }): AsyncIterable<IDataObject[]>;
	cancelDeviceAction(id: string, comment: string): Promise<IDataObject>;
	/** The investigation package's download link, or undefined while it is not ready. */
	investigationPackageLink(actionId: string): Promise<string | undefined>;
	listIndicators(query: IndicatorQuery, options?: { limit?: number }): AsyncIterable<IDataObject[]>;
	submitIndicator(indicator: IDataObject): Promise<IDataObject>;
	/**
	 * Imports in requests of at most 500, each sent once, with no value twice in one request; one result per
	 * indicator, in order, found by its value in Defender's answer. A failed request fails only its own indicators.
	 */
	importIndicators(indicators: IDataObject[]): Promise<ImportResult[]>;
	deleteIndicator(id: string): Promise<void>;
}

/** The first poll of a waiting action, and the longest pause between polls (well within 100 calls a minute). */
export interface CompletionPolling {
	firstPollMilliseconds: number;
	maxPollMilliseconds: number;
}

export const defaultCompletionPolling: CompletionPolling = { firstPollMilliseconds: 2_000, maxPollMilliseconds: 30_000 };

const operationOfAction: Record<DeviceActionName, EndpointOperation> = {
	isolate: 'isolateMachine',
	releaseFromIsolation: 'releaseMachine',
	runAntivirusScan: 'scanMachine',
	restrictAppExecution: 'restrictMachine',
	removeAppRestriction: 'unrestrictMachine',
	collectInvestigationPackage: 'collectInvestigationPackage',
	stopAndQuarantineFile: 'stopAndQuarantineFile',
};

/** Positions split into requests of at most 500 in which no value appears twice, so answers pair by value. */
function importChunks(values: string[]): number[][] {
	const chunks: Array<{ positions: number[]; values: Set<string> }> = [];
	values.forEach((value, position) => {
		let chunk = chunks.find((candidate) => candidate.positions.length < indicatorBatchLimit && !candidate.values.has(value));
		if (!chunk) {
			chunk = { positions: [], values: new Set() };
			chunks.push(chunk);
		}
		chunk.positions.push(position);
		chunk.values.add(value);
	});
	return chunks.map((chunk) => chunk.positions);
}

export class EndpointApiBackend implements EndpointBackend {
	constructor(
		private readonly client: DefenderClient<EndpointOperation>,
		private readonly polling: CompletionPolling = defaultCompletionPolling,
	) {}

	/**
	 * The shared paging (`$top`/`$skip` pages of at most 10,000, next links if Defender sends them, the page bound,
	 * and an answer without `value` refused). `emptyOn404`: the list answers 404 when it has nothing (machines,
	 * section 3.1), which is an empty page, not a missing item.
	 */
	private pages(operation: EndpointOperation, path: string, filter: string | undefined, limit: number | undefined, emptyOn404 = false): AsyncIterable<IDataObject[]> {
		const recover = emptyOn404 ? async (refusal: Refusal) => (refusal.status === 404 ? { value: [] } : undefined) : undefined;
		return listPages(this.client, {
			request: { operation, method: 'GET', path, query: filter ? { $filter: filter } : {}, recover },
			pageSize: endpointPageLimit,
			limit,
			skipPaging: true,
		});
	}

	listDevices(query: DeviceQuery, options: { limit?: number } = {}): AsyncIterable<IDataObject[]> {
		const filter = allOf([
			query.namePrefix ? `startswith(computerDnsName,${odataString(query.namePrefix)})` : undefined,
			anyOf('healthStatus', query.healthStatuses),
			anyOf('riskScore', query.riskScores),
			anyOf('exposureLevel', query.exposureLevels),
			query.osPlatform ? `osPlatform eq ${odataString(query.osPlatform)}` : undefined,
			query.tag ? `machineTags/any(tag: tag eq ${odataString(query.tag)})` : undefined,
			query.lastSeenAfter ? `lastSeen gt ${new Date(query.lastSeenAfter).toISOString()}` : undefined,
		]);
		return this.pages('listMachines', '/machines', filter, options.limit, true);
	}

	async getDevice(id: string): Promise<IDataObject> {
		return await this.client.request({ operation: 'getMachine', method: 'GET', path: `/machines/${encodeURIComponent(id)}`, subject: `Device ${id}` });
	}

	async findDevicesByIp(ip: string, at: string): Promise<IDataObject[]> {
		const timestamp = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const path = `/machines/findbyip(ip=${odataString(ip)},timestamp=${timestamp})`;
		return listValue(this.client, await this.client.request({ operation: 'findMachinesByIp', method: 'GET', path }));
	}

	async tagDevice(id: string, tag: string, change: 'Add' | 'Remove'): Promise<IDataObject> {
		// Adding a tag twice leaves one tag, so a retry cannot duplicate it.
		return await this.client.request({ operation: 'tagMachine', method: 'POST', path: `/machines/${encodeURIComponent(id)}/tags`, body: { Value: tag, Action: change }, subject: `Device ${id}` });
	}

	/** The Pending or InProgress actions of a type on a device. */
	private async pendingActions(deviceId: string, type: string): Promise<IDataObject[]> {
		const filter = allOf([`machineId eq ${odataString(deviceId)}`, `type eq ${odataString(type)}`, anyOf('status', activeActionStatuses)]);
		const pending: IDataObject[] = [];
		for await (const page of this.pages('listMachineActions', '/machineactions', filter, undefined)) pending.push(...page);
		return pending;
	}

	async runDeviceAction(id: string, name: DeviceActionName, body: IDataObject): Promise<DeviceActionResult> {
		const request = deviceActionRequest(name, body);
		const sameRequestPending = async () => (await this.pendingActions(id, request.type)).find((action) => isSameRequest(action, request));
		const pendingBefore = await this.pendingActions(id, request.type);
		const before = pendingBefore.find((action) => isSameRequest(action, request));
		if (before) return { action: before, alreadyPending: true };
		let outcome: DeviceActionResult | undefined;
		const answer = await this.client.request({
			operation: operationOfAction[name],
			method: 'POST',
			path: `/machines/${encodeURIComponent(id)}/${deviceActions[name].segment}`,
			body,
			subject: `Device ${id}`,
			// After a dropped connection the action may exist: read back before sending it again.
			reconcile: sameRequestPending,
			// "Action is already in progress": the same request won a race, or another action blocks this one.
			recover: async (refusal) => {
				if (refusal.status !== 400 || !isAlreadyInProgress(refusal.code, refusal.message)) return undefined;
				const pending = await this.pendingActions(id, request.type);
				const same = pending.find((action) => isSameRequest(action, request));
				outcome = same ? { action: same, alreadyPending: true } : pending.length > 0 ? { blockedBy: pending[0] } : undefined;
				return same ?? pending[0];
			},
		});
		if (outcome) return outcome;
		// Defender may answer a blocked request with the pending action instead of a refusal (section 2.2).
		const wasPending = pendingBefore.some((action) => action.id === answer.id);
		return wasPending || contradictsRequest(answer, request) ? { blockedBy: answer } : { action: answer, alreadyPending: false };
	}

	async waitForDeviceAction(actionId: string, bound: WaitBound): Promise<{ action: IDataObject; finished: boolean }> {
		const deadline = this.client.now().getTime() + bound.maxWaitMilliseconds;
		let pause = this.polling.firstPollMilliseconds;
		for (;;) {
			const action = await this.getDeviceAction(actionId);
			if (isFinalStatus(action.status)) return { action, finished: true };
			const left = deadline - this.client.now().getTime();
			if (left <= 0) return { action, finished: false };
			await sleep(Math.min(pause, left));
			pause = Math.min(pause * 2, this.polling.maxPollMilliseconds);
		}
	}

	async getDeviceAction(id: string): Promise<IDataObject> {
		return await this.client.request({ operation: 'getMachineAction', method: 'GET', path: `/machineactions/${encodeURIComponent(id)}`, subject: `Device action ${id}` });
	}

	listDeviceActions(query: DeviceActionQuery, options: { limit?: number } = {}): AsyncIterable<IDataObject[]> {
		const filter = allOf([
			query.deviceId ? `machineId eq ${odataString(query.deviceId)}` : undefined,
			anyOf('type', query.types),
			anyOf('status', query.statuses),
			query.createdAfter ? `creationDateTimeUtc gt ${new Date(query.createdAfter).toISOString()}` : undefined,
		]);
		return this.pages('listMachineActions', '/machineactions', filter, options.limit);
	}

	async cancelDeviceAction(id: string, comment: string): Promise<IDataObject> {
		return await this.client.request({
			operation: 'cancelMachineAction',
			method: 'POST',
			path: `/machineactions/${encodeURIComponent(id)}/cancel`,
			body: { Comment: comment },
			subject: `Device action ${id}`,
			reconcile: async () => {
				const action = await this.getDeviceAction(id);
				return action.status === 'Cancelled' ? action : undefined;
			},
		});
	}

	async investigationPackageLink(actionId: string): Promise<string | undefined> {
		let ready = true;
		const answer = await this.client.request({
			operation: 'getPackageUri',
			method: 'GET',
			path: `/machineactions/${encodeURIComponent(actionId)}/GetPackageUri`,
			// 404 means the collection is not complete yet (section 2.6).
			recover: async (refusal) => {
				if (refusal.status !== 404) return undefined;
				ready = false;
				return {};
			},
		});
		return ready ? unquotedLink(answer.value) : undefined;
	}

	listIndicators(query: IndicatorQuery, options: { limit?: number } = {}): AsyncIterable<IDataObject[]> {
		const filter = allOf([anyOf('indicatorType', query.indicatorTypes), anyOf('action', query.actions), query.value ? `indicatorValue eq ${odataString(query.value)}` : undefined]);
		return this.pages('listIndicators', '/indicators', filter, options.limit);
	}

	async submitIndicator(indicator: IDataObject): Promise<IDataObject> {
		// Submit is "create or update" by type and value, so sending it again after a dropped connection is safe.
		return await this.client.request({ operation: 'submitIndicator', method: 'POST', path: '/indicators', body: indicator });
	}

	async importIndicators(indicators: IDataObject[]): Promise<ImportResult[]> {
		const valueOf = (position: number) => String(indicators[position].indicatorValue);
		const results: ImportResult[] = [];
		for (const chunk of importChunks(indicators.map((_indicator, position) => valueOf(position).toLowerCase()))) {
			let entries: IDataObject[];
			try {
				entries = listValue(this.client, await this.client.request({ operation: 'importIndicators', method: 'POST', path: '/indicators/import', body: { Indicators: chunk.map((position) => indicators[position]) } }));
			} catch (error) {
				const failure = error instanceof Error ? error : new Error(String(error));
				for (const position of chunk) results[position] = { ok: false, indicator: valueOf(position), reason: failure.message, failure };
				continue;
			}
			// Defender's answer names each result's value; its order is not documented.
			const byValue = new Map(entries.filter((entry) => typeof entry.indicator === 'string').map((entry) => [String(entry.indicator).toLowerCase(), entry]));
			for (const position of chunk) {
				const entry = byValue.get(valueOf(position).toLowerCase()) ?? {};
				results[position] =
					entry.isFailed === false && entry.id !== undefined && entry.id !== null
						? { ok: true, id: String(entry.id), indicator: valueOf(position) }
						: { ok: false, indicator: valueOf(position), reason: typeof entry.failureReason === 'string' ? entry.failureReason : 'Defender returned no result for this indicator' };
			}
		}
		return results;
	}

	async deleteIndicator(id: string): Promise<void> {
		await this.client.request({
			operation: 'deleteIndicator',
			method: 'DELETE',
			path: `/indicators/${encodeURIComponent(id)}`,
			subject: `Indicator ${id}`,
			// A retry after a delete that landed finds it gone: that is the wanted outcome.
			recover: async (refusal) => (refusal.status === 404 && refusal.attempt > 1 ? {} : undefined),
		});
	}
}
