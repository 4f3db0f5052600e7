import { createHuntingTables, runHunting } from '../../emulator/hunting/index.cjs';
import { entityLookup, lookupBatches, templateQuery, type EntityKind, type TemplateName } from '../../nodes/MicrosoftDefenderXdr/model/investigation';
import { kqlString, kqlStringList } from '../../nodes/MicrosoftDefenderXdr/model/kql';

/**
 * Hostile values against the investigation templates: a value that does not fit its kind is refused before any
 * query exists, and one that fits (or any text at all, written as a literal) stays inside its KQL string
 * literal. The proof uses Microsoft's own Kusto parser and analyzer (through the emulator's hunting engine): a
 * literal reads back as exactly the value, and a template query keeps its structure and result schema.
 */

const now = new Date('2026-06-01T12:00:00Z');
const tables = createHuntingTables({ seed: 7, now, rowsPerTable: 40 });

const hostile = [
	'x" | take 100000 | where "1"=="1',
	"x' | project AccountName //",
	'x\\" or 1==1 //',
	'\\',
	'x\\\\"; DeviceProcessEvents | take 1',
	'a|b;c',
	'a\nDeviceLogonEvents\n| take 1',
	'a\r\n| union DeviceLogonEvents',
	'tab\there',
	'// comment',
	'/* block */',
	'@"verbatim"',
	'h"obfuscated"',
	'ｅvil.example', // full-width e
	'еvil.example', // Cyrillic e
	'evil\u200b.example', // zero-width space
	'‟quoted”',
	'${injection}',
	'',
];

/** Reads a string value back through Kusto: Microsoft's analyzer types it, the emulator evaluates it. */
function readBack(literal: string): unknown {
	const run = runHunting(`range x from 1 to 1 step 1 | extend v = ${literal} | project v`, { tables, now });
	expect(run.schema).toEqual([{ name: 'v', type: 'String' }]);
	return run.results[0].v;
}

describe('a value becomes one KQL string literal', () => {
	it.each(hostile)('%j reads back unchanged', (value) => {
		expect(readBack(kqlString(value))).toBe(value);
	});

	it('writes a list whose members are exactly the values', () => {
		const list = kqlStringList(hostile);
		const member = (value: string) => runHunting(`range x from 1 to 1 step 1 | extend v = ${kqlString(value)} | where v in ${list} | project v`, { tables, now }).results;
		for (const value of hostile) expect(member(value)).toEqual([{ v: value }]);
		for (const outsider of ['x', '1', 'take 1', 'evil.example', '"']) expect(member(outsider)).toEqual([]);
	});

	it.each(['\u0000', 'a\u0007b', '\u001b[31m', '\u2028', '\u007f'])('refuses the control character in %j rather than write it', (value) => {
		expect(() => kqlString(value)).toThrow('A control character cannot be written into a KQL string literal');
	});
});

const cases: Array<[TemplateName, EntityKind | undefined, string]> = [
	['devicesWithFile', undefined, 'a'.repeat(64)],
	['devicesContactingAddress', undefined, 'https://evil.example/path'],
	['devicesContactingAddress', undefined, 'evil.example'],
	['deviceSignIns', undefined, 'b'.repeat(40)],
	['deviceEvents', undefined, 'c'.repeat(40)],
	['deviceVulnerabilities', undefined, 'd'.repeat(40)],
	['alertsForEntity', 'user', 'zoe.muller@contoso.example'],
];

/** The query with every string literal emptied (a URL's forms make lists of varying length): what remains is its structure. */
function structureOf(query: string): string {
	return query.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/""(?:, "")+/g, '""');
}

describe('a template keeps its structure whatever the value', () => {
	it.each(cases)('%s (%s) refuses every hostile value that does not fit its kind, before a query exists', (template, kind) => {
		for (const value of hostile) {
			const result = entityLookup(template, kind, value);
			expect(result).toHaveProperty('problem');
		}
	});

	it.each(cases)('%s (%s): with hostile text in place of the value the query has the same structure, schema and no rows', (template, kind, benign) => {
		const lookup = entityLookup(template, kind, benign);
		if ('problem' in lookup) throw new Error(lookup.problem);
		const benignQuery = templateQuery(template, { ...lookup, values: [benign] }, 10);
		const benignSchema = runHunting(benignQuery, { tables, now }).schema;
		for (const value of hostile.filter((text) => text !== '')) {
			const query = templateQuery(template, { ...lookup, values: [value] }, 10);
			expect(structureOf(query)).toBe(structureOf(benignQuery));
			const run = runHunting(query, { tables, now });
			expect(run.schema).toEqual(benignSchema);
			expect(run.results).toEqual([]);
		}
	});

	it('accepts the hostile characters a real user principal name may hold, and they stay literal', () => {
		const value = "o'brien|ops@contoso.example";
		const lookup = entityLookup('alertsForEntity', 'user', value);
		expect(lookup).toEqual({ value, column: 'AccountUpn', form: 'exact' });
		const query = templateQuery('alertsForEntity', { column: 'AccountUpn', form: 'exact', values: [value] }, 10);
		expect(query).toContain(`AccountUpn in~ ("o'brien|ops@contoso.example")`);
		expect(runHunting(query, { tables, now }).results).toEqual([]);
	});

	it('accepts a URL with quotes and semicolons in its path, and they stay literal', () => {
		const value = 'https://evil.example/a";b\'c|d//e';
		const lookup = entityLookup('devicesContactingAddress', undefined, value);
		expect(lookup).toEqual({ value, column: 'RemoteUrl', form: 'url' });
		const query = templateQuery('devicesContactingAddress', { column: 'RemoteUrl', form: 'url', values: [value] }, 10);
		expect(query).toContain('"https://evil.example/a\\";b\'c|d//e"');
		expect(runHunting(query, { tables, now }).results).toEqual([]);
	});

	it('batches 100 values into one query the analyzer accepts', () => {
		const lookups = Array.from({ length: 100 }, (_, index) => ({ value: index.toString(16).padStart(64, '0'), column: 'SHA256', form: 'exact' as const }));
		const batches = lookupBatches(lookups, 100);
		expect(batches).toHaveLength(1);
		const run = runHunting(templateQuery('devicesWithFile', batches[0], 10_000), { tables, now });
		expect(run.results).toEqual([]);
	});
});
