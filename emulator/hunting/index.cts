import { evaluateQuery, formatDateTime, formatTimespan, type Row } from './engine.cjs';
import { analyzeQuery, HuntingQueryError, resultSchema } from './kusto.cjs';
import type { ColumnSchema, ColumnType, HuntingTables } from './tables.cjs';

export { HuntingQueryError } from './kusto.cjs';
export { createHuntingTables, huntingDevices, type ColumnSchema, type ColumnType, type HuntingTable, type HuntingTables } from './tables.cjs';

export interface HuntingRun {
	schema: ColumnSchema[];
	results: Array<Record<string, unknown>>;
	executionTimeSeconds: number;
}

export interface HuntingOptions {
	tables: HuntingTables;
	now: Date;
	/** Graph's Timespan resolved to an interval; source rows outside it are invisible. Default: the last 30 days. */
	window?: { start: Date; end: Date };
	/** Defender's documented ceiling is 100,000 rows; more is a 400. */
	maxRows?: number;
	/** Defender's documented ceiling is about 124 MB of result; more is a 400. */
	maxResultBytes?: number;
}

export const defaultMaxRows = 100_000;
export const defaultMaxResultBytes = 124 * 1024 * 1024;
const thirtyDays = 30 * 86_400_000;

/** A cell as the APIs write it: DateTime with seven fractional digits, TimeSpan as d.hh:mm:ss, long as a whole number. */
function outputValue(value: unknown, type: ColumnType): unknown {
	if (value === undefined || value === null) return null;
	switch (type) {
		case 'DateTime':
			return value instanceof Date ? formatDateTime(value) : value;
		case 'TimeSpan':
			return typeof value === 'number' ? formatTimespan(value) : value;
		case 'Int32':
		case 'Int64':
			return typeof value === 'number' ? Math.trunc(value) : value;
		default:
			return value instanceof Date ? formatDateTime(value) : value;
	}
}

/**
 * Runs a KQL query the way Defender's advanced hunting does: Microsoft's Kusto analyzer rejects bad queries and
 * supplies the result schema, the emulator's evaluator computes the rows.
 */
export function runHunting(query: string, options: HuntingOptions): HuntingRun {
	const startedAt = process.hrtime.bigint();
	const schema = analyzeQuery(query, options.tables);
	const table = evaluateQuery(query, {
		tables: options.tables,
		now: options.now,
		window: options.window ?? { start: new Date(options.now.getTime() - thirtyDays), end: options.now },
		schemaOf: (prefix) => resultSchema(prefix, options.tables),
	});
	const maxRows = options.maxRows ?? defaultMaxRows;
	if (table.rows.length > maxRows) {
		throw new HuntingQueryError(
			`Query result exceeded the maximum allowed ${maxRows} rows (it has ${table.rows.length}). Reduce the result with take, summarize, project or a shorter time range.`,
		);
	}
	const results = table.rows.map((row: Row) => Object.fromEntries(schema.map(({ name, type }) => [name, outputValue(row[name], type)])));
	const maxResultBytes = options.maxResultBytes ?? defaultMaxResultBytes;
	const size = Buffer.byteLength(JSON.stringify(results));
	if (size > maxResultBytes) {
		throw new HuntingQueryError(`Query result size of ${size} bytes exceeds the maximum allowed ${maxResultBytes} bytes. Reduce the result with take, summarize or project.`);
	}
	return { schema, results, executionTimeSeconds: Number(process.hrtime.bigint() - startedAt) / 1e9 };
}
