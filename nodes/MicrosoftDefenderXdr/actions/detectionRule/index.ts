import { resourceDescription } from '../../descriptions/operations';
import type { ResponseOperationModule } from '../common/response';
import * as create from './create.operation';
import * as deleteRule from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, ResponseOperationModule> = { create, delete: deleteRule, get, getAll, update };

export const description = resourceDescription('detectionRule', 'getAll', operations, {
	name: 'detectionRuleNotice',
	text: 'Custom detection rules are on Microsoft Graph v1.0 in the global cloud only. Reading needs CustomDetection.Read.All, changes CustomDetection.ReadWrite.All (delegated: also the Defender permission Detection tuning (manage)).',
});
