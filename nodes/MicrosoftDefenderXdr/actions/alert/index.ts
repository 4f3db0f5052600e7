import { resourceDescription } from '../../descriptions/operations';
import type { OperationModule } from '../common/types';
import * as addComment from './addComment.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { addComment, get, getAll, update };

export const description = resourceDescription('alert', 'getAll', operations, {
	name: 'alertGraphOnlyNotice',
	text: 'Alerts need the Microsoft Graph security API. A credential set to the legacy Defender XDR API cannot read or change alerts.',
});
