import type { INodeProperties } from 'n8n-workflow';

import type { EndpointOperationModule } from '../common/endpoint';
import * as addTag from './addTag.operation';
import * as collectInvestigationPackage from './collectInvestigationPackage.operation';
import * as findByIp from './findByIp.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as isolate from './isolate.operation';
import * as releaseFromIsolation from './releaseFromIsolation.operation';
import * as removeAppRestriction from './removeAppRestriction.operation';
import * as removeTag from './removeTag.operation';
import * as restrictAppExecution from './restrictAppExecution.operation';
import * as runAntivirusScan from './runAntivirusScan.operation';
import * as stopAndQuarantineFile from './stopAndQuarantineFile.operation';

export const operations: Record<string, EndpointOperationModule> = {
	addTag,
	collectInvestigationPackage,
	findByIp,
	get,
	getAll,
	isolate,
	releaseFromIsolation,
	removeAppRestriction,
	removeTag,
	restrictAppExecution,
	runAntivirusScan,
	stopAndQuarantineFile,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{ name: 'Add Tag', value: 'addTag', description: 'Add a tag to a device', action: 'Add a tag to a device' },
			{ name: 'Collect Investigation Package', value: 'collectInvestigationPackage', description: 'Collect forensic data from a device', action: 'Collect an investigation package' },
			{ name: 'Find by IP', value: 'findByIp', description: 'Find the devices that had an internal IP address at a time', action: 'Find devices by IP address' },
			{ name: 'Get', value: 'get', description: 'Get a device by ID or portal link', action: 'Get a device' },
			{ name: 'Get Many', value: 'getAll', description: 'List devices, filtered by name, health, risk, exposure, platform, tag and last seen', action: 'Get many devices' },
			{ name: 'Isolate', value: 'isolate', description: 'Isolate a device from the network', action: 'Isolate a device' },
			{ name: 'Release From Isolation', value: 'releaseFromIsolation', description: 'End a device\'s isolation', action: 'Release a device from isolation' },
			{ name: 'Remove App Restriction', value: 'removeAppRestriction', description: 'Let a device run any app again', action: 'Remove the app restriction of a device' },
			{ name: 'Remove Tag', value: 'removeTag', description: 'Remove a tag from a device', action: 'Remove a tag from a device' },
			{ name: 'Restrict App Execution', value: 'restrictAppExecution', description: 'Let a device run only Microsoft-signed apps', action: 'Restrict app execution on a device' },
			{ name: 'Run Antivirus Scan', value: 'runAntivirusScan', description: 'Run a Microsoft Defender Antivirus scan', action: 'Run an antivirus scan on a device' },
			{ name: 'Stop and Quarantine File', value: 'stopAndQuarantineFile', description: 'Stop a file\'s processes and quarantine it', action: 'Stop and quarantine a file on a device' },
		],
		default: 'get',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
