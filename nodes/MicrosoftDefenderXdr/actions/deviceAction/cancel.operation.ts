import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { actionCommentField } from '../../descriptions/endpoint';
import { readDeviceActionId } from '../common/endpoint';
import { readNonEmptyText } from '../common/values';
import { deviceActionIdField } from './get.operation';

export const option: INodePropertyOptions = { name: 'Cancel', value: 'cancel', description: 'Cancel a device action that has not ended', action: 'Cancel a device action' };

export const description = updateDisplayOptions({ show: { resource: ['deviceAction'], operation: ['cancel'] } }, [deviceActionIdField, actionCommentField()]);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const id = readDeviceActionId(context, itemIndex);
	return [await backend.cancelDeviceAction(id, readNonEmptyText(context, itemIndex, 'comment', 'Comment'))];
}
