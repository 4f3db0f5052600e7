import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

export const testNode: INode = {
	id: 'node-1',
	name: 'Microsoft Defender XDR',
	type: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdr',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface FakeContextOptions {
	/** One parameter object for every item, or one per item. */
	parameters: IDataObject | IDataObject[];
	items?: number;
	continueOnFail?: boolean;
	timezone?: string;
	/** The node's type; n8n runs the node as an AI agent's tool under its type name plus "Tool". */
	nodeType?: string;
	/** The credential's tenant; none by default, so output items carry only what the operation returned. */
	tenantId?: string;
}

export interface FakeContext {
	context: IExecuteFunctions;
	hints: NodeExecutionHint[];
}

/** Just enough of n8n's execute context for operations and the router. */
export function fakeContext(options: FakeContextOptions): FakeContext {
	const perItem = Array.isArray(options.parameters) ? options.parameters : undefined;
	const itemCount = options.items ?? perItem?.length ?? 1;
	const hints: NodeExecutionHint[] = [];
	const inputItems: INodeExecutionData[] = Array.from({ length: itemCount }, (_, index) => ({ json: { index } }));
	const context = {
		getNode: () => (options.nodeType ? { ...testNode, type: options.nodeType } : testNode),
		getInputData: () => inputItems,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => ({ tenantId: options.tenantId ?? '' }),
		getTimezone: () => options.timezone ?? 'UTC',
		addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = perItem ? perItem[itemIndex] : (options.parameters as IDataObject);
			if (parameters === undefined) throw new Error(`No parameters for item ${itemIndex}`);
			if (name in parameters) return parameters[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
	};
	return { context: context as unknown as IExecuteFunctions, hints };
}
