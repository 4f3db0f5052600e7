import { resourceDescription } from '../../descriptions/operations';
import type { EndpointOperationModule } from '../common/endpoint';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, EndpointOperationModule> = { cancel, get, getAll };

export const description = resourceDescription('deviceAction', 'get', operations);
