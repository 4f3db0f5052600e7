/**
 * Alert evidence as Graph returns it: the CSDL's alertEvidence types (docs/api-contract.md, 5.4) with their own
 * properties, chosen by the product that raised the alert, as Defender does (an endpoint alert carries the device,
 * its files, processes and registry; a mail alert the mailbox and the analysed message).
 */
import { knownFile } from './files.cjs';
import type { StoredEvidence } from './model.cjs';
import { SeededRandom } from './random.cjs';

const namespace = '#microsoft.graph.security.';

/** What one alert's evidence is about; the seed picks these before the evidence is built. */
export interface EvidenceSubject {
	/** Seeds the details, so the same alert always carries the same evidence. */
	alertNumber: number;
	createdDateTime: string;
	serviceSource: string;
	deviceDnsName: string;
	accountName: string;
	riskScore: string;
	mdeDeviceId: string;
	ipAddress: string;
	countryLetterCode: string;
}

interface EvidenceCommon {
	createdDateTime: string;
	verdict: string;
	remediationStatus: string;
	remediationStatusDetails: string | null;
	roles: string[];
	detailedRoles: string[];
	tags: string[];
}

function evidence(type: string, common: EvidenceCommon, properties: Record<string, unknown>): StoredEvidence {
	return { '@odata.type': `${namespace}${type}`, ...common, ...properties };
}

function hex(random: SeededRandom, length: number): string {
	let text = '';
	while (text.length < length) text += random.integer(0, 15).toString(16);
	return text;
}

function userAccount(subject: EvidenceSubject, random: SeededRandom): Record<string, unknown> {
	return {
		accountName: subject.accountName,
		domainName: 'CONTOSO',
		userSid: `S-1-5-21-1721254763-462695806-1538882281-${random.integer(1000, 9999)}`,
		azureAdUserId: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
		userPrincipalName: `${subject.accountName}@contoso.example`,
		displayName: subject.accountName,
	};
}

function fileDetails(random: SeededRandom, fileName: string, filePath: string): Record<string, unknown> {
	return {
		fileName,
		filePath,
		filePublisher: fileName.endsWith('.exe') && fileName !== 'mimikatz.exe' ? 'Microsoft Corporation' : null,
		fileSize: random.integer(20_000, 9_000_000),
		issuer: null,
		signer: null,
		...knownFile(fileName),
	};
}

function deviceEvidence(subject: EvidenceSubject, common: EvidenceCommon, random: SeededRandom): StoredEvidence {
	const hostName = subject.deviceDnsName.split('.')[0];
	return evidence('deviceEvidence', { ...common, verdict: 'suspicious', roles: ['compromised'], detailedRoles: ['Main device'] }, {
		firstSeenDateTime: '2025-09-12T07:28:32.4321753Z',
		mdeDeviceId: subject.mdeDeviceId,
		azureAdDeviceId: null,
		deviceDnsName: subject.deviceDnsName,
		hostName,
		dnsDomain: 'contoso.example',
		ntDomain: 'CONTOSO',
		osPlatform: 'Windows11',
		osBuild: 22631,
		version: '23H2',
		healthStatus: 'active',
		riskScore: subject.riskScore,
		rbacGroupId: 75,
		rbacGroupName: 'UnassignedGroup',
		onboardingStatus: 'onboarded',
		defenderAvStatus: 'updated',
		ipInterfaces: [`10.0.${random.integer(0, 9)}.${random.integer(2, 254)}`],
		lastIpAddress: `10.0.0.${random.integer(2, 254)}`,
		lastExternalIpAddress: subject.ipAddress,
		loggedOnUsers: [{ accountName: subject.accountName, domainName: 'CONTOSO' }],
		vmMetadata: null,
	});
}

function endpointEvidence(subject: EvidenceSubject, common: EvidenceCommon, random: SeededRandom): StoredEvidence[] {
	const image = fileDetails(random, 'powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0');
	const dropped = fileDetails(random, 'mimikatz.exe', `C:\\Users\\${subject.accountName}\\AppData\\Local\\Temp`);
	const processCreated = new Date(Date.parse(subject.createdDateTime) - 15 * 60_000).toISOString();
	return [
		deviceEvidence(subject, common, random),
		evidence('fileEvidence', { ...common, verdict: 'malicious', remediationStatus: 'remediated', detailedRoles: ['Referred in command line'] }, {
			detectionStatus: 'detected',
			mdeDeviceId: subject.mdeDeviceId,
			fileDetails: dropped,
		}),
		evidence('processEvidence', { ...common, verdict: 'suspicious' }, {
			processId: random.integer(1000, 30000),
			parentProcessId: random.integer(400, 999),
			processCommandLine: 'powershell.exe -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
			processCreationDateTime: processCreated,
			parentProcessCreationDateTime: new Date(Date.parse(processCreated) - 3600_000).toISOString(),
			detectionStatus: 'detected',
			mdeDeviceId: subject.mdeDeviceId,
			imageFile: image,
			parentProcessImageFile: fileDetails(random, 'explorer.exe', 'C:\\Windows'),
			userAccount: userAccount(subject, random),
		}),
		evidence('registryKeyEvidence', common, {
			registryKey: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
			registryHive: 'HKEY_LOCAL_MACHINE',
		}),
		evidence('registryValueEvidence', { ...common, verdict: 'suspicious' }, {
			mdeDeviceId: subject.mdeDeviceId,
			registryHive: 'HKEY_LOCAL_MACHINE',
			registryKey: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
			registryValueName: 'Updater',
			registryValue: `C:\\Users\\${subject.accountName}\\AppData\\Local\\Temp\\mimikatz.exe`,
			registryValueType: 'String',
		}),
		evidence('urlEvidence', common, { url: 'http://update-check.contoso-cdn.example/payload.ps1' }),
	];
}

function mailEvidence(subject: EvidenceSubject, common: EvidenceCommon, random: SeededRandom): StoredEvidence[] {
	const networkMessageId = `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-b${hex(random, 3)}-${hex(random, 12)}`;
	const address = `${subject.accountName}@contoso.example`;
	return [
		evidence('mailboxEvidence', { ...common, roles: ['destination'] }, {
			displayName: subject.accountName,
			primaryAddress: address,
			upn: address,
			userAccount: userAccount(subject, random),
		}),
		evidence('analyzedMessageEvidence', { ...common, verdict: 'malicious', remediationStatus: 'prevented' }, {
			networkMessageId,
			internetMessageId: `<${hex(random, 16)}@mail.fabrikam.example>`,
			subject: 'Action required: your mailbox is almost full',
			senderIp: subject.ipAddress,
			recipientEmailAddress: address,
			p1Sender: { emailAddress: 'no-reply@fabrikam.example', displayName: 'IT Service Desk', domainName: 'fabrikam.example' },
			p2Sender: { emailAddress: 'helpdesk@fabrikam.example', displayName: 'IT Service Desk', domainName: 'fabrikam.example' },
			receivedDateTime: subject.createdDateTime,
			antiSpamDirection: 'Inbound',
			deliveryAction: 'Delivered',
			deliveryLocation: 'Inbox/folder',
			language: 'en',
			attachmentsCount: 0,
			urlCount: 1,
			urls: ['https://login.fabrikam-mail.example/reset'],
			threats: ['Phish'],
			threatDetectionMethods: ['URL detonation reputation'],
			urn: `urn:MailEntity:${hex(random, 32)}`,
		}),
		evidence('mailClusterEvidence', common, {
			clusterBy: 'Subject;P2SenderDomain;ContentType',
			clusterByValue: 'Action required: your mailbox is almost full;fabrikam.example;text/html',
			emailCount: random.integer(2, 40),
			networkMessageIds: [networkMessageId],
			query: '(Subject:"Action required") AND (P2SenderDomain:fabrikam.example)',
			urn: `urn:MailClusterEntity:${hex(random, 32)}`,
		}),
		evidence('urlEvidence', { ...common, verdict: 'malicious' }, { url: 'https://login.fabrikam-mail.example/reset' }),
	];
}

function cloudAppEvidence(common: EvidenceCommon, random: SeededRandom): StoredEvidence[] {
	return [
		evidence('cloudApplicationEvidence', common, {
			appId: 11161,
			displayName: 'Office 365',
			instanceId: 0,
			instanceName: 'Office 365',
			saasAppId: 11161,
			stream: null,
		}),
		evidence('oauthApplicationEvidence', { ...common, verdict: 'suspicious' }, {
			appId: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`,
			displayName: 'Mail Sync Helper',
			objectId: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-9${hex(random, 3)}-${hex(random, 12)}`,
			publisher: 'Unverified',
		}),
	];
}

function identityEvidence(common: EvidenceCommon, random: SeededRandom): StoredEvidence[] {
	return [
		evidence('securityGroupEvidence', common, {
			activeDirectoryObjectGuid: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
			displayName: 'Domain Admins',
			securityGroupId: `S-1-5-21-1721254763-462695806-1538882281-512`,
		}),
	];
}

/** The evidence of one alert: always the user and the remote address, then what the alert's product sees. */
export function evidenceOf(subject: EvidenceSubject): StoredEvidence[] {
	const random = new SeededRandom(subject.alertNumber * 7919 + 17);
	const common: EvidenceCommon = {
		createdDateTime: subject.createdDateTime,
		verdict: 'unknown',
		remediationStatus: 'none',
		remediationStatusDetails: null,
		roles: [],
		detailedRoles: [],
		tags: [],
	};
	const always = [
		evidence('userEvidence', { ...common, roles: ['compromised'] }, { userAccount: userAccount(subject, random), stream: null }),
		evidence('ipEvidence', { ...common, roles: ['attacker'] }, {
			ipAddress: subject.ipAddress,
			countryLetterCode: subject.countryLetterCode,
			location: null,
			stream: null,
		}),
	];
	switch (subject.serviceSource) {
		case 'microsoftDefenderForEndpoint':
			return [...endpointEvidence(subject, common, random), ...always];
		case 'microsoftDefenderForOffice365':
			return [...mailEvidence(subject, common, random), ...always];
		case 'microsoftDefenderForCloudApps':
			return [...cloudAppEvidence(common, random), ...always];
		case 'microsoftDefenderForIdentity':
			return [deviceEvidence(subject, common, random), ...identityEvidence(common, random), ...always];
		default:
			return [deviceEvidence(subject, common, random), ...always];
	}
}
