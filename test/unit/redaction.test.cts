import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { credentialSecrets, redactedError, redactedItem } from '../../nodes/MicrosoftDefenderXdr/transport/redaction';

/** The one redaction point every output item and error of the Defender node passes (issue 21). */

const secret = 'client~secret.Value_0123456789';
const token = `eyJhbGciOiJSUzI1NiJ9.${'eyJhdWQiOiJ4In0'}.${'s'.repeat(40)}`;
const node = { id: 'n', name: 'Defender', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

it('redacts every text of an item, in arrays and nested records, and leaves other values alone', () => {
	const item: IDataObject = { id: 7, ok: true, reason: `echo ${secret}`, list: [`Bearer ${token}`, 3, null], nested: { deeper: { text: token } } };
	expect(redactedItem(item, [secret])).toEqual({ id: 7, ok: true, reason: 'echo [redacted]', list: ['Bearer [redacted]', 3, null], nested: { deeper: { text: '[redacted token]' } } });
});

it('cuts nesting deeper than 64 levels instead of overflowing the stack', () => {
	let nested: IDataObject = { text: secret };
	for (let level = 0; level < 20_000; level++) nested = { inner: nested };
	const text = JSON.stringify(redactedItem({ nested }, [secret]));
	expect(text).toContain('[nested too deep]');
	expect(text).not.toContain(secret);
});

it('redacts an error\'s message and description', () => {
	const error = redactedError(new NodeOperationError(node, `failed: ${secret}`, { description: `token ${token}` }), [secret]);
	expect([error.message, error.description]).toEqual(['failed: [redacted]', 'token [redacted token]']);
});

it('reads the secret, the key and the tokens from the credential, and nothing when it cannot be read', async () => {
	const context = { getCredentials: async () => ({ clientSecret: secret, privateKey: 'key-pem-0123456789', oauthTokenData: { access_token: token, refresh_token: 'refresh-0123456789' } }) };
	expect(await credentialSecrets(context, 'any')).toEqual([secret, 'key-pem-0123456789', token, 'refresh-0123456789']);
	expect(await credentialSecrets({ getCredentials: async () => Promise.reject(new Error('no credential')) }, 'any')).toEqual([]);
});
