import type { ColumnSchema, ColumnType, HuntingTables } from './tables.cjs';

/**
 * Checks a query with Microsoft's own Kusto parser and semantic analyzer (@kusto/language-service-next), so a
 * malformed query or an unknown table or column gets the diagnostic Defender's query engine would give, and the
 * result schema (column names, order and Kusto types) is the one Kusto itself computes.
 * The package is a Bridge.NET browser bundle: requiring it defines the global `Kusto`.
 */

interface KustoList<Item> {
	Count: number;
	getItem(index: number): Item;
}
interface KustoDiagnostic {
	Code: string;
	Message: string;
	Start: number;
	Length: number;
	Severity: string;
}
interface KustoColumn {
	Name: string;
	Type: { Name: string };
}
interface KustoCode {
	GetDiagnostics(): KustoList<KustoDiagnostic>;
	ResultType: { Columns?: KustoList<KustoColumn> } | null;
}
type KustoSymbol = object;
interface KustoGlobalState {
	WithDatabase(database: KustoSymbol): KustoGlobalState;
}
interface KustoLanguage {
	KustoCode: { Parse(text: string): KustoCode; ParseAndAnalyze(text: string, globals: KustoGlobalState): KustoCode };
	GlobalState: { Default: KustoGlobalState };
	Symbols: {
		TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => KustoSymbol };
		DatabaseSymbol: { ctor: new (name: string, members: KustoSymbol[]) => KustoSymbol };
	};
}

export class HuntingQueryError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 504 = 400,
		readonly code: 'BadRequest' | 'GatewayTimeout' = 'BadRequest',
	) {
		super(message);
		this.name = 'HuntingQueryError';
	}
}

let language: KustoLanguage | undefined;

function loadKusto(): KustoLanguage {
	if (!language) {
		require('@kusto/language-service-next/bridge.js');
		require('@kusto/language-service-next/Kusto.Language.Bridge.js');
		language = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
	}
	return language;
}

const kustoTypeNames: Record<ColumnType, string> = {
	DateTime: 'datetime', String: 'string', Int32: 'int', Int64: 'long', Double: 'real', Boolean: 'bool', Dynamic: 'dynamic', Guid: 'guid', TimeSpan: 'timespan',
};
const reportedTypeNames: Record<string, ColumnType> = {
	...Object.fromEntries(Object.entries(kustoTypeNames).map(([reported, kusto]) => [kusto, reported as ColumnType])),
	decimal: 'Double',
};

/** The tables as a Kusto database, built once per tables object. */
const globalsByTables = new WeakMap<HuntingTables, KustoGlobalState>();

function globalsFor(tables: HuntingTables): KustoGlobalState {
	let globals = globalsByTables.get(tables);
	if (!globals) {
		const kusto = loadKusto();
		const symbols = Object.entries(tables).map(
			([name, table]) => new kusto.Symbols.TableSymbol.$ctor7(name, `(${table.schema.map((column) => `['${column.name}']:${kustoTypeNames[column.type]}`).join(', ')})`, null),
		);
		globals = kusto.GlobalState.Default.WithDatabase(new kusto.Symbols.DatabaseSymbol.ctor('Defender', symbols));
		globalsByTables.set(tables, globals);
	}
	return globals;
}

/** Kusto's position format: [line,column], both 1-based. */
function position(text: string, offset: number): string {
	const before = text.slice(0, offset).split('\n');
	return `[${before.length},${before[before.length - 1].length + 1}]`;
}

function firstError(diagnostics: KustoList<KustoDiagnostic>): KustoDiagnostic | undefined {
	for (let index = 0; index < diagnostics.Count; index++) {
		const diagnostic = diagnostics.getItem(index);
		if (String(diagnostic.Severity) === 'Error') return diagnostic;
	}
	return undefined;
}

/** Kusto analyzer codes for names that resolve to nothing, worded as the query engine words them. */
const unresolvedName: Record<string, string> = {
	KS204: 'Failed to resolve table or column expression named',
	KS142: 'Failed to resolve scalar expression named',
	KS211: 'Failed to resolve function named',
};

/**
 * Rejects a query that does not parse or refers to unknown names (HuntingQueryError 400) and otherwise returns the
 * schema Kusto computes for its result.
 */
export function analyzeQuery(query: string, tables: HuntingTables): ColumnSchema[] {
	const kusto = loadKusto();
	const syntaxProblem = firstError(kusto.KustoCode.Parse(query).GetDiagnostics());
	if (syntaxProblem) {
		const near = query.slice(syntaxProblem.Start, syntaxProblem.Start + Math.max(syntaxProblem.Length, 1)).trim() || '<end of query>';
		throw new HuntingQueryError(`Query could not be parsed at '${near}' on line ${position(query, syntaxProblem.Start)}: ${syntaxProblem.Message}`);
	}
	const code = kusto.KustoCode.ParseAndAnalyze(query, globalsFor(tables));
	const semanticProblem = firstError(code.GetDiagnostics());
	if (semanticProblem) {
		const name = query.slice(semanticProblem.Start, semanticProblem.Start + semanticProblem.Length);
		const wording = unresolvedName[semanticProblem.Code];
		throw new HuntingQueryError(
			wording ? `${wording} '${name}' on line ${position(query, semanticProblem.Start)}.` : `Semantic error at '${name}' on line ${position(query, semanticProblem.Start)}: ${semanticProblem.Message}`,
		);
	}
	return schemaOf(code);
}

function schemaOf(code: KustoCode): ColumnSchema[] {
	const columns = code.ResultType?.Columns;
	if (!columns) throw new HuntingQueryError('The query does not return a table: end it with a tabular expression.');
	const schema: ColumnSchema[] = [];
	for (let index = 0; index < columns.Count; index++) {
		const column = columns.getItem(index);
		schema.push({ name: column.Name, type: reportedTypeNames[column.Type.Name] ?? 'Dynamic' });
	}
	return schema;
}

/** The result schema of a query already accepted by analyzeQuery, or of a pipeline prefix of one. */
export function resultSchema(query: string, tables: HuntingTables): ColumnSchema[] {
	return schemaOf(loadKusto().KustoCode.ParseAndAnalyze(query, globalsFor(tables)));
}
