/**
 * Syntax checking with Microsoft's own Kusto parser (@kusto/language-service-next), so a malformed query gets the
 * diagnostic Defender's query engine would give. The package is a browser-style bundle that defines globals.
 */

interface KustoDiagnostic {
	Message: string;
	Start: number;
	Length: number;
	Severity: string;
}
interface KustoGlobal {
	Language: { KustoCode: { Parse(text: string): { GetDiagnostics(): { Count: number; getItem(index: number): KustoDiagnostic } } } };
}

let kusto: KustoGlobal | undefined;

function loadKusto(): KustoGlobal {
	if (!kusto) {
		require('@kusto/language-service-next/bridge.js');
		require('@kusto/language-service-next/Kusto.Language.Bridge.js');
		kusto = (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
	}
	return kusto;
}

/** Line and column (1-based) of an offset, as Defender reports positions. */
function lineAndColumn(text: string, offset: number): string {
	const before = text.slice(0, offset).split('\n');
	return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** The first syntax error as a readable message, or undefined for a query that parses. */
export function syntaxError(query: string): string | undefined {
	const diagnostics = loadKusto().Language.KustoCode.Parse(query).GetDiagnostics();
	for (let index = 0; index < diagnostics.Count; index++) {
		const diagnostic = diagnostics.getItem(index);
		if (String(diagnostic.Severity) !== 'Error') continue;
		const near = query.slice(diagnostic.Start, diagnostic.Start + Math.max(diagnostic.Length, 1)).trim();
		return `Query could not be parsed at '${near}' on ${lineAndColumn(query, diagnostic.Start)}: ${diagnostic.Message}`;
	}
	return undefined;
}
