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
