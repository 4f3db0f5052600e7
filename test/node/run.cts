import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import type { CannedDefender } from '../harness/cannedDefender.cjs';
import { fakeContext, type FakeContextOptions } from './fakes.cjs';

export interface RunResult {
	items: INodeExecutionData[];
	json: IDataObject[];
	hints: ReturnType<typeof fakeContext>['hints'];
}

/** Runs the node's router on a fake context with the real backend over canned answers, as n8n would run execute(). */
export async function runNode(api: CannedDefender, options: FakeContextOptions): Promise<RunResult> {
	const { context, hints } = fakeContext(options);
	const [items] = await router.call(context, api.open);
	return { items, json: items.map((item) => item.json), hints };
}

/** Runs the router and returns the error it throws (failing the test if it does not throw). */
export async function runNodeError(api: CannedDefender, options: FakeContextOptions): Promise<Error & IDataObject> {
	try {
		await runNode(api, options);
	} catch (error) {
		return error as Error & IDataObject;
	}
	throw new Error('Expected the node to throw');
}
