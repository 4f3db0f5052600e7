import { investigationTemplate, valueField } from './template';

export const { option, description, executeBatch } = investigationTemplate(
	{ name: 'Get Devices With File', value: 'devicesWithFile', description: 'Which devices saw a file, by SHA-256, SHA-1 or MD5 hash', action: 'Get devices that saw a file' },
	[
		valueField('File Hash', 'SHA-256 (64 hexadecimal characters), SHA-1 (40) or MD5 (32) of the file. Answers: which devices saw this file (DeviceFileEvents), one row per file and device with first and last seen, event count, file names and folders.', 'e.g. 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
	],
);
