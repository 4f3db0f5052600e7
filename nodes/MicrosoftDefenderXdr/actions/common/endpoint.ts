import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import type { DescribedOperation } from '../../descriptions/operations';
import { alphabetical, optionsCollection } from '../../descriptions/common';
import { actionCommentField, deviceLocator, waitOptions } from '../../descriptions/endpoint';
import { describeDeviceAction, deviceActions, deviceReference, isMachineActionId, type DeviceActionName } from '../../model/endpoint';
import { quotedForMessage } from '../../model/values';
import { readReferencedId } from './locator';
import { parameterError } from './errors';
import { readNonEmptyText } from './values';

/** One Defender for Endpoint operation on one input item. */
export type EndpointOperationExecute = (context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend) => Promise<IDataObject[]>;

/** An operation that serves many input items with fewer requests; one result (or error) per item, in order. */
export type EndpointBatchExecute = (context: IExecuteFunctions, itemIndexes: number[], backend: EndpointBackend) => Promise<Array<IDataObject | Error>>;

export interface EndpointOperationModule extends DescribedOperation {
	execute: EndpointOperationExecute;
	executeBatch?: EndpointBatchExecute;
}

export function readDeviceId(context: IExecuteFunctions, itemIndex: number): string {
	return readReferencedId(context, itemIndex, 'deviceId', deviceReference).toLowerCase();
}

/** The UI of a device action: the device, the required comment, the action's own fields, the wait options. */
export function deviceActionProperties(ownFields: INodeProperties[], extraOptions: INodeProperties[] = []): INodeProperties[] {
	return [
		deviceLocator,
		actionCommentField(),
		...ownFields,
		optionsCollection(alphabetical([...waitOptions, ...extraOptions])),
	];
}

/** Text Defender wrote into an action, or the fallback when it left the field empty. */
function actionText(action: IDataObject, field: string, fallback: string): string {
	const value = action[field];
	return typeof value === 'string' && value.trim() ? value : fallback;
}

/** Why an action that ended other than Succeeded did not do its work, in Defender's words. */
function unsuccessfulEnd(action: IDataObject): string {
	if (action.status === 'Cancelled') {
		return `The device action was cancelled by ${actionText(action, 'cancellationRequestor', 'someone')}: ${actionText(action, 'cancellationComment', 'no comment given')}`;
	}
	const how = action.status === 'TimeOut' ? 'with a timeout' : action.status === 'Failed' ? 'as failed' : `with status ${String(action.status)}`;
	return `The device action ended ${how}: ${actionText(action, 'troubleshootInfo', 'Defender gave no reason')}`;
}

/**
 * Sends one device action, then waits for it when asked. The same request (type, scope, file) pending already
 * is returned with `alreadyPending: true` instead of being sent twice; another pending action that blocks this
 * one makes the item an error naming it, since nothing was sent. Any final status but Succeeded is an error.
 */
export async function runDeviceActionForItem(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: EndpointBackend,
	name: DeviceActionName,
	ownBody: IDataObject = {},
): Promise<IDataObject> {
	const deviceId = readDeviceId(context, itemIndex);
	const comment = readNonEmptyText(context, itemIndex, 'comment', 'Comment');
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxWaitMinutes = options.maxWaitMinutes ?? 10;
	if (options.waitForCompletion === true && (typeof maxWaitMinutes !== 'number' || !(maxWaitMinutes > 0) || maxWaitMinutes > 60)) {
		throw parameterError(context, itemIndex, `Max Wait (Minutes) must be a number from 1 to 60, not ${String(maxWaitMinutes)}`);
	}
	const result = await backend.runDeviceAction(deviceId, name, { Comment: comment, ...ownBody });
	if ('blockedBy' in result) {
		const other = result.blockedBy;
		throw new NodeOperationError(
			context.getNode(),
			`Not sent: Defender is still running another action on device ${deviceId}: ${String(other.id)}, ${describeDeviceAction(other)}, requested by ${actionText(other, 'requestor', 'an unknown requestor')} at ${actionText(other, 'creationDateTimeUtc', 'an unknown time')} (status ${String(other.status)})`,
			{
				itemIndex,
				description: `Defender runs one ${String(other.type)} action at a time on a device ("Action is already in progress"), so this request to ${deviceActions[name].phrase} was not sent. Wait until that action ends (Device Action > Get), or cancel it (Device Action > Cancel), then run this item again.`,
			},
		);
	}
	const { action, alreadyPending } = result;
	if (options.waitForCompletion !== true) return { ...action, alreadyPending };
	const { action: ended, finished } = await backend.waitForDeviceAction(String(action.id), { maxWaitMilliseconds: (maxWaitMinutes as number) * 60_000 });
	if (!finished) {
		throw new NodeOperationError(context.getNode(), `The device action did not finish within ${String(maxWaitMinutes)} minutes (status ${String(ended.status)})`, {
			itemIndex,
			description: `Defender keeps running it. Look it up later with Device Action > Get and the ID ${String(ended.id)}, or raise Max Wait (Minutes).`,
		});
	}
	if (ended.status !== 'Succeeded') {
		throw new NodeOperationError(context.getNode(), unsuccessfulEnd(ended), {
			itemIndex,
			description: `Device action ${String(ended.id)} (${describeDeviceAction(ended)}) on device ${deviceId} ended with status ${String(ended.status)}.`,
		});
	}
	return { ...ended, alreadyPending };
}

/** A device action with no fields of its own (release, restrict, remove restriction). */
export function plainDeviceAction(name: DeviceActionName): Pick<EndpointOperationModule, 'description' | 'execute'> {
	return {
		description: updateDisplayOptions({ show: { resource: ['device'], operation: [name] } }, deviceActionProperties([])),
		execute: async (context, itemIndex, backend) => [await runDeviceActionForItem(context, itemIndex, backend, name)],
	};
}

export function readDeviceActionId(context: IExecuteFunctions, itemIndex: number): string {
	const id = String(context.getNodeParameter('deviceActionId', itemIndex, '')).trim();
	if (!isMachineActionId(id)) throw parameterError(context, itemIndex, `Device Action ID ${quotedForMessage(id)} is not a GUID like 7560ff7a-6f3a-4b1e-8a8a-3f1b1c3f0c11`);
	return id;
}

/** Add Tag or Remove Tag: the device and the tag; adding a tag twice leaves one. */
export function tagOperation(change: 'Add' | 'Remove'): Pick<EndpointOperationModule, 'description' | 'execute'> {
	const operation = change === 'Add' ? 'addTag' : 'removeTag';
	return {
		description: updateDisplayOptions({ show: { resource: ['device'], operation: [operation] } }, [
			deviceLocator,
			{ displayName: 'Tag', name: 'tag', type: 'string', default: '', required: true, placeholder: 'e.g. contained', description: 'The tag text, as Defender shows it on the device' },
		]),
		execute: async (context, itemIndex, backend) => [await backend.tagDevice(readDeviceId(context, itemIndex), readNonEmptyText(context, itemIndex, 'tag', 'Tag').trim(), change)],
	};
}
