import { SeededRandom } from './random.cjs';
import type { RateFamily } from './routes.cjs';

/**
 * The unpleasant parts of Microsoft's services: throttling and injected faults. Rate-limit windows run on real
 * time (a client waiting out a Retry-After waits real seconds, whatever the emulator's clock says).
 */

export interface RateLimit {
	requests: number;
	windowSeconds: number;
}

/** The documented limits per app and tenant (docs/api-contract.md, section 8). */
export const documentedRateLimits: Record<RateFamily, RateLimit[]> = {
	graph: [{ requests: 150, windowSeconds: 60 }],
	hunting: [{ requests: 45, windowSeconds: 60 }],
	legacyIncidents: [
		{ requests: 50, windowSeconds: 60 },
		{ requests: 1500, windowSeconds: 3600 },
	],
	legacyGet: [{ requests: 100, windowSeconds: 60 }],
	// Defender for Endpoint: 100 a minute and 1,500 an hour per API; import 30 a minute; batch delete 30 a minute
	// and 1,500 an hour; the package link 2 a minute and 120 an hour (defender-endpoint-api.md sections 2-4).
	endpointRead: [
		{ requests: 100, windowSeconds: 60 },
		{ requests: 1500, windowSeconds: 3600 },
	],
	endpointAction: [
		{ requests: 100, windowSeconds: 60 },
		{ requests: 1500, windowSeconds: 3600 },
	],
	endpointIndicator: [
		{ requests: 100, windowSeconds: 60 },
		{ requests: 1500, windowSeconds: 3600 },
	],
	endpointImport: [{ requests: 30, windowSeconds: 60 }],
	endpointBatchDelete: [
		{ requests: 30, windowSeconds: 60 },
		{ requests: 1500, windowSeconds: 3600 },
	],
	endpointPackage: [
		{ requests: 2, windowSeconds: 60 },
		{ requests: 120, windowSeconds: 3600 },
	],
};

export type FaultKind = 'status' | 'reset' | 'resetAfterProcessing' | 'truncated' | 'latency';

export interface ScheduledFault {
	method?: string;
	/** Applies to requests whose path contains this text. */
	pathContains?: string;
	/** How many matching requests fail (default 1). */
	count?: number;
	kind: Exclude<FaultKind, 'latency'>;
	/** For kind status (default 503). */
	status?: number;
	/** For 429: the Retry-After header in seconds (Graph). */
	retryAfterSeconds?: number;
	/** For 429: answer like the legacy API, with the quota message in the body and no Retry-After header. */
	legacyQuotaBody?: boolean;
}

export interface RandomFaults {
	/** Probabilities per request, between 0 and 1. A random 429 asks for a 1-second wait. */
	status429?: number;
	status500?: number;
	status503?: number;
	status504?: number;
	reset?: number;
	truncated?: number;
	/** Added to every answer. */
	latencyMilliseconds?: number;
	seed?: number;
}

export interface FaultDecision {
	kind: Exclude<FaultKind, 'latency'>;
	status?: number;
	retryAfterSeconds?: number;
	legacyQuotaBody?: boolean;
}

export class Realism {
	private scheduled: Array<ScheduledFault & { remaining: number }> = [];

	private random: RandomFaults = {};

	private randomSource = new SeededRandom(7);

	private limits: Record<RateFamily, RateLimit[]> | undefined;

	/** Request times per client and family, for sliding windows. */
	private history = new Map<string, number[]>();

	constructor(rateLimits: boolean) {
		this.limits = rateLimits ? documentedRateLimits : undefined;
	}

	failNext(fault: ScheduledFault): void {
		this.scheduled.push({ ...fault, remaining: fault.count ?? 1 });
	}

	setFaults(faults: RandomFaults): void {
		this.random = { ...faults };
		this.randomSource = new SeededRandom(faults.seed ?? 7);
	}

	clearFaults(): void {
		this.scheduled = [];
		this.random = {};
	}

	get latencyMilliseconds(): number {
		return this.random.latencyMilliseconds ?? 0;
	}

	/** `null` switches throttling off; no argument restores the documented limits. */
	setRateLimits(limits?: Partial<Record<RateFamily, RateLimit[]>> | null): void {
		this.limits = limits === null ? undefined : { ...documentedRateLimits, ...limits };
		this.history.clear();
	}

	/** A scheduled fault for this request, else perhaps a random one. */
	faultFor(method: string, path: string): FaultDecision | undefined {
		const index = this.scheduled.findIndex(
			(fault) => (fault.method === undefined || fault.method.toUpperCase() === method) && (fault.pathContains === undefined || path.includes(fault.pathContains)),
		);
		if (index >= 0) {
			const fault = this.scheduled[index];
			fault.remaining--;
			if (fault.remaining <= 0) this.scheduled.splice(index, 1);
			return { kind: fault.kind, status: fault.kind === 'status' ? (fault.status ?? 503) : undefined, retryAfterSeconds: fault.retryAfterSeconds, legacyQuotaBody: fault.legacyQuotaBody };
		}
		const roll = this.randomSource.next();
		let threshold = 0;
		for (const [probability, decision] of [
			[this.random.status429, { kind: 'status', status: 429, retryAfterSeconds: 1 }],
			[this.random.status500, { kind: 'status', status: 500 }],
			[this.random.status503, { kind: 'status', status: 503 }],
			[this.random.status504, { kind: 'status', status: 504 }],
			[this.random.reset, { kind: 'reset' }],
			[this.random.truncated, { kind: 'truncated' }],
		] as Array<[number | undefined, FaultDecision]>) {
			threshold += probability ?? 0;
			if (roll < threshold) return decision;
		}
		return undefined;
	}

	/** Counts the request; answers how long to wait if it is over a limit (and then it does not count). */
	throttle(clientKey: string, family: RateFamily): { retryAfterSeconds: number; limit: RateLimit } | undefined {
		const limits = this.limits?.[family];
		if (!limits) return undefined;
		const key = `${clientKey}|${family}`;
		const now = Date.now();
		const longest = Math.max(...limits.map((limit) => limit.windowSeconds)) * 1000;
		const times = (this.history.get(key) ?? []).filter((time) => time > now - longest);
		for (const limit of limits) {
			const inWindow = times.filter((time) => time > now - limit.windowSeconds * 1000);
			if (inWindow.length >= limit.requests) {
				this.history.set(key, times);
				const freesAt = inWindow[inWindow.length - limit.requests] + limit.windowSeconds * 1000;
				return { retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)), limit };
			}
		}
		times.push(now);
		this.history.set(key, times);
		return undefined;
	}
}

/** The legacy API's throttling message, e.g. "maximum allowed 45 per 00:01:00". */
export function legacyQuotaMessage(limit: RateLimit): string {
	const hours = Math.floor(limit.windowSeconds / 3600);
	const minutes = Math.floor((limit.windowSeconds % 3600) / 60);
	const seconds = limit.windowSeconds % 60;
	const window = [hours, minutes, seconds].map((part) => String(part).padStart(2, '0')).join(':');
	return `API calls quota exceeded! maximum allowed ${limit.requests} per ${window}`;
}
