import { resourceDescription } from '../../descriptions/operations';
import type { OperationModule } from '../common/types';
import * as run from './run.operation';

export const operations: Record<string, OperationModule> = { run };

export const description = resourceDescription('huntingQuery', 'run', operations);
