import { investigationTemplate, valueField } from './template';

export const { option, description, executeBatch } = investigationTemplate(
	{ name: 'Get Devices Contacting Address', value: 'devicesContactingAddress', description: 'Which devices connected to an IP address, domain or URL', action: 'Get devices that contacted an address' },
	[
		valueField('Address', 'An IP address (IPv4 or IPv6), a domain name (its subdomains match too) or an http(s) URL. Answers: which devices connected to it (DeviceNetworkEvents), one row per address and device with first and last seen, connection count, ports and processes.', 'e.g. 203.0.113.7, evil.example or https://evil.example/payload'),
	],
);
