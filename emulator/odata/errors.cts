import type { QuerySchema } from './schema.cjs';

/** A query option the API would refuse with 400; `message` is what the API would say. */
export class ODataQueryError extends Error {
	readonly code = 'BadRequest';

	constructor(
		message: string,
		/** Character offset in the option's text, for syntax errors. */
		readonly position?: number,
	) {
		super(message);
		this.name = 'ODataQueryError';
	}
}

export type QueryOption = 'filter' | 'orderby';
export type Dialect = QuerySchema['dialect'];

/** Graph prefixes parser errors with "Invalid filter clause: "; the legacy API words it more tersely. */
export function clauseError(dialect: Dialect, option: QueryOption, message: string, position?: number): ODataQueryError {
	const prefix = dialect === 'graph' ? `Invalid ${option} clause: ` : `Invalid ${option}: `;
	return new ODataQueryError(prefix + message, position);
}

export function syntaxError(dialect: Dialect, option: QueryOption, text: string, position: number): ODataQueryError {
	return clauseError(dialect, option, `Syntax error at position ${position} in '${text}'.`, position);
}
