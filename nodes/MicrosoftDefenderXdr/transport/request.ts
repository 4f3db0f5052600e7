import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type INode,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import type { AccessExplanation } from '../auth/accessFailure';
import type { DefenderOperation } from '../model/permissions';
import {
	apiErrorCode,
	apiErrorMessage,
	asRecord,
	clip,
	readExchangeFailure,
	redact,
	retryAfterMilliseconds,
	type ExchangeFailure,
} from './failures';
import { credentialSecrets } from './redaction';

export interface RequestRate {
	requests: number;
	windowMilliseconds: number;
}

/** What the client needs to know of the API it talks to; the profiles live with the backends (`api/profiles.ts`). */
export interface ApiProfile<Operation extends string> {
	/** The n8n credential whose token signs the requests. */
	credentialType: string;
	/** The product the API belongs to, as messages name it. */
	productName: string;
	/** What a 404 can mean on this API, after "Check the ID." */
	notFoundAdvice: string;
	/** Where operation paths are appended; the token never leaves this API. */
	baseUrl: string;
	origin: string;
	/** Entra's token endpoint, named when signing in fails. */
	tokenUrl: string;
	/** The rate to keep to once throttled. */
	documentedRate: RequestRate;
	/** The API's rates in words, for the throttling message. */
	rateAdvice: string;
	/** Why the API refused a request with 401 or 403, from the token's claims. */
	explainAccessFailure(failure: { operation: Operation; status: 401 | 403; apiMessage?: string; accessToken: unknown; now: Date }): AccessExplanation;
}

export type DefenderContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface RetryPolicy {
	/**
	 * Longest time one request may take in total, from its first attempt to its last answer: throttling, pacing,
	 * retries of server errors and dropped connections all count against it (capped at the platform's timer limit).
	 */
	maxWaitMilliseconds: number;
	/** First pause after a server error or a dropped connection; it doubles with each attempt. */
	retryBaseMilliseconds: number;
	/** Attempts for server errors, dropped connections and garbled answers (throttling has its own budget). */
	maxAttempts: number;
	/** The rate to keep to once throttled; defaults to the documented rate of the credential's API. */
	pacedRate?: { requests: number; windowMilliseconds: number };
	/**
	 * The least time one attempt is given to answer when the budget is nearly spent, so a request with little
	 * budget left can still be sent; an attempt otherwise times out when the budget ends.
	 */
	minimumAttemptMilliseconds: number;
}

export const defaultRetryPolicy: RetryPolicy = {
	maxWaitMilliseconds: 60_000,
	retryBaseMilliseconds: 1_000,
	maxAttempts: 4,
	minimumAttemptMilliseconds: 30_000,
};

/** The platform timer's limit: a longer timer fires at once, so no wait and no budget may exceed it. */
export const longestTimerMilliseconds = 2 ** 31 - 1;

/** Redirects followed within the API for one attempt; more is a loop. */
const maximumRedirects = 5;

const redirectStatuses = [301, 302, 303, 307, 308];

/** A 4xx answer as the request's `recover` sees it. */
export interface Refusal {
	status: number;
	code?: string;
	message?: string;
	/** 1 for the first attempt; more when this answer came to a retry. */
	attempt: number;
}

export interface ApiRequest<Operation extends string = DefenderOperation> {
	operation: Operation;
	method: IHttpRequestMethods;
	/** A path below the API's base URL (`/security/incidents`), or an absolute URL of the API (a next link). */
	path: string;
	query?: IDataObject;
	body?: IDataObject;
	headers?: Record<string, string>;
	/** What the request is about, for "not found" messages, e.g. `Incident 42`. */
	subject?: string;
	/** What a refusal (4xx) names as rejected, e.g. `The hunting query`; by default the message names the product. */
	rejectedItem?: string;
	/** The least time one attempt is given to answer, when this request needs longer than the policy's minimum. */
	minimumAttemptMilliseconds?: number;
	/**
	 * For requests that must not be sent twice (adding a comment): after an answer that leaves it unclear whether
	 * the request took effect, this reads back and returns the result if it did, so a retry cannot duplicate it.
	 */
	reconcile?: () => Promise<IDataObject | undefined>;
	/** For a refusal that is an expected outcome (an action already pending): the result to return instead. */
	recover?: (refusal: Refusal) => Promise<IDataObject | undefined>;
}

/**
 * An error in this package's words. NodeApiError replaces any message that mentions a network code
 * (ECONNRESET, ...) with n8n's generic text, so the message is set again once it is built.
 */
export function defenderError(node: INode, message: string, description: string, httpCode?: string): NodeApiError {
	const error = new NodeApiError(node, { message } as JsonObject, { message, description, httpCode });
	error.message = message;
	return error;
}

/** A failure after which sending the same request again may succeed. */
function isTransient(failure: ExchangeFailure): boolean {
	if (failure.networkCode !== undefined) return true;
	return failure.status !== undefined && [500, 502, 503, 504].includes(failure.status);
}

/** How one attempt ended: an answer, a failure that may be retried, or a refusal that ends the request. */
type Attempt = { answer: IDataObject } | { failure: ExchangeFailure } | { refusal: NodeApiError };

/** An answer that is not what Microsoft documents; retried like a dropped connection. */
function malformed(what: string): { failure: ExchangeFailure } {
	return { failure: { headers: {}, body: undefined, message: what, networkCode: 'ERR_BAD_RESPONSE' } };
}

/**
 * The only place that sends HTTP requests to Defender. n8n signs each request with the credential's OAuth2
 * token (and renews it once on a 401); this adds Defender's throttling rules, bounded retries, the check that
 * the token only ever goes to the configured API host, and error messages a security engineer can act on.
 */
export class DefenderClient<Operation extends string = DefenderOperation> {
	readonly baseUrl: string;

	private readonly origin: string;

	/** When this client's requests were sent, for pacing (one execution or poll; nothing outlives it). */
	private readonly sentAt: number[] = [];

	/** Set by the first 429: from then on requests keep to the documented rate instead of running into more. */
	private pacing = false;

	constructor(
		private readonly context: DefenderContext,
		private readonly profile: ApiProfile<Operation>,
		private readonly policy: RetryPolicy,
		private readonly clock: () => Date = () => new Date(),
	) {
		this.baseUrl = profile.baseUrl;
		this.origin = profile.origin;
	}

	/** The client's clock, which bounds every wait. */
	now(): Date {
		return this.clock();
	}

	/**
	 * Resolves a path or an absolute URL (a next link from the API) and refuses any URL outside the configured
	 * API, because n8n would attach the bearer token to it.
	 */
	resolveUrl(pathOrUrl: string): string {
		if (pathOrUrl.startsWith('/')) return this.baseUrl + pathOrUrl;
		return this.pinnedUrl(pathOrUrl, 'next link');
	}

	/** The URL if it lies inside the configured API (its origin and base path); anything else is refused. */
	private pinnedUrl(target: string, kind: 'next link' | 'redirect'): string {
		const pinned = this.pin(target, kind);
		if (typeof pinned !== 'string') throw pinned;
		return pinned;
	}

	/** The URL (relative to `from`, for a redirect's Location) inside the configured API, or the error that refuses it. */
	private pin(target: string, kind: 'next link' | 'redirect', from?: string): string | NodeApiError {
		let url: URL;
		try {
			url = new URL(target, from);
		} catch {
			return this.malformedAnswerError(`a ${kind} that is not a URL (${JSON.stringify(target.slice(0, 200))})`);
		}
		const base = new URL(this.baseUrl);
		if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname + '/')) {
			return defenderError(
				this.context.getNode(),
				`Refused to follow a ${kind} to ${url.origin}${url.pathname}: it is outside the configured API ${this.baseUrl}`,
				'The access token is only ever sent to the API configured in the credential. If the API moved, update the credential\'s Cloud or custom API URL.',
			);
		}
		return url.toString();
	}

	/**
	 * Sends one request with its retries. Every path that waits (pacing, throttling, server errors, dropped
	 * connections, an attempt that never answers) spends the same budget, so a request ends within Max Wait plus
	 * at most one attempt's minimum time.
	 */
	async request(request: ApiRequest<Operation>): Promise<IDataObject> {
		const startedAt = this.clock().getTime();
		const deadline = startedAt + Math.min(this.policy.maxWaitMilliseconds, longestTimerMilliseconds);
		const remaining = () => Math.max(0, deadline - this.clock().getTime());
		const spent = () => this.clock().getTime() - startedAt;
		let failedAttempts = 0;
		const url = this.resolveUrl(request.path);
		for (;;) {
			const pacingMilliseconds = this.pacingWait();
			if (pacingMilliseconds > remaining()) throw this.throttlingError(pacingMilliseconds, spent());
			if (pacingMilliseconds > 0) await sleep(pacingMilliseconds);
			this.sentAt.push(this.clock().getTime());

			const attempt = await this.send(request, url, this.attemptTimeout(request, remaining()));
			if ('answer' in attempt) return attempt.answer;
			if ('refusal' in attempt) throw attempt.refusal;
			const { failure } = attempt;
			if (request.recover && failure.status !== undefined && failure.status >= 400 && failure.status < 500 && failure.status !== 429) {
				const recovered = await request.recover({
					status: failure.status,
					code: apiErrorCode(failure.body),
					message: apiErrorMessage(failure.body),
					attempt: failedAttempts + 1,
				});
				if (recovered) return recovered;
			}
			if (request.reconcile && failure.status !== 429 && !(failure.status && failure.status < 500)) {
				const landed = await request.reconcile();
				if (landed) return landed;
			}

			let waitMilliseconds: number | undefined;
			if (failure.status === 429) {
				this.pacing = true;
				waitMilliseconds = retryAfterMilliseconds(failure, this.clock()) ?? this.backoff(failedAttempts);
			} else if (isTransient(failure) && failure.signIn === undefined && failedAttempts + 1 < this.policy.maxAttempts) {
				waitMilliseconds = this.backoff(failedAttempts);
			}
			failedAttempts++;
			if (waitMilliseconds === undefined || waitMilliseconds > remaining()) {
				throw await this.translate(request, failure, { failedAttempts, waitedMilliseconds: spent(), waitMilliseconds });
			}
			await sleep(waitMilliseconds);
		}
	}

	/** The remaining budget, but never less than an attempt needs to be answered at all. */
	private attemptTimeout(request: ApiRequest<Operation>, remainingMilliseconds: number): number {
		const minimum = Math.max(request.minimumAttemptMilliseconds ?? 0, this.policy.minimumAttemptMilliseconds);
		return Math.ceil(Math.min(Math.max(remainingMilliseconds, minimum), longestTimerMilliseconds));
	}

	/** Exponential back-off with jitter, so parallel requests and workers do not retry in lockstep. */
	private backoff(failedAttempts: number): number {
		return this.policy.retryBaseMilliseconds * 2 ** failedAttempts * (0.75 + Math.random() * 0.5);
	}

	/** Once throttled, how long to wait until the documented window has room, so a long "Return All" stops causing 429s. */
	private pacingWait(): number {
		const { requests, windowMilliseconds } = this.policy.pacedRate ?? this.profile.documentedRate;
		const now = this.clock().getTime();
		while (this.sentAt.length > 0 && this.sentAt[0] <= now - windowMilliseconds) this.sentAt.shift();
		if (!this.pacing || this.sentAt.length < requests) return 0;
		return Math.max(0, this.sentAt[this.sentAt.length - requests] + windowMilliseconds - now);
	}

	/**
	 * One attempt. n8n is told not to follow redirects, because it would send the token (and a hunting query) to
	 * wherever the API points; redirects inside the configured API are followed here, anything else is refused.
	 */
	private async send(request: ApiRequest<Operation>, url: string, timeout: number): Promise<Attempt> {
		let target = url;
		let method = request.method;
		let body = request.body;
		for (let redirects = 0; ; redirects++) {
			const options: IHttpRequestOptions = {
				method,
				url: target,
				qs: redirects === 0 ? request.query : undefined,
				body,
				headers: { Accept: 'application/json', ...request.headers },
				json: true,
				timeout,
				disableFollowRedirect: true,
			};
			let answer: unknown;
			let failure: ExchangeFailure | undefined;
			try {
				answer = await this.context.helpers.httpRequestWithAuthentication.call(this.context, this.profile.credentialType, options);
			} catch (error) {
				failure = readExchangeFailure(error);
			}
			if (failure) {
				const location = failure.status !== undefined && redirectStatuses.includes(failure.status) ? failure.location : undefined;
				if (location === undefined) return { failure };
				if (redirects >= maximumRedirects) return malformed(`more than ${maximumRedirects} redirects`);
				const pinned = this.pin(location, 'redirect', target);
				if (typeof pinned !== 'string') return { refusal: pinned };
				target = pinned;
				// As browsers do: 303, and 301/302 after anything but GET, continue as a GET without the body.
				if (failure.status === 303 || ((failure.status === 301 || failure.status === 302) && method !== 'GET')) {
					method = 'GET';
					body = undefined;
				}
				continue;
			}
			if (answer === undefined || answer === '' || answer === null) return { answer: {} };
			const record = asRecord(answer);
			// A body that did not parse as JSON arrives as text: it was cut off or is not the API's answer.
			return record ? { answer: record } : malformed('an answer that is not a JSON object');
		}
	}

	/** A request this API cannot serve with the credential's settings; nothing is sent. */
	configurationError(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.context.getNode(), message, { description });
	}

	malformedAnswerError(what: string): NodeApiError {
		return defenderError(
			this.context.getNode(),
			`${this.profile.productName} sent ${what}`,
			'The answer does not have the shape Microsoft documents, so nothing was read from it. This is usually temporary; run the workflow again. Nothing was changed by this node because of it.',
		);
	}

	private async translate(
		request: ApiRequest<Operation>,
		failure: ExchangeFailure,
		progress: { failedAttempts: number; waitedMilliseconds: number; waitMilliseconds?: number },
	): Promise<NodeApiError> {
		const node = this.context.getNode();
		const secrets = await credentialSecrets(this.context, this.profile.credentialType);
		const scrub = (text: string) => redact(text, secrets);
		const rawApiMessage = apiErrorMessage(failure.body);
		const apiMessage = rawApiMessage === undefined ? undefined : clip(scrub(rawApiMessage));
		const httpCode = failure.status === undefined ? undefined : String(failure.status);
		const error = (message: string, description: string) => defenderError(node, scrub(message), scrub(description), httpCode);

		if (failure.signIn !== undefined) {
			const loginOrigin = new URL(this.profile.tokenUrl).origin;
			return failure.networkCode === undefined
				? error(
						`Could not sign in to Microsoft Entra ID: ${failure.signIn}`,
						'n8n could not get an access token for the credential. Check its Tenant ID, Client ID and client secret or certificate (open the credential and test it), or reconnect a delegated credential.',
					)
				: error(
						`Could not reach the sign-in service at ${loginOrigin} (${failure.networkCode})`,
						`n8n could not get an access token for the credential. Check the network path from n8n to ${loginOrigin} (proxy, firewall, DNS).`,
					);
		}

		if (failure.status === 401 || failure.status === 403) {
			const explanation = this.profile.explainAccessFailure({
				operation: request.operation,
				status: failure.status,
				apiMessage,
				accessToken: await this.currentAccessToken(),
				now: this.clock(),
			});
			return error(explanation.message, explanation.description);
		}
		if (failure.status === 404) {
			const subject = request.subject ?? 'The requested item';
			return error(
				`${subject} was not found`,
				`Check the ID. ${this.profile.notFoundAdvice}` +
					(apiMessage ? ` Microsoft's answer: "${apiMessage}"` : ''),
			);
		}
		if (failure.status === 429) {
			return this.throttlingError(progress.waitMilliseconds ?? 0, progress.waitedMilliseconds, apiMessage);
		}
		if (failure.status !== undefined && failure.status >= 400 && failure.status < 500) {
			const code = apiErrorCode(failure.body);
			return error(
				request.rejectedItem
					? `${request.rejectedItem} was rejected: ${apiMessage ?? `HTTP ${failure.status}`}`
					: `${this.profile.productName} rejected the request: ${apiMessage ?? `HTTP ${failure.status}`}`,
				`HTTP ${failure.status}${code ? ` ${code}` : ''} for ${request.method} ${new URL(this.resolveUrl(request.path)).pathname}. Nothing was changed.`,
			);
		}
		const attempts = `${progress.failedAttempts} attempt${progress.failedAttempts === 1 ? '' : 's'}`;
		if (failure.status !== undefined) {
			return error(
				`${this.profile.productName} had a server error (HTTP ${failure.status})`,
				`Gave up after ${attempts}. ${apiMessage ? `Microsoft's answer: "${apiMessage}". ` : ''}This is usually temporary; run the workflow again later.`,
			);
		}
		if (failure.networkCode === 'ERR_BAD_RESPONSE') {
			return this.malformedAnswerError(`${scrub(failure.message)} (after ${attempts})`);
		}
		if (failure.timedOut) {
			return error(
				`${this.profile.productName} did not answer within ${Math.ceil(progress.waitedMilliseconds / 1000)} seconds`,
				`Gave up after ${attempts}, at the end of the time this run may wait (the credential's Max Wait When Throttled, or the trigger's poll budget). Check the network path from n8n to ${this.origin}, or run again later.`,
			);
		}
		if (failure.networkCode !== undefined) {
			return error(
				`Could not reach ${this.profile.productName} at ${this.origin} (${failure.networkCode})`,
				`Gave up after ${attempts}. Check the network path from n8n to ${this.origin} (proxy, firewall, DNS).`,
			);
		}
		return error(
			`The request to ${this.profile.productName} failed: ${failure.message}`,
			'If this mentions the access token, check the credential: open it and test or reconnect it.',
		);
	}

	/** Gives up on throttling: Defender (or the documented rate) asks for a longer wait than the budget has left. */
	private throttlingError(waitMilliseconds: number, waitedMilliseconds: number, apiMessage?: string): NodeApiError {
		return defenderError(
			this.context.getNode(),
			`${this.profile.productName} is throttling requests (HTTP 429)`,
			`Defender asked to wait ${Math.ceil(waitMilliseconds / 1000)} seconds, longer than this run may wait (${Math.round(waitedMilliseconds / 1000)} seconds already spent). Run again later, or spread the workflow's requests out (${this.profile.rateAdvice}).` +
				(apiMessage ? ` Microsoft's answer: "${apiMessage}"` : ''),
			'429',
		);
	}

	/** The stored token, only to explain a refusal from its claims; it never appears in any message. */
	private async currentAccessToken(): Promise<unknown> {
		try {
			const credentials = await this.context.getCredentials(this.profile.credentialType);
			return asRecord(credentials.oauthTokenData)?.access_token;
		} catch {
			return undefined;
		}
	}
}
