import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { explainAccessFailure } from '../auth/accessFailure';
import type { DefenderCredentials } from '../auth/credentialFields';
import { apiBaseUrl, apiOrigin } from '../model/clouds';
import type { DefenderOperation } from '../model/permissions';
import {
	apiErrorCode,
	apiErrorMessage,
	asRecord,
	readExchangeFailure,
	redact,
	retryAfterMilliseconds,
	type ExchangeFailure,
} from './failures';

export const credentialType = 'microsoftDefenderXdrOAuth2Api';

export type DefenderContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface RetryPolicy {
	/** Longest time one request may spend waiting for throttling and retries, in total. */
	maxWaitMilliseconds: number;
	/** First pause after a server error or a dropped connection; it doubles with each attempt. */
	retryBaseMilliseconds: number;
	/** Attempts for server errors, dropped connections and garbled answers (throttling has its own budget). */
	maxAttempts: number;
	/** The rate to keep to once throttled; defaults to the documented rate of the credential's API. */
	pacedRate?: { requests: number; windowMilliseconds: number };
}

export const defaultRetryPolicy: RetryPolicy = { maxWaitMilliseconds: 60_000, retryBaseMilliseconds: 1_000, maxAttempts: 4 };

export interface ApiRequest {
	operation: DefenderOperation;
	method: IHttpRequestMethods;
	/** A path below the API's base URL (`/security/incidents`), or an absolute URL of the API (a next link). */
	path: string;
	query?: IDataObject;
	body?: IDataObject;
	headers?: Record<string, string>;
	/** What the request is about, for "not found" messages, e.g. `Incident 42`. */
	subject?: string;
	/**
	 * For requests that must not be sent twice (adding a comment): after an answer that leaves it unclear whether
	 * the request took effect, this reads back and returns the result if it did, so a retry cannot duplicate it.
	 */
	reconcile?: () => Promise<IDataObject | undefined>;
}

/** A failure after which sending the same request again may succeed. */
function isTransient(failure: ExchangeFailure): boolean {
	if (failure.networkCode !== undefined) return true;
	return failure.status !== undefined && [500, 502, 503, 504].includes(failure.status);
}

class MalformedAnswer extends Error {}

/** The documented request rates per app and tenant (legacy: the stricter list/update limit). */
const documentedRates: Record<DefenderCredentials['api'], { requests: number; windowMilliseconds: number }> = {
	graph: { requests: 150, windowMilliseconds: 60_000 },
	legacy: { requests: 50, windowMilliseconds: 60_000 },
};

/**
 * The only place that sends HTTP requests to Defender. n8n signs each request with the credential's OAuth2
 * token (and renews it once on a 401); this adds Defender's throttling rules, bounded retries, the check that
 * the token only ever goes to the configured API host, and error messages a security engineer can act on.
 */
export class DefenderClient {
	readonly baseUrl: string;

	private readonly origin: string;

	/** When this client's requests were sent, for pacing (one execution or poll; nothing outlives it). */
	private readonly sentAt: number[] = [];

	/** Set by the first 429: from then on requests keep to the documented rate instead of running into more. */
	private pacing = false;

	constructor(
		private readonly context: DefenderContext,
		readonly credentials: DefenderCredentials,
		private readonly policy: RetryPolicy,
		private readonly clock: () => Date = () => new Date(),
	) {
		this.baseUrl = apiBaseUrl(credentials);
		this.origin = apiOrigin(credentials);
	}

	/**
	 * Resolves a path or an absolute URL (a next link from the API) and refuses any URL outside the configured
	 * API, because n8n would attach the bearer token to it.
	 */
	resolveUrl(pathOrUrl: string): string {
		if (pathOrUrl.startsWith('/')) return this.baseUrl + pathOrUrl;
		let url: URL;
		try {
			url = new URL(pathOrUrl);
		} catch {
			throw this.malformedAnswerError(`a next link that is not a URL (${JSON.stringify(pathOrUrl.slice(0, 200))})`);
		}
		const base = new URL(this.baseUrl);
		if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname + '/')) {
			throw new NodeApiError(this.context.getNode(), {} as JsonObject, {
				message: `Refused to follow a next link to ${url.origin}${url.pathname}: it is outside the configured API ${this.baseUrl}`,
				description:
					'The access token is only ever sent to the API configured in the credential. If the API moved, update the credential\'s Cloud or custom API URL.',
			});
		}
		return url.toString();
	}

	async request(request: ApiRequest): Promise<IDataObject> {
		const startedAt = this.clock().getTime();
		let waitedMilliseconds = 0;
		let failedAttempts = 0;
		const url = this.resolveUrl(request.path);
		for (;;) {
			let failure: ExchangeFailure;
			try {
				await this.pace();
				return await this.send(request, url);
			} catch (error) {
				if (error instanceof MalformedAnswer) {
					failure = { headers: {}, body: undefined, message: error.message, networkCode: 'ERR_BAD_RESPONSE' };
				} else {
					failure = readExchangeFailure(error);
				}
			}
			if (request.reconcile && failure.status !== 429 && !(failure.status && failure.status < 500)) {
				const landed = await request.reconcile();
				if (landed) return landed;
			}

			let waitMilliseconds: number | undefined;
			if (failure.status === 429) {
				this.pacing = true;
				waitMilliseconds = retryAfterMilliseconds(failure, this.clock()) ?? this.backoff(failedAttempts);
			} else if (isTransient(failure) && failedAttempts + 1 < this.policy.maxAttempts) {
				waitMilliseconds = this.backoff(failedAttempts);
			}
			failedAttempts++;
			if (waitMilliseconds === undefined || waitedMilliseconds + waitMilliseconds > this.policy.maxWaitMilliseconds) {
				throw await this.translate(request, failure, { failedAttempts, waitedMilliseconds, waitMilliseconds, startedAt });
			}
			await sleep(waitMilliseconds);
			waitedMilliseconds += waitMilliseconds;
		}
	}

	/** Exponential back-off with jitter, so parallel requests and workers do not retry in lockstep. */
	private backoff(failedAttempts: number): number {
		return this.policy.retryBaseMilliseconds * 2 ** failedAttempts * (0.75 + Math.random() * 0.5);
	}

	/** Once throttled, waits until the documented window has room, so a long "Return All" stops causing 429s. */
	private async pace(): Promise<void> {
		const { requests, windowMilliseconds } = this.policy.pacedRate ?? documentedRates[this.credentials.api];
		const windowStart = this.clock().getTime() - windowMilliseconds;
		while (this.sentAt.length > 0 && this.sentAt[0] <= windowStart) this.sentAt.shift();
		if (this.pacing && this.sentAt.length >= requests) {
			await sleep(this.sentAt[this.sentAt.length - requests] + windowMilliseconds - this.clock().getTime());
		}
		this.sentAt.push(this.clock().getTime());
	}

	private async send(request: ApiRequest, url: string): Promise<IDataObject> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			qs: request.query,
			body: request.body,
			headers: { Accept: 'application/json', ...request.headers },
			json: true,
		};
		const answer: unknown = await this.context.helpers.httpRequestWithAuthentication.call(
			this.context,
			credentialType,
			options,
		);
		if (answer === undefined || answer === '' || answer === null) return {};
		const record = asRecord(answer);
		// A body that did not parse as JSON arrives as text: it was cut off or is not the API's answer.
		if (!record) throw new MalformedAnswer('an answer that is not a JSON object');
		return record;
	}

	/** A request this API cannot serve with the credential's settings; nothing is sent. */
	configurationError(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.context.getNode(), message, { description });
	}

	malformedAnswerError(what: string): NodeApiError {
		return new NodeApiError(this.context.getNode(), {} as JsonObject, {
			message: `Microsoft Defender XDR sent ${what}`,
			description:
				'The answer does not have the shape Microsoft documents, so nothing was read from it. This is usually temporary; run the workflow again. Nothing was changed by this node because of it.',
		});
	}

	private async translate(
		request: ApiRequest,
		failure: ExchangeFailure,
		progress: { failedAttempts: number; waitedMilliseconds: number; waitMilliseconds?: number; startedAt: number },
	): Promise<NodeApiError> {
		const node = this.context.getNode();
		const apiMessage = apiErrorMessage(failure.body);
		const httpCode = failure.status === undefined ? undefined : String(failure.status);
		const error = (message: string, description: string) =>
			new NodeApiError(node, { message: redact(message) } as JsonObject, {
				message: redact(message),
				description: redact(description),
				httpCode,
			});

		if (failure.status === 401 || failure.status === 403) {
			const explanation = explainAccessFailure({
				operation: request.operation,
				status: failure.status,
				apiMessage,
				accessToken: await this.currentAccessToken(),
				settings: this.credentials,
				now: this.clock(),
			});
			return error(explanation.message, explanation.description);
		}
		if (failure.status === 404) {
			const subject = request.subject ?? 'The requested item';
			return error(
				`${subject} was not found`,
				'Check the ID. Defender answers 404 for items that do not exist, belong to another tenant, or were removed; merged incidents keep their ID with status "redirected".' +
					(apiMessage ? ` Microsoft's answer: "${apiMessage}"` : ''),
			);
		}
		if (failure.status === 429) {
			const waitSeconds = Math.ceil((progress.waitMilliseconds ?? 0) / 1000);
			return error(
				'Microsoft Defender XDR is throttling requests (HTTP 429)',
				`Defender asked to wait ${waitSeconds} seconds, longer than this run may wait (${Math.round(progress.waitedMilliseconds / 1000)} seconds already waited). Run again later, or spread the workflow's requests out (Defender allows about 150 requests a minute on Graph, 50 a minute on the legacy incidents API, 45 hunting queries a minute).` +
					(apiMessage ? ` Microsoft's answer: "${apiMessage}"` : ''),
			);
		}
		if (failure.status !== undefined && failure.status >= 400 && failure.status < 500) {
			const code = apiErrorCode(failure.body);
			return error(
				request.operation === 'runHuntingQuery'
					? `The hunting query was rejected: ${apiMessage ?? `HTTP ${failure.status}`}`
					: `Microsoft Defender XDR rejected the request: ${apiMessage ?? `HTTP ${failure.status}`}`,
				`HTTP ${failure.status}${code ? ` ${code}` : ''} for ${request.method} ${new URL(this.resolveUrl(request.path)).pathname}. Nothing was changed.`,
			);
		}
		const attempts = `${progress.failedAttempts} attempt${progress.failedAttempts === 1 ? '' : 's'}`;
		if (failure.status !== undefined) {
			return error(
				`Microsoft Defender XDR had a server error (HTTP ${failure.status})`,
				`Gave up after ${attempts}. ${apiMessage ? `Microsoft's answer: "${apiMessage}". ` : ''}This is usually temporary; run the workflow again later.`,
			);
		}
		if (failure.networkCode === 'ERR_BAD_RESPONSE') {
			return this.malformedAnswerError(`${failure.message} (after ${attempts})`);
		}
		if (failure.networkCode !== undefined) {
			return error(
				`Could not reach Microsoft Defender XDR at ${this.origin} (${failure.networkCode})`,
				`Gave up after ${attempts}. Check the network path from n8n to ${this.origin} (proxy, firewall, DNS).`,
			);
		}
		return error(
			`The request to Microsoft Defender XDR failed: ${failure.message}`,
			'If this mentions the access token, check the credential: open it and test or reconnect it.',
		);
	}

	/** The stored token, only to explain a refusal from its claims; it never appears in any message. */
	private async currentAccessToken(): Promise<unknown> {
		try {
			const credentials = await this.context.getCredentials(credentialType);
			return asRecord(credentials.oauthTokenData)?.access_token;
		} catch {
			return undefined;
		}
	}
}
