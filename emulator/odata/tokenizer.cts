/** Splits a query option into tokens, reading one character at a time; every token keeps its offset for errors. */

import { isDigit, looksLikeDate, scanDateTime } from './dateTime.cjs';
import { clauseError, syntaxError, type Dialect, type QueryOption } from './errors.cjs';

export type Token =
	| { type: 'identifier'; text: string; position: number }
	| { type: 'string'; value: string; position: number }
	| { type: 'number'; text: string; value: number; position: number }
	| { type: 'dateTime' | 'date'; text: string; position: number }
	/** A qualified enum literal such as `microsoft.graph.security.alertSeverity'high'`. */
	| { type: 'enum'; typeName: string; value: string; position: number }
	| { type: 'symbol'; text: '(' | ')' | ',' | '/' | ':'; position: number }
	| { type: 'end'; position: number };

export interface TokenizeOptions {
	dialect: Dialect;
	option: QueryOption;
}

const symbols = new Set(['(', ')', ',', '/', ':']);

function isIdentifierStart(character: string | undefined): boolean {
	return character !== undefined && ((character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') || character === '_');
}

function isIdentifierPart(character: string | undefined): boolean {
	return character !== undefined && (isIdentifierStart(character) || isDigit(character) || character === '.');
}

function isWhitespace(character: string): boolean {
	return character === ' ' || character === '\t' || character === '\r' || character === '\n';
}

export function tokenize(text: string, { dialect, option }: TokenizeOptions): Token[] {
	const tokens: Token[] = [];
	const fail = (position: number) => syntaxError(dialect, option, text, position);

	/** Reads a quoted string starting at the opening quote; `''` stands for one quote. */
	const readString = (start: number): { value: string; end: number } => {
		let value = '';
		let index = start + 1;
		for (;;) {
			if (index >= text.length) {
				throw clauseError(dialect, option, `There is an unterminated string literal at position ${start} in '${text}'.`, start);
			}
			if (text[index] === "'") {
				if (text[index + 1] !== "'") return { value, end: index + 1 };
				index++;
			}
			value += text[index];
			index++;
		}
	};

	let position = 0;
	while (position < text.length) {
		const character = text[position];
		if (isWhitespace(character)) {
			position++;
		} else if (character === "'") {
			const { value, end } = readString(position);
			tokens.push({ type: 'string', value, position });
			position = end;
		} else if (looksLikeDate(text, position)) {
			const scan = scanDateTime(text, position);
			if (!scan.ok && scan.outOfRange) {
				throw clauseError(
					dialect,
					option,
					`The DateTimeOffset text '${text.slice(position, scan.position)}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`,
					position,
				);
			}
			if (!scan.ok || isIdentifierPart(text[scan.end])) throw fail(scan.ok ? scan.end : scan.position);
			tokens.push({ type: scan.kind, text: text.slice(position, scan.end), position });
			position = scan.end;
		} else if (isDigit(character) || (character === '-' && isDigit(text[position + 1]))) {
			const start = position;
			position++;
			while (isDigit(text[position])) position++;
			if (text[position] === '.') {
				position++;
				if (!isDigit(text[position])) throw fail(position);
				while (isDigit(text[position])) position++;
			}
			if (text[position] === 'e' || text[position] === 'E') {
				position++;
				if (text[position] === '+' || text[position] === '-') position++;
				if (!isDigit(text[position])) throw fail(position);
				while (isDigit(text[position])) position++;
			}
			if (isIdentifierPart(text[position])) throw fail(position);
			const numberText = text.slice(start, position);
			tokens.push({ type: 'number', text: numberText, value: Number(numberText), position: start });
		} else if (isIdentifierStart(character)) {
			const start = position;
			while (isIdentifierPart(text[position])) position++;
			const identifier = text.slice(start, position);
			if (text[position] === "'") {
				const { value, end } = readString(position);
				tokens.push({ type: 'enum', typeName: identifier, value, position: start });
				position = end;
			} else {
				tokens.push({ type: 'identifier', text: identifier, position: start });
			}
		} else if (symbols.has(character)) {
			tokens.push({ type: 'symbol', text: character as '(', position });
			position++;
		} else {
			throw fail(position);
		}
	}
	tokens.push({ type: 'end', position: text.length });
	return tokens;
}
