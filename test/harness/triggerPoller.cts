import type { IDataObject } from 'n8n-workflow';

import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { pollTrigger } from '../../nodes/MicrosoftDefenderXdr/trigger/poll';
import { createPollContext, type TestCredentials } from './n8nContext.cjs';

/** The trigger polled the way n8n polls it: one static data object across polls, as n8n keeps it per node. */
export interface TriggerPoller {
	poll(mode?: 'trigger' | 'manual'): Promise<IDataObject[]>;
	/** Requests the last poll sent (token requests not counted). */
	requestsOfLastPoll: number;
	staticData: IDataObject;
}

export function triggerPoller(credentials: TestCredentials, parameters: IDataObject, staticData: IDataObject = {}): TriggerPoller {
	const state: TriggerPoller = {
		staticData,
		requestsOfLastPoll: 0,
		async poll(mode = 'trigger') {
			const { context, harness } = createPollContext({ credentials, parameters, staticData, mode, pollBudgetMs: 60_000 });
			// Retries wait milliseconds instead of seconds; what is retried, and how often, is unchanged.
			const output = await pollTrigger.call(context, async (pollContext, policy) => await createBackend(pollContext, { ...policy, retryBaseMilliseconds: 5 }));
			state.requestsOfLastPoll = harness.requests.length;
			return output ? output[0].map((item) => item.json) : [];
		},
	};
	return state;
}
