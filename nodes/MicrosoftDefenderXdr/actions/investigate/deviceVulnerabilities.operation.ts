import { deviceIdField, investigationTemplate } from './template';

export const { option, description, executeBatch } = investigationTemplate(
	{ name: 'Get Device Vulnerabilities', value: 'deviceVulnerabilities', description: 'Which known vulnerabilities (CVEs) the software on a device has, by device ID', action: 'Get vulnerabilities on a device' },
	[
		deviceIdField("which known vulnerabilities its software has (DeviceTvmSoftwareVulnerabilities, Defender Vulnerability Management's current view; Time Range does not apply), one row per software and CVE with severity and the recommended update."),
	],
);
