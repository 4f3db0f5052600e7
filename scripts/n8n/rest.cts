/**
 * The parts of n8n's internal REST API (what the editor uses) the suites and the demo need: owner account,
 * login session, executions, and the OAuth2 authorization URL of a credential.
 */
import { parse as parseFlatted } from 'flatted';

import type { ExecutionRun } from './instance.cjs';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const demoOwner: OwnerAccount = {
	email: 'admin@example.com',
	password: 'Defender-Demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished?: boolean;
}

/** n8n ties its session cookie to the `browser-id` header the editor sends; any stable value works. */
const browserId = 'defender-e2e-browser';

export class N8nRestClient {
	private sessionCookie = '';

	constructor(readonly baseUrl: string) {}

	/** Creates the instance owner (first start) and keeps the session. */
	async setupOwner(owner: OwnerAccount): Promise<void> {
		await this.request('POST', '/rest/owner/setup', owner);
	}

	async login(owner: OwnerAccount): Promise<void> {
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
	}

	/** Executions of a workflow, newest first (summaries without data; n8n returns at most 100). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const body = await this.request<{ data: { results: ExecutionSummary[] } }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100`,
		);
		return body.data.results;
	}

	/** One execution's run data, in the shape `n8n execute` prints. */
	async executionRun(executionId: string): Promise<ExecutionRun> {
		const body = await this.request<{ data: { data: string; status?: string; finished?: boolean } }>(
			'GET',
			`/rest/executions/${executionId}`,
		);
		return {
			status: body.data.status,
			finished: body.data.finished,
			data: parseFlatted(body.data.data) as ExecutionRun['data'],
		};
	}

	/** The URL n8n's "Connect" button opens for an OAuth2 credential (authorization code flow). */
	async oauth2AuthorizationUrl(credentialId: string): Promise<string> {
		const body = await this.request<{ data: string }>(
			'GET',
			`/rest/oauth2-credential/auth?id=${encodeURIComponent(credentialId)}`,
		);
		return body.data;
	}

	/** Requests a URL (e.g. the OAuth2 callback) with the session cookie; returns status and body text. */
	async get(pathOrUrl: string): Promise<{ status: number; text: string }> {
		const response = await fetch(new URL(pathOrUrl, this.baseUrl), { headers: this.headers(), redirect: 'manual' });
		return { status: response.status, text: await response.text() };
	}

	async request<Body = unknown>(method: string, path: string, payload?: unknown): Promise<Body> {
		const response = await fetch(this.baseUrl + path, {
			method,
			headers: { ...this.headers(), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
			body: payload === undefined ? undefined : JSON.stringify(payload),
		});
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (cookie) this.sessionCookie = cookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as Body;
	}

	private headers(): Record<string, string> {
		return { 'browser-id': browserId, ...(this.sessionCookie ? { cookie: this.sessionCookie } : {}) };
	}
}
