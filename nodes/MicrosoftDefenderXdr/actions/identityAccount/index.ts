import type { INodeProperties } from 'n8n-workflow';

import type { ResponseOperationModule } from '../common/response';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as invokeAction from './invokeAction.operation';

export const operations: Record<string, ResponseOperationModule> = { get, getAll, invokeAction };

export const description: INodeProperties[] = [
	{
		displayName:
			'Identity accounts are Defender for Identity\'s, on Microsoft Graph v1.0 in the global cloud only. Reading needs SecurityIdentitiesAccount.Read.All; Invoke Action needs SecurityIdentitiesActions.ReadWrite.All (delegated: Security Administrator at least).',
		name: 'identityAccountNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['identityAccount'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['identityAccount'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get an identity account by ID', action: 'Get an identity account' },
			{ name: 'Get Many', value: 'getAll', description: 'List identity accounts, optionally filtered', action: 'Get many identity accounts' },
			{
				name: 'Invoke Action',
				value: 'invokeAction',
				description: 'Disable, enable, force a password reset, revoke sessions, require sign-in again or mark as compromised',
				action: 'Invoke an action on an identity account',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...invokeAction.description,
];
