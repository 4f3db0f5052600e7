import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';

/** One operation on one input item; the router adds pairedItem and error handling. */
export type OperationExecute = (
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
) => Promise<IDataObject[]>;

export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
}
