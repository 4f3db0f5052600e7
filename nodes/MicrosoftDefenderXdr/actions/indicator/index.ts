import { resourceDescription } from '../../descriptions/operations';
import type { EndpointOperationModule } from '../common/endpoint';
import * as createOrUpdate from './createOrUpdate.operation';
import * as deleteOperation from './delete.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, EndpointOperationModule> = { createOrUpdate, delete: deleteOperation, getAll };

export const description = resourceDescription('indicator', 'createOrUpdate', operations);
