/**
 * The emulator's time. Real by default; tests freeze and move it to make ingestion delays, token expiry and
 * polling windows deterministic.
 */
export class EmulatorClock {
	private frozenAt: number | undefined;

	now(): Date {
		return new Date(this.frozenAt ?? Date.now());
	}

	set(instant: Date | string): void {
		this.frozenAt = new Date(instant).getTime();
	}

	advance(milliseconds: number): void {
		this.frozenAt = (this.frozenAt ?? Date.now()) + milliseconds;
	}

	useRealTime(): void {
		this.frozenAt = undefined;
	}
}

/** ISO 8601 with seven fractional digits, as Defender writes its timestamps. */
export function defenderTimestamp(instant: Date): string {
	return instant.toISOString().replace(/Z$/, '0000Z');
}
