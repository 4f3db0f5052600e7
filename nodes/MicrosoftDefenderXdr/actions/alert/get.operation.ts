import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { DefenderBackend } from '../../api/backend';
import { entitiesOption, optionsCollection, simplifyOption } from '../../descriptions/common';
import { alertLocator } from '../../descriptions/resourceLocators';
import { presentedAlert } from '../../model/entities';
import { alertReference } from '../../model/references';
import { readReferencedId } from '../common/locator';
import { readPresentation } from '../common/output';

const properties: INodeProperties[] = [
	alertLocator,
	simplifyOption('alert'),
	optionsCollection([entitiesOption('alert')]),
];

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['get'] } }, properties);

export async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	backend: DefenderBackend,
): Promise<IDataObject[]> {
	const alertId = readReferencedId(context, itemIndex, 'alertId', alertReference);
	const presentation = readPresentation(context, itemIndex);
	// Entities come from the evidence, which Simplify's $select would leave out.
	const alert = await backend.getAlert(alertId, { summaryOnly: presentation.simplify && !presentation.entities });
	return [presentedAlert(alert, presentation)];
}
