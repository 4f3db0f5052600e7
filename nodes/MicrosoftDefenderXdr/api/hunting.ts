import type { IDataObject } from 'n8n-workflow';

import type { HuntingResult } from '../model/records';
import { textOf } from '../model/values';
import { asRecord } from '../transport/failures';
import type { ApiRequest, DefenderClient } from '../transport/request';

/**
 * What every hunting request shares: Defender stops a query after 3 minutes, so an attempt is given that long plus
 * a margin to answer, and a refusal is the query's (bad KQL), not the API's.
 */
export const huntingRequest = {
	operation: 'runHuntingQuery',
	method: 'POST',
	minimumAttemptMilliseconds: 190_000,
	rejectedItem: 'The hunting query',
} as const satisfies Omit<ApiRequest, 'path'>;

function keyOf(record: IDataObject, name: string): unknown {
	const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : record[key];
}

/** Hunting answers: Graph's `schema`/`results`, the legacy `Schema`/`Results` (and one doc sample's `Name`/`Type`). */
export function readHuntingAnswer(client: DefenderClient, answer: IDataObject): HuntingResult {
	const schema = keyOf(answer, 'schema');
	const results = keyOf(answer, 'results');
	if (!Array.isArray(schema) || !Array.isArray(results)) {
		throw client.malformedAnswerError('a hunting answer without "schema" and "results"');
	}
	return {
		schema: schema.map((column) => {
			const record = asRecord(column) ?? {};
			return { name: textOf(keyOf(record, 'name')), type: textOf(keyOf(record, 'type')) };
		}),
		rows: results.map((row) => asRecord(row) ?? { value: row }),
	};
}
