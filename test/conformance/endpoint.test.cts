import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { emulatorHttp } from '../harness/emulatorHttp.cjs';

/**
 * The emulator refuses and accepts what docs/endpoint-api-contract.md says Microsoft's Defender for Endpoint API
 * does: each row of its "Conformance rules" table is sent to a freshly reset emulator.
 */

interface Rule {
	rule: string;
	before: string;
	request: string;
	body: string;
	status: number;
	code: string;
}

/** The rows of the table under a heading, as records keyed by the lower-cased column names. */
function tableUnder(markdown: string, heading: string): Array<Record<string, string>> {
	const section = markdown.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
	const rows = section.split('\n').filter((line) => line.startsWith('|'));
	// No cell of the table holds a pipe, so the row splits on every one.
	const cells = (line: string) => line.slice(1, -1).split('|').map((cell) => cell.trim());
	const [header, , ...body] = rows;
	const names = cells(header).map((name) => name.toLowerCase());
	return body.map((line) => Object.fromEntries(cells(line).map((cell, index) => [names[index], cell])));
}

const contract = readFileSync(join(__dirname, '../../docs/endpoint-api-contract.md'), 'utf8');
const rules: Rule[] = tableUnder(contract, 'Conformance rules').map((row) => ({
	rule: row.rule,
	before: row.before,
	request: row.request,
	body: row.body,
	status: Number(row.status),
	code: row.code,
}));

let emulator: Emulator;
const { token } = emulatorHttp(() => emulator);

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 1, now: '2026-11-20T12:00:00Z' });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.reset();
	emulator.admin.setClock('2026-11-20T12:00:00Z');
	emulator.admin.setRateLimits(null);
});

function machineOf(platform: (osPlatform: string) => boolean): string {
	return String(emulator.admin.endpoint.machines().find((machine) => platform(String(machine.osPlatform)))!.id);
}

/** `METHOD path` with the placeholders filled in. */
function filled(text: string): [method: string, path: string] {
	const [method, path] = text.trim().split(/\s+/, 2);
	const ids: Record<string, () => string> = { windows: () => machineOf((os) => os.startsWith('Windows')), linux: () => machineOf((os) => os === 'Linux'), unknown: () => 'f'.repeat(40) };
	return [method, path.replace(/\{(\w+)\}/g, (_match, name: string) => ids[name]())];
}

async function send(method: string, path: string, body: string): Promise<{ status: number; body: Record<string, any> }> {
	const control = path.startsWith('/_emulator/');
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (!control) headers.authorization = `Bearer ${await token('full', 'https://api.securitycenter.microsoft.com')}`;
	const response = await fetch(`${emulator.baseUrl}${path}`, { method, headers, body: body ? body : undefined });
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

it('reads the conformance rules of docs/endpoint-api-contract.md', () => {
	expect(rules.length).toBeGreaterThanOrEqual(20);
	expect(rules.every((rule) => rule.rule && rule.request && Number.isInteger(rule.status))).toBe(true);
});

describe.each(rules.map((rule) => [rule.rule, rule] as const))('%s', (_name, rule) => {
	it(`answers ${rule.request} with ${rule.status}${rule.code ? ` ${rule.code}` : ''}`, async () => {
		for (const step of rule.before.split(' ; ').filter(Boolean)) {
			const [method, path] = filled(step);
			const stepBody = step.trim().split(/\s+/).slice(2).join(' ');
			expect((await send(method, path, stepBody)).status).toBeLessThan(300);
		}
		const [method, path] = filled(rule.request);
		const answer = await send(method, path, rule.body);
		expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: rule.status, code: rule.code || undefined });
	});
});
