import { NodeApiError, NodeOperationError, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

import { asRecord, redact } from './failures';

/*
 * The one place where text leaves the package: every output item and every error passes through here, so a
 * secret or a token that Defender's free text repeats (an import's failureReason, an action's troubleshootInfo,
 * an error message) is never shown, whichever operation copied it.
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

function redactValue(value: unknown, secrets: readonly string[], level: number): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (typeof value !== 'object' || value === null) return value;
	if (level >= deepestLevel) return '[nested too deep]';
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets, level + 1));
	return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactValue(entry, secrets, level + 1)]));
}

/** An output item with every text redacted. */
export function redactedItem(item: IDataObject, secrets: readonly string[]): IDataObject {
	return redactValue(item, secrets, 0) as IDataObject;
}

/** The error with its message and description redacted (in place: n8n keeps the error object). */
export function redactedError<ErrorType extends NodeApiError | NodeOperationError>(error: ErrorType, secrets: readonly string[]): ErrorType {
	error.message = redact(error.message, secrets);
	if (typeof error.description === 'string') error.description = redact(error.description, secrets);
	return error;
}
