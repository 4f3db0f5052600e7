import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { deviceActionProperties, runDeviceActionForItem } from '../common/endpoint';

const properties = deviceActionProperties(
	[],
	[
		{
			displayName: 'Return Package Link',
			name: 'returnPackageLink',
			type: 'boolean',
			default: false,
			description: 'Whether to add the package\'s short-lived download link (packageLink) once the collection succeeded; needs Wait for Completion',
		},
	],
);

export const option: INodePropertyOptions = { name: 'Collect Investigation Package', value: 'collectInvestigationPackage', description: 'Collect forensic data from a device', action: 'Collect an investigation package' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['collectInvestigationPackage'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const action = await runDeviceActionForItem(context, itemIndex, backend, 'collectInvestigationPackage');
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.returnPackageLink !== true || action.status !== 'Succeeded') return [action];
	return [{ ...action, packageLink: (await backend.investigationPackageLink(String(action.id))) ?? null }];
}
