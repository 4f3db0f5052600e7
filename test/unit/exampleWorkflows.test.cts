/**
 * The example workflows the README links and the demo imports with `n8n import:workflow`, which keeps their IDs.
 * n8n never saves the static data of a workflow with a longer ID, so a trigger example would deliver nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { maximumWorkflowIdLength } from '../../scripts/n8n/instance.cjs';

const folder = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(folder)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(folder, file), 'utf8')) as { id: string; name: string } }));

it('has examples to check', () => {
	expect(examples.length).toBeGreaterThan(0);
});

it.each(examples)('$file has an ID n8n keeps static data for', ({ workflow }) => {
	expect(workflow.id.length).toBeLessThanOrEqual(maximumWorkflowIdLength);
});

it('gives every example its own ID and name', () => {
	expect(new Set(examples.map(({ workflow }) => workflow.id)).size).toBe(examples.length);
	expect(new Set(examples.map(({ workflow }) => workflow.name)).size).toBe(examples.length);
});

interface ExampleNode {
	name: string;
	type: string;
	parameters: { include?: string; fieldToSplitOut?: string; options?: { destinationFieldName?: string } };
}

/**
 * n8n's Split Out, keeping selected other fields, puts each entry under the split field's name taken literally
 * ("entities.ips", one key with a dot), not at the item's top level: an example that reads `$json.ipAddress` after
 * it reads nothing. So each such Split Out names a destination field, and the nodes it feeds read under it.
 */
it.each(examples)('$file reads each split entry under the field its Split Out puts it in', ({ workflow }) => {
	const full = workflow as unknown as { nodes: ExampleNode[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
	const splits = full.nodes.filter((node) => node.type === 'n8n-nodes-base.splitOut' && node.parameters.include === 'selectedOtherFields');
	for (const split of splits) {
		const destination = split.parameters.options?.destinationFieldName ?? '';
		expect({ node: split.name, destination }).toEqual({ node: split.name, destination: expect.stringMatching(/^\w+$/) });
		const next = (full.connections[split.name]?.main ?? []).flat().map((connection) => full.nodes.find((node) => node.name === connection.node));
		for (const reader of next) {
			const text = JSON.stringify(reader?.parameters ?? {});
			const reads = [...text.matchAll(/\$json\.(\w+)/g)].map((match) => match[1]);
			expect({ node: reader?.name, reads: [...new Set(reads)] }).toEqual({ node: reader?.name, reads: [destination] });
		}
	}
});
