/**
 * ISO 8601 date-times as OData writes them (`2020-09-06T12:18:03.6266667Z`, `2024-05-01T12:00:00+02:00`), turned
 * into 100-nanosecond ticks since the Unix epoch. Ticks are bigints because milliseconds times 10,000 exceed
 * Number.MAX_SAFE_INTEGER, which would silently drop Defender's seventh fractional digit.
 */

export type DateTimeScan =
	| { ok: true; kind: 'dateTime' | 'date'; end: number; ticks: bigint }
	/** `position` is where the text stops looking like a date-time, or its end when `outOfRange` (well formed, impossible field). */
	| { ok: false; position: number; outOfRange: boolean };

const ticksPerMillisecond = 10_000n;
const maximumFractionDigits = 7;

export function isDigit(character: string | undefined): boolean {
	return character !== undefined && character >= '0' && character <= '9';
}

/** Whether text at `start` begins like a date (four digits and a dash), as opposed to a number. */
export function looksLikeDate(text: string, start: number): boolean {
	for (let index = start; index < start + 4; index++) if (!isDigit(text[index])) return false;
	return text[start + 4] === '-';
}

const daysInMonths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeapYear(year) ? 29 : daysInMonths[month - 1];
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Reads `yyyy-mm-dd` optionally followed by `Thh:mm[:ss[.fffffff]]` and a zone (`Z` or `±hh:mm`). A zone is
 * required on a date-time unless `zoneOptional` (stored entity values written without one are read as UTC).
 */
export function scanDateTime(text: string, start: number, zoneOptional = false): DateTimeScan {
	let position = start;
	const fail = (): DateTimeScan => ({ ok: false, position, outOfRange: false });
	const readDigits = (count: number): number | undefined => {
		for (let offset = 0; offset < count; offset++) {
			if (!isDigit(text[position + offset])) {
				position += offset;
				return undefined;
			}
		}
		position += count;
		return Number(text.slice(position - count, position));
	};
	const accept = (character: string): boolean => {
		if (text[position] !== character) return false;
		position++;
		return true;
	};

	const year = readDigits(4);
	if (year === undefined || !accept('-')) return fail();
	const month = readDigits(2);
	if (month === undefined || !accept('-')) return fail();
	const day = readDigits(2);
	if (day === undefined) return fail();
	const dateValid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
	if (!accept('T')) {
		if (!dateValid) return { ok: false, position, outOfRange: true };
		return { ok: true, kind: 'date', end: position, ticks: BigInt(Date.UTC(year, month - 1, day)) * ticksPerMillisecond };
	}

	const hour = readDigits(2);
	if (hour === undefined || !accept(':')) return fail();
	const minute = readDigits(2);
	if (minute === undefined) return fail();
	let second = 0;
	let fraction = '';
	if (accept(':')) {
		const seconds = readDigits(2);
		if (seconds === undefined) return fail();
		second = seconds;
		if (accept('.')) {
			const fractionStart = position;
			while (isDigit(text[position])) position++;
			fraction = text.slice(fractionStart, position);
			if (fraction.length === 0) return fail();
			if (fraction.length > maximumFractionDigits) {
				position = fractionStart + maximumFractionDigits;
				return fail();
			}
		}
	}

	let offsetMinutes = 0;
	let offsetValid = true;
	if (!accept('Z')) {
		const sign = text[position];
		if (sign === '+' || sign === '-') {
			position++;
			const offsetHours = readDigits(2);
			if (offsetHours === undefined || !accept(':')) return fail();
			const offsetMinute = readDigits(2);
			if (offsetMinute === undefined) return fail();
			offsetValid = offsetHours <= 14 && offsetMinute <= 59;
			offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinute);
		} else if (!zoneOptional) {
			return fail();
		}
	}

	if (!dateValid || !offsetValid || hour > 23 || minute > 59 || second > 59) return { ok: false, position, outOfRange: true };
	const milliseconds = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
	const subMillisecondTicks = BigInt(fraction.padEnd(maximumFractionDigits, '0'));
	return { ok: true, kind: 'dateTime', end: position, ticks: BigInt(milliseconds) * ticksPerMillisecond + subMillisecondTicks };
}

/**
 * Stored timestamps are read again by every filter and sort of every list request (a sort compares each entity
 * about log2(n) times), so the ticks of texts already read are remembered, up to a bound.
 */
const ticksOfText = new Map<string, bigint | undefined>();
const rememberedTexts = 200_000;

/** Ticks of a stored date-time value (ISO string or Date), or undefined when it is not one. */
export function instantTicks(value: unknown): bigint | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : BigInt(value.getTime()) * ticksPerMillisecond;
	if (typeof value !== 'string') return undefined;
	const known = ticksOfText.get(value);
	if (known !== undefined || ticksOfText.has(value)) return known;
	const scan = scanDateTime(value, 0, true);
	const ticks = scan.ok && scan.end === value.length ? scan.ticks : undefined;
	if (ticksOfText.size >= rememberedTexts) ticksOfText.clear();
	ticksOfText.set(value, ticks);
	return ticks;
}
