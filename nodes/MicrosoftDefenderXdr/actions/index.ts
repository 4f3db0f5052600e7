import type { INodeProperties } from 'n8n-workflow';

import { withAcceptedValues } from '../descriptions/common';
import { retirementNotice } from '../descriptions/endpoint';
import * as alert from './alert';
import * as device from './device';
import * as detectionRule from './detectionRule';
import * as deviceAction from './deviceAction';
import * as identityAccount from './identityAccount';
import * as huntingQuery from './huntingQuery';
import * as incident from './incident';
import * as indicator from './indicator';
import * as investigate from './investigate';

/** Every parameter of the node: the resource selector, then each resource's operations and their fields. */
export const nodeProperties: INodeProperties[] = withAcceptedValues([
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Advanced Hunting', value: 'huntingQuery', description: 'Run KQL queries over Defender data' },
			{ name: 'Alert', value: 'alert', description: 'Alerts raised by Defender products (Graph API only)' },
			{ name: 'Custom Detection Rule', value: 'detectionRule', description: 'Hunting queries that run on a schedule and raise alerts (Graph, global cloud)' },
			{ name: 'Device', value: 'device', description: 'Devices in Defender for Endpoint: look up, tag, isolate, scan, restrict, collect, quarantine' },
			{ name: 'Device Action', value: 'deviceAction', description: 'Response actions sent to devices: status, list, cancel' },
			{ name: 'Identity Account', value: 'identityAccount', description: 'Contain users through Defender for Identity: disable, revoke sessions, reset passwords (Graph, global cloud)' },
			{ name: 'Incident', value: 'incident', description: 'Incidents that group related alerts' },
			{ name: 'Indicator', value: 'indicator', description: 'Indicators of compromise: block or allow files, IPs, URLs, domains, certificates' },
			{ name: 'Investigate', value: 'investigate', description: 'Answer the usual questions about a file, address, device or user with safe advanced hunting templates (Graph API only)' },
		],
		default: 'incident',
	},
	...incident.description,
	...alert.description,
	...huntingQuery.description,
	...investigate.description,
	...identityAccount.description,
	...detectionRule.description,
	retirementNotice,
	...device.description,
	...deviceAction.description,
	...indicator.description,
]);
