/*
 * The WindowsDefenderATP (Microsoft Defender for Endpoint) permissions each operation needs (see the reference
 * defender-endpoint-api.md sections 2-4): application permissions appear in the token's `roles`, delegated
 * ones in `scp`, and a delegated user also needs a Defender role. Any one permission of a list suffices; the
 * first is the least privilege. To be merged into permissions.ts with the other APIs' tables.
 */

export type EndpointOperation =
	| 'listMachines'
	| 'getMachine'
	| 'findMachinesByIp'
	| 'tagMachine'
	| 'isolateMachine'
	| 'releaseMachine'
	| 'scanMachine'
	| 'restrictMachine'
	| 'unrestrictMachine'
	| 'collectInvestigationPackage'
	| 'stopAndQuarantineFile'
	| 'listMachineActions'
	| 'getMachineAction'
	| 'cancelMachineAction'
	| 'getPackageUri'
	| 'listIndicators'
	| 'submitIndicator'
	| 'importIndicators'
	| 'deleteIndicator';

export interface EndpointPermissionRequirement {
	application: string[];
	delegated: string[];
	/** The Defender role (RBAC) a signed-in user needs besides the permission. */
	role: 'View Data' | 'Active remediation actions' | 'Alerts Investigation' | 'Manage security settings';
	/** For messages: "isolate a device". */
	phrase: string;
}

const machineRead = { application: ['Machine.Read.All', 'Machine.ReadWrite.All'], delegated: ['Machine.Read', 'Machine.ReadWrite'] };
const action = (permission: string, phrase: string, role: EndpointPermissionRequirement['role'] = 'Active remediation actions'): EndpointPermissionRequirement => ({
	application: [permission],
	delegated: [permission],
	role,
	phrase,
});
const indicators = (phrase: string): EndpointPermissionRequirement => ({ application: ['Ti.ReadWrite.All', 'Ti.ReadWrite'], delegated: ['Ti.ReadWrite'], role: 'Manage security settings', phrase });

export const endpointPermissions: Record<EndpointOperation, EndpointPermissionRequirement> = {
	listMachines: { ...machineRead, role: 'View Data', phrase: 'list devices' },
	getMachine: { ...machineRead, role: 'View Data', phrase: 'read a device' },
	findMachinesByIp: { ...machineRead, role: 'View Data', phrase: 'find devices by IP address' },
	tagMachine: { application: ['Machine.ReadWrite.All'], delegated: ['Machine.ReadWrite'], role: 'Manage security settings', phrase: 'tag a device' },
	isolateMachine: action('Machine.Isolate', 'isolate a device'),
	releaseMachine: action('Machine.Isolate', 'release a device from isolation'),
	scanMachine: action('Machine.Scan', 'run an antivirus scan'),
	restrictMachine: action('Machine.RestrictExecution', 'restrict app execution'),
	unrestrictMachine: action('Machine.RestrictExecution', 'remove an app restriction'),
	collectInvestigationPackage: action('Machine.CollectForensics', 'collect an investigation package', 'Alerts Investigation'),
	stopAndQuarantineFile: { application: ['Machine.StopAndQuarantine', 'Machine.ReadWrite.All'], delegated: ['Machine.StopAndQuarantine'], role: 'Active remediation actions', phrase: 'stop and quarantine a file' },
	listMachineActions: { ...machineRead, role: 'View Data', phrase: 'list device actions' },
	getMachineAction: { ...machineRead, role: 'View Data', phrase: 'read a device action' },
	cancelMachineAction: {
		application: ['Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Machine.Offboard', 'Machine.LiveResponse'],
		delegated: ['Machine.Isolate', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics', 'Machine.StopAndQuarantine', 'Machine.Offboard', 'Machine.LiveResponse'],
		role: 'Active remediation actions',
		phrase: 'cancel a device action',
	},
	getPackageUri: { application: ['Machine.Read.All', 'Machine.ReadWrite.All'], delegated: ['Machine.CollectForensics'], role: 'Alerts Investigation', phrase: 'read the investigation package link' },
	listIndicators: indicators('list indicators'),
	submitIndicator: indicators('create or update an indicator'),
	importIndicators: indicators('import indicators'),
	deleteIndicator: indicators('delete an indicator'),
};

/** Where the permissions live in the app registration. */
export const endpointRegistrationName = 'WindowsDefenderATP';
export const endpointRegistrationPath = '"APIs my organization uses" > "WindowsDefenderATP"';

/** Audiences Entra puts in WindowsDefenderATP tokens, in every cloud (section 1). */
export const endpointAudiences = [
	'https://api.securitycenter.microsoft.com',
	'https://securitycenter.onmicrosoft.com/windowsatpservice',
	'https://api-gcc.securitycenter.microsoft.us',
	'https://api-gov.securitycenter.microsoft.us',
	'https://securitycenter.onmicrosoft.us/windowsatpservice',
	'fc780465-2017-40d4-a0c5-307022471b92',
];
