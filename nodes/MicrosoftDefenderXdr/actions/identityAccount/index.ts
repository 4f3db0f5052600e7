import { resourceDescription } from '../../descriptions/operations';
import type { ResponseOperationModule } from '../common/response';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as invokeAction from './invokeAction.operation';

export const operations: Record<string, ResponseOperationModule> = { get, getAll, invokeAction };

export const description = resourceDescription('identityAccount', 'getAll', operations, {
	name: 'identityAccountNotice',
	text: 'Identity accounts are Defender for Identity\'s, on Microsoft Graph v1.0 in the global cloud only. Reading needs SecurityIdentitiesAccount.Read.All; Invoke Action needs SecurityIdentitiesActions.ReadWrite.All (delegated: Security Administrator at least).',
});
