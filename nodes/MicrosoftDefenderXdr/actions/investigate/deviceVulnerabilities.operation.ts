import type { INodePropertyOptions } from 'n8n-workflow';

import { deviceIdField, templateOperation, templateProperties } from './template';

export const option: INodePropertyOptions = { name: 'Get Device Vulnerabilities', value: 'deviceVulnerabilities', description: 'Which known vulnerabilities (CVEs) the software on a device has, by device ID', action: 'Get vulnerabilities on a device' };

export const description = templateProperties('deviceVulnerabilities', [
	deviceIdField(
		"which known vulnerabilities its software has (DeviceTvmSoftwareVulnerabilities, Defender Vulnerability Management's current view; Time Range does not apply), one row per software and CVE with severity and the recommended update.",
	),
]);

export const { executeBatch } = templateOperation('deviceVulnerabilities');
