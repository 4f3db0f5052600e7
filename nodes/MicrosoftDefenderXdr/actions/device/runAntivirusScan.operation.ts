import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import type { EndpointBackend } from '../../api/endpoint.backend';
import { scanTypeOptions } from '../../model/endpoint';
import { deviceActionProperties, runDeviceActionForItem } from '../common/endpoint';
import { optionValue } from '../common/values';

const properties = deviceActionProperties([{ displayName: 'Scan Type', name: 'scanType', type: 'options', options: scanTypeOptions, default: 'Quick', description: 'How much of the device Microsoft Defender Antivirus scans' }]);

export const option: INodePropertyOptions = { name: 'Run Antivirus Scan', value: 'runAntivirusScan', description: 'Run a Microsoft Defender Antivirus scan', action: 'Run an antivirus scan on a device' };

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['runAntivirusScan'] } }, properties);

export async function execute(context: IExecuteFunctions, itemIndex: number, backend: EndpointBackend): Promise<IDataObject[]> {
	const scanType = optionValue(context, itemIndex, 'Scan Type', context.getNodeParameter('scanType', itemIndex, 'Quick'), scanTypeOptions);
	return [await runDeviceActionForItem(context, itemIndex, backend, 'runAntivirusScan', { ScanType: scanType })];
}
