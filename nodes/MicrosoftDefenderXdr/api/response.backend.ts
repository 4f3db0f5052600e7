import type { IDataObject } from 'n8n-workflow';

import type { DefenderOperation } from '../model/permissions';
import type { IdentityAction, IdentityProvider } from '../model/response';
import { textOf } from '../model/values';
import { asRecord } from '../transport/failures';
import { odataString } from '../transport/odata';
import { listPages } from '../transport/paging';
import type { DefenderClient } from '../transport/request';
import { requireItem } from './summaries';

const identityAccountsPath = '/security/identities/identityAccounts';
const detectionRulesPath = '/security/rules/detectionRules';

export interface IdentityActionRequest {
	accountId: string;
	action: IdentityAction;
	identityProvider: IdentityProvider;
}

/**
 * Identity containment (Defender for Identity) and custom detection rules on Graph v1.0 (docs/api-contract.md,
 * section 10). Answers are returned as Defender sent them; every write is sent at most once in effect.
 */
export interface ResponseBackend {
	listIdentityAccounts(filter?: string): AsyncIterable<IDataObject[]>;
	getIdentityAccount(identityAccountId: string): Promise<IDataObject>;
	invokeIdentityAction(identityAccountId: string, request: IdentityActionRequest): Promise<IDataObject>;
	listDetectionRules(filter?: string): AsyncIterable<IDataObject[]>;
	getDetectionRule(ruleId: string): Promise<IDataObject>;
	createDetectionRule(rule: IDataObject): Promise<IDataObject>;
	updateDetectionRule(ruleId: string, changes: IDataObject): Promise<IDataObject>;
	deleteDetectionRule(ruleId: string): Promise<IDataObject>;
}

/** Some examples on the identity pages wrap a single answer in `value`; the schema does not. Both are read. */
function unwrapped(answer: IDataObject): IDataObject {
	const inner = asRecord(answer.value);
	return inner && !Array.isArray(answer.value) ? inner : answer;
}

export class GraphResponseBackend implements ResponseBackend {
	constructor(private readonly client: DefenderClient) {}

	/** Neither list documents `$top`: the server's own pages are read by their next links (kept on the API's origin). */
	private pages(operation: DefenderOperation, path: string, filter: string | undefined): AsyncIterable<IDataObject[]> {
		return listPages(this.client, { request: { operation, method: 'GET', path, query: filter ? { $filter: filter } : undefined }, skipPaging: false });
	}

	listIdentityAccounts(filter?: string): AsyncIterable<IDataObject[]> {
		return this.pages('listIdentityAccounts', identityAccountsPath, filter);
	}

	/** One entity by ID; Microsoft's identity examples wrap it in `value`, so it is unwrapped. */
	private async one(operation: DefenderOperation, path: string, subject: string): Promise<IDataObject> {
		const answer = await this.client.request({ operation, method: 'GET', path, subject });
		return requireItem(this.client, unwrapped(answer), 'id', subject);
	}

	async getIdentityAccount(identityAccountId: string): Promise<IDataObject> {
		return await this.one('getIdentityAccount', `${identityAccountsPath}/${encodeURIComponent(identityAccountId)}`, `Identity account ${identityAccountId}`);
	}

	/**
	 * The action is idempotent in its effect (a disabled account stays disabled), so a retry after a dropped
	 * connection sends it again and still yields one result; a 409 (the account is already in that state) is
	 * that result, marked as already in effect.
	 */
	async invokeIdentityAction(identityAccountId: string, request: IdentityActionRequest): Promise<IDataObject> {
		const answer = await this.client.request({
			operation: 'invokeIdentityAction',
			method: 'POST',
			path: `${identityAccountsPath}/${encodeURIComponent(identityAccountId)}/invokeAction`,
			body: { ...request },
			subject: `Identity account ${identityAccountId}`,
			recover: async (refusal) => (refusal.status === 409 ? { ...request, correlationId: null, alreadyInEffect: true } : undefined),
		});
		const result = unwrapped(answer);
		// Microsoft's examples spell the provider `provider`; the schema names it `identityProvider`.
		const identityProvider = textOf(result.identityProvider ?? result.provider) || request.identityProvider;
		return { accountId: textOf(result.accountId) || request.accountId, action: textOf(result.action) || request.action, identityProvider, correlationId: result.correlationId ?? null, alreadyInEffect: result.alreadyInEffect === true };
	}

	listDetectionRules(filter?: string): AsyncIterable<IDataObject[]> {
		return this.pages('listDetectionRules', detectionRulesPath, filter);
	}

	async getDetectionRule(ruleId: string): Promise<IDataObject> {
		return await this.one('getDetectionRule', `${detectionRulesPath}/${encodeURIComponent(ruleId)}`, `Custom detection rule ${ruleId}`);
	}

	private async ruleIdsNamed(displayName: string): Promise<IDataObject[]> {
		const rules: IDataObject[] = [];
		for await (const page of this.pages('listDetectionRules', detectionRulesPath, `displayName eq ${odataString(displayName)}`)) rules.push(...page);
		return rules;
	}

	/**
	 * Creating is not idempotent: the rules with this name are read before the attempt, and after an unclear
	 * failure (a server error, a dropped connection) a rule with this name that was not there before is the one
	 * the attempt made, so a retry never makes a second rule.
	 */
	async createDetectionRule(rule: IDataObject): Promise<IDataObject> {
		const displayName = textOf(rule.displayName);
		const before = new Set((await this.ruleIdsNamed(displayName)).map((existing) => textOf(existing.id)));
		const answer = await this.client.request({
			operation: 'createDetectionRule',
			method: 'POST',
			path: detectionRulesPath,
			body: rule,
			subject: `Custom detection rule "${displayName}"`,
			reconcile: async () => (await this.ruleIdsNamed(displayName)).find((existing) => !before.has(textOf(existing.id))),
		});
		return requireItem(this.client, answer, 'id', `the new custom detection rule "${displayName}"`);
	}

	/** PATCH sets the same values again on a retry, so sending it twice has the effect of once. */
	async updateDetectionRule(ruleId: string, changes: IDataObject): Promise<IDataObject> {
		const answer = await this.client.request({
			operation: 'updateDetectionRule',
			method: 'PATCH',
			path: `${detectionRulesPath}/${encodeURIComponent(ruleId)}`,
			body: changes,
			subject: `Custom detection rule ${ruleId}`,
		});
		return requireItem(this.client, answer, 'id', `custom detection rule ${ruleId}`);
	}

	/** A 404 on a retry means the first attempt deleted the rule; on the first attempt it is an error. */
	async deleteDetectionRule(ruleId: string): Promise<IDataObject> {
		await this.client.request({
			operation: 'deleteDetectionRule',
			method: 'DELETE',
			path: `${detectionRulesPath}/${encodeURIComponent(ruleId)}`,
			subject: `Custom detection rule ${ruleId}`,
			recover: async (refusal) => (refusal.status === 404 && refusal.attempt > 1 ? {} : undefined),
		});
		return { id: ruleId, deleted: true };
	}
}
