import { deviceIdField, templateOperation, templateProperties } from './template';

export const description = templateProperties('deviceVulnerabilities', [
	deviceIdField(
		"which known vulnerabilities its software has (DeviceTvmSoftwareVulnerabilities, Defender Vulnerability Management's current view; Time Range does not apply), one row per software and CVE with severity and the recommended update.",
	),
]);

export const { executeBatch } = templateOperation('deviceVulnerabilities');
