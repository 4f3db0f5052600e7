import { evaluateQuery, formatDateTime, HuntingQueryError } from './engine.cjs';
import { syntaxError } from './syntax.cjs';
import type { ColumnSchema, HuntingTables } from './tables.cjs';

export { HuntingQueryError } from './engine.cjs';
export { createHuntingTables, type ColumnSchema, type HuntingTable, type HuntingTables } from './tables.cjs';

export interface HuntingRun {
	schema: ColumnSchema[];
	results: Array<Record<string, unknown>>;
	executionTimeSeconds: number;
}

/** Defender's documented ceilings: 100,000 rows (the rest is cut off) and about 124 MB of result (a 400). */
export const defaultMaxRows = 100_000;
export const defaultMaxResultBytes = 124 * 1024 * 1024;

export function runHunting(
	query: string,
	options: { tables: HuntingTables; now: Date; window?: { start: Date; end: Date }; maxRows?: number; maxResultBytes?: number },
): HuntingRun {
	const startedAt = process.hrtime.bigint();
	const problem = syntaxError(query);
	if (problem) throw new HuntingQueryError(problem);
	const window = options.window ?? { start: new Date(options.now.getTime() - 30 * 86_400_000), end: options.now };
	const table = evaluateQuery(query, options.tables, options.now, window);
	const results = table.rows.slice(0, options.maxRows ?? defaultMaxRows).map((row) =>
		Object.fromEntries(table.schema.map(({ name }) => [name, row[name] instanceof Date ? formatDateTime(row[name] as Date) : (row[name] ?? null)])),
	);
	const size = Buffer.byteLength(JSON.stringify(results));
	if (size > (options.maxResultBytes ?? defaultMaxResultBytes)) {
		throw new HuntingQueryError(`Query result size of ${size} bytes exceeds the limit of ${options.maxResultBytes ?? defaultMaxResultBytes} bytes. Narrow the query, for example with project or summarize.`);
	}
	return { schema: table.schema, results, executionTimeSeconds: Number(process.hrtime.bigint() - startedAt) / 1e9 };
}
