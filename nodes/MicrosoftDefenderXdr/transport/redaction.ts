import { NodeApiError, NodeOperationError, type ICredentialDataDecryptedObject, type IDataObject, type INode, type INodeExecutionData } from 'n8n-workflow';

import { asRecord, redact } from './failures';
import { asNodeError } from './nodeErrors';

/*
 * The one place where text leaves the package: every output item and every error of the node and the trigger
 * passes through here, so a secret or a token that Defender's free text repeats (an import's failureReason, an
 * action's troubleshootInfo, an error message) is never shown, whichever operation copied it.
 */

/** Nesting deeper than this is cut: Defender's records are a few levels deep, and no walk may overflow the stack. */
const deepestLevel = 64;

interface CredentialSource {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/** What a server might echo that must never be shown: the credential's secret and key, and its current tokens. */
export async function credentialSecrets(context: CredentialSource, credentialType: string): Promise<string[]> {
	try {
		const credentials = await context.getCredentials(credentialType);
		const tokens = asRecord(credentials.oauthTokenData) ?? {};
		return [credentials.clientSecret, credentials.privateKey, tokens.access_token, tokens.refresh_token, tokens.id_token].filter(
			(value): value is string => typeof value === 'string',
		);
	} catch {
		return [];
	}
}

/**
 * Redacts every text of a parsed answer in place (the node owns it, and a copy would double the memory of a
 * large hunting result); nesting deeper than the bound is cut, so no walk can overflow the stack.
 */
function redactInPlace(container: Record<string, unknown> | unknown[], secrets: readonly string[], level: number): void {
	const entries: Array<[string | number, unknown]> = Array.isArray(container) ? container.map((value, index) => [index, value]) : Object.entries(container);
	for (const [key, value] of entries) {
		const target = container as Record<string | number, unknown>;
		if (typeof value === 'string') {
			const redacted = redact(value, secrets);
			if (redacted !== value) target[key] = redacted;
		} else if (typeof value === 'object' && value !== null) {
			if (level >= deepestLevel) target[key] = '[nested too deep]';
			else redactInPlace(value as Record<string, unknown>, secrets, level + 1);
		}
	}
}

/** An output item with every text redacted. */
export function redactedItem(item: IDataObject, secrets: readonly string[]): IDataObject {
	redactInPlace(item, secrets, 0);
	return item;
}

/** The error with its message and description redacted (in place: n8n keeps the error object). */
export function redactedError<ErrorType extends NodeApiError | NodeOperationError>(error: ErrorType, secrets: readonly string[]): ErrorType {
	error.message = redact(error.message, secrets);
	if (typeof error.description === 'string') error.description = redact(error.description, secrets);
	return error;
}

/** A trigger poll with its items and its error redacted, as the node's are. */
export async function redactedPoll(
	context: CredentialSource & { getNode(): INode },
	credentialType: string,
	poll: () => Promise<INodeExecutionData[][] | null>,
): Promise<INodeExecutionData[][] | null> {
	let output: INodeExecutionData[][] | null;
	try {
		output = await poll();
	} catch (error) {
		throw redactedError(asNodeError(context.getNode(), error), await credentialSecrets(context, credentialType));
	}
	if (!output) return output;
	const secrets = await credentialSecrets(context, credentialType);
	for (const items of output) for (const item of items) redactedItem(item.json, secrets);
	return output;
}
