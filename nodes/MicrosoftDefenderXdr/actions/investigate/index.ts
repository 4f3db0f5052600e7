import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../common/types';
import * as alertsForEntity from './alertsForEntity.operation';
import * as deviceEvents from './deviceEvents.operation';
import * as deviceSignIns from './deviceSignIns.operation';
import * as deviceVulnerabilities from './deviceVulnerabilities.operation';
import * as devicesContactingAddress from './devicesContactingAddress.operation';
import * as devicesWithFile from './devicesWithFile.operation';

export const operations: Record<string, OperationModule> = {
	alertsForEntity,
	deviceEvents,
	deviceSignIns,
	deviceVulnerabilities,
	devicesContactingAddress,
	devicesWithFile,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['investigate'] } },
		options: [
			{
				name: 'Get Alerts for Entity',
				value: 'alertsForEntity',
				description: 'Which alerts name a device, user, file, IP address, domain or URL in their evidence',
				action: 'Get alerts that name an entity',
			},
			{
				name: 'Get Device Events',
				value: 'deviceEvents',
				description: 'What ran on a device recently (process events, newest first), by device ID',
				action: 'Get recent events of a device',
			},
			{
				name: 'Get Device Sign-Ins',
				value: 'deviceSignIns',
				description: 'Which users signed in to a device, by device ID',
				action: 'Get users who signed in to a device',
			},
			{
				name: 'Get Device Vulnerabilities',
				value: 'deviceVulnerabilities',
				description: 'Which known vulnerabilities (CVEs) the software on a device has, by device ID',
				action: 'Get vulnerabilities on a device',
			},
			{
				name: 'Get Devices Contacting Address',
				value: 'devicesContactingAddress',
				description: 'Which devices connected to an IP address, domain or URL',
				action: 'Get devices that contacted an address',
			},
			{
				name: 'Get Devices With File',
				value: 'devicesWithFile',
				description: 'Which devices saw a file, by SHA-256, SHA-1 or MD5 hash',
				action: 'Get devices that saw a file',
			},
		],
		default: 'devicesWithFile',
	},
	...devicesWithFile.description,
	...devicesContactingAddress.description,
	...deviceSignIns.description,
	...deviceEvents.description,
	...deviceVulnerabilities.description,
	...alertsForEntity.description,
];
