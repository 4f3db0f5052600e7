import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import type { DescribedOperation } from '../../descriptions/operations';

/** One operation on one input item; the router adds pairedItem and error handling. */
export type OperationExecute = (
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
) => Promise<IDataObject[]>;

/** An operation that answers many input items with fewer requests: one list of results (or an error) per item, in order. */
export type OperationBatchExecute = (
	context: IExecuteFunctions,
	itemIndexes: number[],
	backend: DefenderBackend,
) => Promise<Array<IDataObject[] | Error>>;

/** How an operation runs: item by item, or (when items share requests) every input item at once. */
export type OperationRunner = { execute: OperationExecute } | { executeBatch: OperationBatchExecute };

export type OperationModule = OperationRunner & DescribedOperation;
