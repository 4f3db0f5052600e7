/**
 * What every real-n8n suite starts with: the package packed once per test file and installed into a fresh
 * n8n user folder, as n8n's Community Nodes installer would install it from npm.
 */
import { N8nInstance, nodeError, nodeOutput, type ExecutionRun } from '../../scripts/n8n/instance.cjs';
import { demoOwner, N8nRestClient } from '../../scripts/n8n/rest.cjs';
import { locateRuntime, packPackage, type N8nTarget } from '../../scripts/n8n/runtime.cjs';

let packedTarball: string | undefined;

/**
 * The n8n lines the operation suite runs on: E2E_N8N_TARGETS, default "2,1" (n8n 2.x on Node 24, and n8n 1.x on
 * Node 20 for users not yet on n8n 2). Suites that need a live editor run on the first one.
 */
export const e2eTargets: N8nTarget[] = (process.env.E2E_N8N_TARGETS ?? '2,1')
	.split(',')
	.map((target) => target.trim())
	.filter((target): target is N8nTarget => target === '1' || target === '2');

export const primaryTarget: N8nTarget = e2eTargets[0] ?? '2';

export async function instanceWithPackage(
	target: N8nTarget = primaryTarget,
	environment?: Record<string, string>,
): Promise<N8nInstance> {
	packedTarball ??= packPackage();
	const instance = await N8nInstance.create({
		runtime: locateRuntime(target),
		environment,
		// E2E_KEEP=1 keeps the user folder (database, n8n-output.log) of each instance for debugging.
		keepUserFolder: process.env.E2E_KEEP === '1',
	});
	await instance.installPackageTarball(packedTarball);
	return instance;
}

/** The items a step produced, failing with the step's error message when it produced an error item instead. */
export function successfulOutput(run: ExecutionRun | undefined, nodeName: string): Array<Record<string, unknown>> {
	const error = nodeError(run, nodeName);
	if (error) throw new Error(`${nodeName} failed: ${error.message ?? ''} ${error.description ?? ''}`);
	const items = nodeOutput(run, nodeName);
	if (items.length === 0) throw new Error(`${nodeName} produced no items (did it run? ${describeRun(run)})`);
	const errorItem = items.find((item) => typeof item.error === 'string' || typeof item.error === 'object');
	if (errorItem) throw new Error(`${nodeName} returned an error item: ${JSON.stringify(errorItem)}`);
	return items;
}

/** The message of the error item a step produced under "continue on error". */
export function errorItemMessage(run: ExecutionRun | undefined, nodeName: string): string {
	const items = nodeOutput(run, nodeName);
	const errorItem = items.find((item) => item.error !== undefined);
	if (!errorItem) throw new Error(`${nodeName} produced no error item: ${JSON.stringify(items).slice(0, 500)}`);
	return typeof errorItem.error === 'string' ? errorItem.error : JSON.stringify(errorItem.error);
}

function describeRun(run: ExecutionRun | undefined): string {
	if (!run) return 'n8n printed no run data';
	const error = run.data.resultData.error;
	return error ? `workflow error: ${error.message}` : `nodes run: ${Object.keys(run.data.resultData.runData).join(', ')}`;
}

/** Starts the live instance (`n8n start`) and creates its owner, as the editor's first visit would. */
export async function startWithOwner(instance: N8nInstance): Promise<N8nRestClient> {
	await instance.start();
	const rest = new N8nRestClient(instance.baseUrl);
	await rest.setupOwner(demoOwner);
	return rest;
}
