import { randomUUID } from 'node:crypto';

import { defenderTimestamp } from '../clock.cjs';
import type { StoredMachine } from './machines.cjs';

/**
 * Machine actions (defender-endpoint-api.md sections 2.9-2.12) and their life on the emulator's clock: Pending,
 * then InProgress, then Succeeded unless a test asked for Failed, TimeOut or Cancelled (as if someone cancelled
 * it in the portal); Cancelled when cancelled first.
 */

export const machineActionTypes = [
	'RunAntiVirusScan',
	'Offboard',
	'LiveResponse',
	'CollectInvestigationPackage',
	'Isolate',
	'Unisolate',
	'StopAndQuarantineFile',
	'RestrictCodeExecution',
	'UnrestrictCodeExecution',
] as const;
export type MachineActionType = (typeof machineActionTypes)[number];

export const machineActionStatuses = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled'] as const;
export type MachineActionStatus = (typeof machineActionStatuses)[number];
export type ForcedOutcome = 'Failed' | 'TimeOut' | 'Cancelled';

export interface ActionTimings {
	/** How long an action stays Pending (the device has not picked it up). */
	pendingSeconds: number;
	/** How long it then stays InProgress before it ends. */
	runSeconds: number;
}

/** A test's request that the next matching action ends badly. */
export interface OutcomeOverride {
	outcome: ForcedOutcome;
	type?: string;
	machineId?: string;
	/** What the emulator puts in troubleshootInfo, or in cancellationComment for Cancelled. */
	reason?: string;
	/** Who cancels it, for Cancelled. */
	requestor?: string;
}

interface StoredAction {
	id: string;
	type: MachineActionType;
	scope: string | null;
	machine: StoredMachine;
	requestor: string;
	requestorComment: string;
	createdAt: number;
	timings: ActionTimings;
	outcome: 'Succeeded' | Exclude<ForcedOutcome, 'Cancelled'>;
	reason?: string;
	relatedFileInfo: { fileIdentifier: string; fileIdentifierType: 'Sha1' } | null;
	cancellation?: { at: number; requestor: string; comment: string };
	packageToken?: string;
	/** The request repeated in troubleshootInfo, when a test asked for echoes. */
	echo: string;
}

const finalStatuses: MachineActionStatus[] = ['Succeeded', 'Failed', 'TimeOut', 'Cancelled'];

export function isFinal(status: MachineActionStatus): boolean {
	return finalStatuses.includes(status);
}

export class MachineActionStore {
	private actions: StoredAction[] = [];

	private overrides: OutcomeOverride[] = [];

	timings: ActionTimings = { pendingSeconds: 10, runSeconds: 20 };

	constructor(private readonly now: () => Date) {}

	reset(): void {
		this.actions = [];
		this.overrides = [];
		this.timings = { pendingSeconds: 10, runSeconds: 20 };
	}

	forceNextOutcome(override: OutcomeOverride): void {
		this.overrides.push(override);
	}

	create(request: { type: MachineActionType; scope: string | null; machine: StoredMachine; requestor: string; comment: string; sha1?: string; echo?: string }): StoredAction {
		const overrideIndex = this.overrides.findIndex(
			(override) => (override.type === undefined || override.type === request.type) && (override.machineId === undefined || override.machineId === request.machine.id),
		);
		const [override] = overrideIndex >= 0 ? this.overrides.splice(overrideIndex, 1) : [];
		const createdAt = this.now().getTime();
		const endsAt = createdAt + (this.timings.pendingSeconds + this.timings.runSeconds) * 1000;
		const action: StoredAction = {
			id: randomUUID(),
			type: request.type,
			scope: request.scope,
			machine: request.machine,
			requestor: request.requestor,
			requestorComment: request.comment,
			createdAt,
			timings: { ...this.timings },
			outcome: override === undefined || override.outcome === 'Cancelled' ? 'Succeeded' : override.outcome,
			reason: override && override.outcome !== 'Cancelled' ? (override.reason ?? (override.outcome === 'TimeOut' ? 'The device did not respond in time.' : 'The action failed on the device.')) : undefined,
			relatedFileInfo: request.sha1 ? { fileIdentifier: request.sha1, fileIdentifierType: 'Sha1' } : null,
			echo: request.echo ?? '',
			// Cancelled by someone else just before it would have ended.
			cancellation: override?.outcome === 'Cancelled' ? { at: endsAt - 1, requestor: override.requestor ?? 'analyst@contoso.example', comment: override.reason ?? 'Cancelled in the portal' } : undefined,
		};
		this.actions.push(action);
		return action;
	}

	find(id: string): StoredAction | undefined {
		return this.actions.find((action) => action.id.toLowerCase() === id.toLowerCase());
	}

	all(): StoredAction[] {
		return [...this.actions];
	}

	/**
	 * A Pending or InProgress action of this type on the device (for stop and quarantine, of this file):
	 * Defender refuses a second one, whatever its scope.
	 */
	active(machineId: string, type: MachineActionType, sha1?: string): StoredAction | undefined {
		return this.actions.find(
			(action) =>
				action.machine.id === machineId &&
				action.type === type &&
				(sha1 === undefined || action.relatedFileInfo?.fileIdentifier === sha1) &&
				!isFinal(this.statusOf(action)),
		);
	}

	statusOf(action: StoredAction): MachineActionStatus {
		if (action.cancellation && action.cancellation.at <= this.now().getTime()) return 'Cancelled';
		const elapsed = this.now().getTime() - action.createdAt;
		if (elapsed < action.timings.pendingSeconds * 1000) return 'Pending';
		if (elapsed < (action.timings.pendingSeconds + action.timings.runSeconds) * 1000) return 'InProgress';
		return action.outcome;
	}

	cancel(action: StoredAction, requestor: string, comment: string): void {
		action.cancellation = { at: this.now().getTime(), requestor, comment };
	}

	/** The package's short-lived download link, once the collection succeeded. */
	packageLink(action: StoredAction): string | undefined {
		if (action.type !== 'CollectInvestigationPackage' || this.statusOf(action) !== 'Succeeded') return undefined;
		action.packageToken ??= randomUUID().replace(/-/g, '');
		return `https://userrequests-us.securitycenter.windows.com:443/safedownload/WDATP_Investigation_Package.zip?token=${action.packageToken}`;
	}

	/** The MachineAction entity as it is now (section 2.9). */
	entity(action: StoredAction): Record<string, unknown> {
		const status = this.statusOf(action);
		const cancellation = status === 'Cancelled' ? action.cancellation : undefined;
		const { pendingSeconds, runSeconds } = action.timings;
		const changedAt =
			status === 'Cancelled'
				? cancellation!.at
				: status === 'Pending'
					? action.createdAt
					: status === 'InProgress'
						? action.createdAt + pendingSeconds * 1000
						: action.createdAt + (pendingSeconds + runSeconds) * 1000;
		return {
			id: action.id,
			type: action.type,
			title: null,
			requestor: action.requestor,
			requestorComment: action.requestorComment,
			status,
			machineId: action.machine.id,
			computerDnsName: action.machine.computerDnsName,
			creationDateTimeUtc: defenderTimestamp(new Date(action.createdAt)),
			lastUpdateDateTimeUtc: defenderTimestamp(new Date(changedAt)),
			cancellationRequestor: cancellation?.requestor ?? null,
			cancellationComment: cancellation?.comment ?? null,
			cancellationDateTimeUtc: cancellation ? defenderTimestamp(new Date(cancellation.at)) : null,
			errorHResult: status === 'Failed' || status === 'TimeOut' ? -2147467259 : 0,
			scope: action.scope,
			externalId: null,
			requestSource: 'PublicApi',
			relatedFileInfo: action.relatedFileInfo,
			commands: [],
			troubleshootInfo: status === 'Failed' || status === 'TimeOut' ? `${action.reason ?? ''}${action.echo}` : null,
		};
	}
}
