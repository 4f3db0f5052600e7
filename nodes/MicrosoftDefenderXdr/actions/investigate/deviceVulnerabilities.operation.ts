import { templateOperation, templateProperties, valueField } from './template';

export const description = templateProperties('deviceVulnerabilities', [
	valueField(
		'Device ID',
		"The device's Defender ID (40 hexadecimal characters, DeviceId in hunting, mdeDeviceId in alert evidence). Answers: which known vulnerabilities its software has (DeviceTvmSoftwareVulnerabilities, Defender Vulnerability Management's current view; Time Range does not apply), one row per software and CVE with severity and the recommended update.",
		'e.g. 1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
	),
]);

export const { execute, executeBatch } = templateOperation('deviceVulnerabilities');
