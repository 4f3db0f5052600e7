import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import type { ResponseBackend } from '../../api/response.backend';
import {
	identityActionNames,
	identityActions,
	identityProviderNames,
	identityProviders,
	unsupportedActionReason,
	type IdentityAction,
	type IdentityProvider,
} from '../../model/response';
import { textOf, trimmedText } from '../../model/values';
import { parameterError } from '../common/errors';
import { readRequiredText } from '../common/response';
import { optionValue } from '../common/values';
import { identityAccountIdField } from './fields';

const actionOptions: Array<INodePropertyOptions & { value: IdentityAction }> = identityActions
	.map((value) => ({ name: identityActionNames[value], value }))
	.sort((first, second) => first.name.localeCompare(second.name));

const providerOptions: Array<INodePropertyOptions & { value: IdentityProvider }> = identityProviders
	.map((value) => ({ name: identityProviderNames[value], value }))
	.sort((first, second) => first.name.localeCompare(second.name));

const properties: INodeProperties[] = [
	identityAccountIdField,
	{
		displayName: 'Identity Provider',
		name: 'identityProvider',
		type: 'options',
		options: providerOptions,
		default: 'entraID',
		description: 'Where the account lives; each provider supports only some actions',
	},
	{
		displayName: 'Action',
		name: 'identityAction',
		type: 'options',
		options: actionOptions,
		default: 'disable',
		description:
			'Entra ID: disable, enable, revoke all sessions, require sign-in again, mark as compromised. Active Directory: disable, enable, force password reset. Okta: disable, enable, revoke all sessions.',
	},
	{
		displayName: 'Account ID in Provider',
		name: 'accountId',
		type: 'string',
		default: '',
		description: 'The account\'s identifier at that provider; when empty, it is read from the identity account\'s accounts list',
	},
];

export const option: INodePropertyOptions = { name: 'Invoke Action', value: 'invokeAction', description: 'Disable, enable, force a password reset, revoke sessions, require sign-in again or mark as compromised', action: 'Invoke an action on an identity account' };

export const description = updateDisplayOptions({ show: { resource: ['identityAccount'], operation: ['invokeAction'] } }, properties);

/** The identity account's entry for the provider, which names its identifier and (when present) the actions it supports. */
function providerAccount(account: IDataObject, provider: IdentityProvider): IDataObject | undefined {
	const accounts = Array.isArray(account.accounts) ? (account.accounts as IDataObject[]) : [];
	return accounts.find((entry) => textOf(entry.identityProvider ?? entry.provider) === provider);
}

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: ResponseBackend): Promise<IDataObject[]> {
	const identityAccountId = readRequiredText(context, itemIndex, 'identityAccountId', 'Identity Account ID');
	const identityProvider = optionValue(context, itemIndex, 'Identity Provider', context.getNodeParameter('identityProvider', itemIndex), providerOptions);
	const action = optionValue(context, itemIndex, 'Action', context.getNodeParameter('identityAction', itemIndex), actionOptions);
	const unsupported = unsupportedActionReason(identityProvider, action);
	if (unsupported !== undefined) throw parameterError(context, itemIndex, unsupported, 'Microsoft documents which actions each identity provider supports; nothing was sent.');

	const account = await backend.getIdentityAccount(identityAccountId);
	const entry = providerAccount(account, identityProvider);
	const givenAccountId = trimmedText(context.getNodeParameter('accountId', itemIndex, ''));
	if (entry === undefined && givenAccountId === undefined) {
		throw parameterError(context, itemIndex, `Identity account ${identityAccountId} has no ${identityProviderNames[identityProvider]} account`, 'Choose a provider the account has (see its accounts list), or set Account ID in Provider. Nothing was sent.');
	}
	// The account's own list of actions, where Defender gives one, says what this account supports.
	const supported = Array.isArray(entry?.actions) ? (entry.actions as unknown[]).map(String) : [];
	if (supported.length > 0 && !supported.includes(action)) {
		throw parameterError(context, itemIndex, `Defender does not offer ${identityActionNames[action]} for this ${identityProviderNames[identityProvider]} account`, `It offers: ${supported.join(', ')}. Nothing was sent.`);
	}
	const accountId = givenAccountId ?? textOf(entry?.identifier);
	const result = await backend.invokeIdentityAction(identityAccountId, { accountId, action, identityProvider });
	return [{ identityAccountId, ...result }];
}
