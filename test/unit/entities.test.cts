import { entitiesOfAlerts } from '../../nodes/MicrosoftDefenderXdr/api/evidence';
import { alertReading, incidentReading, presentedRecord } from '../../nodes/MicrosoftDefenderXdr/api/presentation';
import { alertRecord, incidentRecord, type SummaryShape } from '../../nodes/MicrosoftDefenderXdr/api/summaries';
import type { AlertEntities } from '../../nodes/MicrosoftDefenderXdr/model/entities';

const type = (name: string) => `#microsoft.graph.security.${name}`;
const base = (name: string, verdict = 'unknown') => ({
	'@odata.type': type(name),
	createdDateTime: '2021-04-27T12:19:27.7211305Z',
	verdict,
	remediationStatus: 'none',
	remediationStatusDetails: null,
	roles: [],
	detailedRoles: [],
	tags: [],
});

/** The evidence of Microsoft's sample response on the Graph "Get alert" page (api-reference/v1.0/api/security-alert-get.md). */
const documentedSample = {
	id: 'da637578995287051192_756343937',
	evidence: [
		{
			...base('deviceEvidence'),
			firstSeenDateTime: '2020-09-12T07:28:32.4321753Z',
			mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
			azureAdDeviceId: null,
			deviceDnsName: 'tempDns',
			osPlatform: 'Windows10',
			osBuild: 22424,
			healthStatus: 'active',
			riskScore: 'medium',
			ipInterfaces: ['1.1.1.1'],
			loggedOnUsers: [],
			roles: ['compromised'],
			vmMetadata: { vmId: 'ca1b0d41-5a3b-4d95-b48b-f220aed11d78', cloudProvider: 'azure' },
		},
		{
			...base('fileEvidence'),
			detectionStatus: 'detected',
			mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
			fileDetails: {
				sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
				sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
				fileName: 'MsSense.exe',
				filePath: 'C:\\Program Files\\temp',
				fileSize: 6136392,
				filePublisher: 'Microsoft Corporation',
				signer: null,
				issuer: null,
			},
		},
		{
			...base('processEvidence'),
			processId: 4780,
			parentProcessId: 668,
			processCommandLine: '"MsSense.exe"',
			processCreationDateTime: '2021-08-12T12:43:19.0772577Z',
			parentProcessCreationDateTime: '2021-08-12T07:39:09.0909239Z',
			detectionStatus: 'detected',
			mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
			imageFile: {
				sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
				sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
				fileName: 'MsSense.exe',
				filePath: 'C:\\Program Files\\temp',
				fileSize: 6136392,
			},
			parentProcessImageFile: { sha1: null, sha256: null, fileName: 'services.exe', filePath: 'C:\\Windows\\System32' },
			userAccount: { accountName: 'SYSTEM', domainName: 'NT AUTHORITY', userSid: 'S-1-5-18', azureAdUserId: null, userPrincipalName: null, displayName: 'System' },
		},
		{
			...base('registryKeyEvidence'),
			registryKey: 'SYSTEM\\CONTROLSET001\\CONTROL\\WMI\\AUTOLOGGER\\SENSEAUDITLOGGER',
			registryHive: 'HKEY_LOCAL_MACHINE',
		},
	],
};

const total = (entities: AlertEntities) => Object.values(entities).reduce((sum, list: unknown[]) => sum + list.length, 0);

describe('entities from Graph evidence', () => {
	it('reads the documented sample: the device, the file once (process image and file evidence agree), the process, the registry key under other', () => {
		const entities = entitiesOfAlerts([documentedSample]);
		expect(entities.devices).toEqual([
			{
				mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
				azureAdDeviceId: null,
				deviceDnsName: 'tempDns',
				hostName: null,
				osPlatform: 'Windows10',
				verdict: 'unknown',
			},
		]);
		expect(entities.files).toEqual([
			{
				sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
				sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
				md5: null,
				fileName: 'MsSense.exe',
				filePath: 'C:\\Program Files\\temp',
				mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
				verdict: 'unknown',
			},
		]);
		expect(entities.processes).toEqual([
			{
				processId: 4780,
				processCommandLine: '"MsSense.exe"',
				processCreationDateTime: '2021-08-12T12:43:19.0772577Z',
				parentProcessId: 668,
				mdeDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
				fileName: 'MsSense.exe',
				filePath: 'C:\\Program Files\\temp',
				sha1: '5f1e8acedc065031aad553b710838eb366cfee9a',
				sha256: '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec',
				verdict: 'unknown',
			},
		]);
		expect(entities.other).toEqual([documentedSample.evidence[3]]);
		expect(entities.users).toEqual([]);
		expect(total(entities)).toBe(4);
	});

	it('lists users, IPs, URLs, domains, mailboxes and cloud apps with the identifiers a next node needs', () => {
		const entities = entitiesOfAlerts([
			{
				evidence: [
					{
						...base('userEvidence', 'suspicious'),
						stream: null,
						userAccount: {
							accountName: 'jdoe',
							domainName: 'CONTOSO',
							userSid: 'S-1-5-21-1-2-3-1001',
							azureAdUserId: 'b8d5c3f2-0000-4000-8000-000000000001',
							userPrincipalName: 'jdoe@contoso.com',
							displayName: 'J Doe',
							activeDirectoryObjectGuid: null,
							resourceAccessEvents: [],
							tenantId: null,
						},
					},
					{ ...base('ipEvidence', 'malicious'), ipAddress: '203.0.113.7', countryLetterCode: 'DE', location: null, stream: null },
					{ ...base('urlEvidence'), url: 'https://phish.example/login' },
					{ ...base('dnsEvidence'), domainName: 'phish.example', ipAddresses: [{ ipAddress: '198.51.100.4' }], dnsServerIp: { ipAddress: '10.0.0.53' } },
					{ ...base('mailboxEvidence'), primaryAddress: 'jdoe@contoso.com', upn: 'jdoe@contoso.com', displayName: 'J Doe', userAccount: null },
					{ ...base('cloudApplicationEvidence'), appId: 11161, displayName: 'Office 365', instanceId: 0, instanceName: 'Office 365', saasAppId: 11161, stream: null },
					{ ...base('oauthApplicationEvidence'), appId: '00000000-0000-0000-0000-0000000000aa', displayName: 'Mail Sync', objectId: '00000000-0000-0000-0000-0000000000bb', publisher: 'Fabrikam' },
					{
						...base('servicePrincipalEvidence'),
						appId: '00000000-0000-0000-0000-0000000000cc',
						servicePrincipalName: 'Backup Robot',
						servicePrincipalObjectId: '00000000-0000-0000-0000-0000000000dd',
						servicePrincipalType: 'application',
						tenantId: null,
						appOwnerTenantId: null,
					},
				],
			},
		]);
		expect(entities.users).toEqual([
			{
				userPrincipalName: 'jdoe@contoso.com',
				accountName: 'jdoe',
				domainName: 'CONTOSO',
				userSid: 'S-1-5-21-1-2-3-1001',
				azureAdUserId: 'b8d5c3f2-0000-4000-8000-000000000001',
				displayName: 'J Doe',
				verdict: 'suspicious',
			},
		]);
		expect(entities.ips).toEqual([
			{ ipAddress: '203.0.113.7', countryLetterCode: 'DE', verdict: 'malicious' },
			// A DNS answer's addresses are listed; the DNS server's address is not an indicator.
			{ ipAddress: '198.51.100.4', countryLetterCode: null, verdict: null },
		]);
		expect(entities.urls).toEqual([{ url: 'https://phish.example/login', verdict: 'unknown' }]);
		expect(entities.domains).toEqual([{ domainName: 'phish.example', verdict: 'unknown' }]);
		expect(entities.mailboxes).toEqual([
			{ primaryAddress: 'jdoe@contoso.com', userPrincipalName: 'jdoe@contoso.com', displayName: 'J Doe', verdict: 'unknown' },
		]);
		expect(entities.cloudApps).toEqual([
			{ applicationKind: 'cloudApplication', appId: '11161', objectId: null, displayName: 'Office 365', verdict: 'unknown' },
			{
				applicationKind: 'oauthApplication',
				appId: '00000000-0000-0000-0000-0000000000aa',
				objectId: '00000000-0000-0000-0000-0000000000bb',
				displayName: 'Mail Sync',
				verdict: 'unknown',
			},
			{
				applicationKind: 'servicePrincipal',
				appId: '00000000-0000-0000-0000-0000000000cc',
				objectId: '00000000-0000-0000-0000-0000000000dd',
				displayName: 'Backup Robot',
				verdict: 'unknown',
			},
		]);
		expect(entities.other).toEqual([]);
	});

	it('lists evidence nested in other evidence under its own kind and keeps the outer evidence under other', () => {
		const logon = {
			...base('hostLogonSessionEvidence'),
			sessionId: 's-1',
			account: { userAccount: { accountName: 'admin', domainName: 'CONTOSO', userSid: 'S-1-5-21-9' } },
			host: { mdeDeviceId: 'abc123', deviceDnsName: 'ws1.contoso.com' },
		};
		const connection = {
			...base('networkConnectionEvidence'),
			sourceAddress: { ipAddress: '10.1.1.1', verdict: 'unknown' },
			destinationAddress: { ipAddress: '203.0.113.9', verdict: 'malicious' },
			destinationPort: 443,
			protocol: 'tcp',
		};
		const malware = {
			...base('malwareEvidence', 'malicious'),
			name: 'Trojan:Win32/Example',
			category: 'Trojan',
			files: [{ verdict: 'malicious', fileDetails: { sha256: 'AA'.repeat(32), fileName: 'evil.exe', filePath: 'C:\\Temp' }, mdeDeviceId: 'abc123' }],
			processes: [{ verdict: 'malicious', processId: 77, processCommandLine: 'evil.exe -x', mdeDeviceId: 'abc123', imageFile: { sha256: 'aa'.repeat(32) } }],
		};
		const message = {
			...base('analyzedMessageEvidence'),
			networkMessageId: 'n-1',
			senderIp: '192.0.2.33',
			recipientEmailAddress: 'victim@contoso.com',
			urls: ['https://phish.example/a', 'https://phish.example/a'],
			p1Sender: { emailAddress: 'bad@phish.example', displayName: null, domainName: 'phish.example' },
		};
		const blob = { ...base('blobEvidence'), name: 'x.bin', url: 'https://st.blob.core.windows.net/c/x.bin', fileHashes: [{ algorithm: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' }] };
		const teams = {
			...base('teamsMessageEvidence'),
			messageId: 'm-1',
			senderIP: '192.0.2.34',
			urls: [{ url: 'https://phish.example/b', verdict: 'suspicious' }],
			files: [{ fileDetails: { sha1: 'bb'.repeat(20), fileName: 'doc.docm' } }],
		};
		const entities = entitiesOfAlerts([{ evidence: [logon, connection, malware, message, blob, teams] }]);

		expect(entities.users).toMatchObject([{ accountName: 'admin', domainName: 'CONTOSO', userSid: 'S-1-5-21-9' }]);
		expect(entities.devices).toMatchObject([{ mdeDeviceId: 'abc123', deviceDnsName: 'ws1.contoso.com' }]);
		expect(entities.ips.map((ip) => [ip.ipAddress, ip.verdict])).toEqual([
			['10.1.1.1', 'unknown'],
			['203.0.113.9', 'malicious'],
			['192.0.2.33', 'unknown'],
			['192.0.2.34', 'unknown'],
		]);
		// The malware's file and its process image are one file: hashes match case-insensitively.
		expect(entities.files).toEqual([
			{ sha1: null, sha256: 'AA'.repeat(32), md5: null, fileName: 'evil.exe', filePath: 'C:\\Temp', mdeDeviceId: 'abc123', verdict: 'malicious' },
			{ sha1: null, sha256: null, md5: 'D41D8CD98F00B204E9800998ECF8427E', fileName: null, filePath: null, mdeDeviceId: null, verdict: 'unknown' },
			{ sha1: 'bb'.repeat(20), sha256: null, md5: null, fileName: 'doc.docm', filePath: null, mdeDeviceId: null, verdict: null },
		]);
		expect(entities.processes).toMatchObject([{ processId: 77, processCommandLine: 'evil.exe -x', mdeDeviceId: 'abc123' }]);
		expect(entities.urls).toEqual([
			{ url: 'https://phish.example/a', verdict: 'unknown' },
			{ url: 'https://phish.example/b', verdict: 'suspicious' },
		]);
		expect(entities.mailboxes).toMatchObject([{ primaryAddress: 'victim@contoso.com' }]);
		expect(entities.other.map((evidence) => evidence['@odata.type'])).toEqual(
			[logon, connection, malware, message, blob, teams].map((evidence) => evidence['@odata.type']),
		);
	});

	it('keeps unknown, malformed and identifier-less evidence under other and never throws', () => {
		const future = { '@odata.type': '#microsoft.graph.security.quantumWidgetEvidence', widgetId: 'w-1', verdict: 'malicious' };
		const untyped = { verdict: 'unknown', something: 1 };
		const emptyIp = { ...base('ipEvidence'), ipAddress: null };
		const oddFields = { ...base('fileEvidence'), fileDetails: 'not an object', mdeDeviceId: 42 };
		const prototypeName = { '@odata.type': '#microsoft.graph.security.constructor' };
		const entities = entitiesOfAlerts([
			{ evidence: [future, untyped, emptyIp, oddFields, prototypeName, null, 'text', 7, [1]] },
			{ evidence: 'not a list', devices: {}, entities: null },
			null,
			'alert',
		]);
		expect(entities.other).toEqual([future, untyped, emptyIp, oddFields, prototypeName]);
		expect(total(entities)).toBe(5);
	});

	it('places every one of the 48 evidence types of the v1.0 metadata in a list, with realistic fields', () => {
		const typeNames = [
			'activeDirectoryDomainEvidence', 'aiAgentEvidence', 'amazonResourceEvidence', 'analyzedMessageEvidence',
			'azureResourceEvidence', 'blobContainerEvidence', 'blobEvidence', 'cloudApplicationEvidence',
			'cloudLogonRequestEvidence', 'cloudLogonSessionEvidence', 'containerEvidence', 'containerImageEvidence',
			'containerRegistryEvidence', 'deviceEvidence', 'dnsEvidence', 'fileEvidence', 'fileHashEvidence',
			'gitHubOrganizationEvidence', 'gitHubRepoEvidence', 'gitHubUserEvidence', 'googleCloudResourceEvidence',
			'hostLogonSessionEvidence', 'ioTDeviceEvidence', 'ipEvidence', 'kubernetesClusterEvidence',
			'kubernetesControllerEvidence', 'kubernetesNamespaceEvidence', 'kubernetesPodEvidence',
			'kubernetesSecretEvidence', 'kubernetesServiceAccountEvidence', 'kubernetesServiceEvidence',
			'mailClusterEvidence', 'mailboxConfigurationEvidence', 'mailboxEvidence', 'malwareEvidence',
			'networkConnectionEvidence', 'nicEvidence', 'oauthApplicationEvidence', 'processEvidence',
			'registryKeyEvidence', 'registryValueEvidence', 'sasTokenEvidence', 'securityGroupEvidence',
			'servicePrincipalEvidence', 'submissionMailEvidence', 'teamsMessageEvidence', 'urlEvidence', 'userEvidence',
		];
		const fields: Record<string, object> = {
			deviceEvidence: { mdeDeviceId: 'd1' },
			dnsEvidence: { domainName: 'a.example' },
			fileEvidence: { fileDetails: { sha1: 'f'.repeat(40) } },
			fileHashEvidence: { algorithm: 'sha256', value: 'e'.repeat(64) },
			ipEvidence: { ipAddress: '192.0.2.1' },
			mailboxEvidence: { primaryAddress: 'm@contoso.com' },
			processEvidence: { processId: 1, mdeDeviceId: 'd1' },
			urlEvidence: { url: 'https://a.example' },
			userEvidence: { userAccount: { userPrincipalName: 'u@contoso.com' } },
			cloudApplicationEvidence: { appId: 1 },
			oauthApplicationEvidence: { appId: 'a1' },
			servicePrincipalEvidence: { appId: 'a2' },
		};
		const evidence = typeNames.map((name) => ({ ...base(name), ...(fields[name] ?? { name: `${name} sample` }) }));
		const entities = entitiesOfAlerts([{ evidence }]);
		expect(typeNames).toHaveLength(48);
		// Each item is in its own list or under other, once; the file-hash evidence's SHA-256 is its own file.
		expect(total(entities)).toBe(48);
		expect(entities.other).toHaveLength(48 - Object.keys(fields).length);
		expect(entities.files.map((file) => file.sha256 ?? file.sha1)).toEqual(['f'.repeat(40), 'e'.repeat(64)]);
	});
});

describe('entities aggregated over an incident\'s alerts', () => {
	it('merges the same entity seen by several alerts into one record, filling gaps and keeping the strongest verdict', () => {
		const first = {
			evidence: [
				{ ...base('ipEvidence'), ipAddress: '203.0.113.7', countryLetterCode: null },
				{ ...base('fileEvidence', 'suspicious'), fileDetails: { sha1: 'AB'.repeat(20), fileName: 'a.exe' } },
				{ ...base('userEvidence'), userAccount: { accountName: 'jdoe', domainName: 'CONTOSO' } },
				{ ...base('registryValueEvidence'), registryKey: 'K', registryValue: 'V' },
			],
		};
		const second = {
			evidence: [
				{ ...base('ipEvidence', 'malicious'), ipAddress: '203.0.113.7', countryLetterCode: 'DE' },
				{ ...base('fileEvidence', 'unknown'), fileDetails: { sha1: 'ab'.repeat(20), sha256: 'cd'.repeat(32), fileName: 'a.exe' } },
				{ ...base('userEvidence'), userAccount: { accountName: 'JDOE', domainName: 'contoso', userPrincipalName: 'jdoe@contoso.com' } },
				{ ...base('registryValueEvidence'), registryKey: 'K', registryValue: 'V' },
			],
		};
		const entities = entitiesOfAlerts([first, second]);
		expect(entities.ips).toEqual([{ ipAddress: '203.0.113.7', countryLetterCode: 'DE', verdict: 'malicious' }]);
		expect(entities.files).toEqual([
			{ sha1: 'AB'.repeat(20), sha256: 'cd'.repeat(32), md5: null, fileName: 'a.exe', filePath: null, mdeDeviceId: null, verdict: 'suspicious' },
		]);
		// A name alone never merges into a record that has an ID: the account name and the UPN stay two records.
		expect(entities.users).toMatchObject([
			{ accountName: 'jdoe', domainName: 'CONTOSO', userPrincipalName: null },
			{ accountName: 'JDOE', domainName: 'contoso', userPrincipalName: 'jdoe@contoso.com' },
		]);
		expect(entities.other).toHaveLength(1);
	});

	it('keeps different files with the same name apart when they have different hashes', () => {
		const entities = entitiesOfAlerts([
			{ evidence: [{ ...base('fileEvidence'), fileDetails: { sha256: '11'.repeat(32), fileName: 'setup.exe' } }] },
			{ evidence: [{ ...base('fileEvidence'), fileDetails: { sha256: '22'.repeat(32), fileName: 'setup.exe' } }] },
		]);
		expect(entities.files.map((file) => file.sha256)).toEqual(['11'.repeat(32), '22'.repeat(32)]);
	});
});

describe('entities from the legacy API', () => {
	// Microsoft's sample response on the legacy "List incidents" page (defender-xdr/api-list-incidents.md), trimmed:
	// the legacy shape sends every field on every entity, mostly null.
	const legacyEntity = (fields: object) => ({
		entityType: null, sha1: null, sha256: null, fileName: null, filePath: null, processId: null, processCommandLine: null,
		processCreationTime: null, parentProcessId: null, parentProcessCreationTime: null, ipAddress: null, url: null,
		accountName: null, domainName: null, userSid: null, aadUserId: null, userPrincipalName: null, mailboxDisplayName: null,
		mailboxAddress: null, clusterBy: null, sender: null, recipient: null, subject: null, deliveryAction: null,
		securityGroupId: null, securityGroupName: null, registryHive: null, registryKey: null, registryValueType: null,
		registryValue: null, deviceId: null, ...fields,
	});
	const incidentAlerts = [
		{
			alertId: 'caD70CFEE2-1F54-32DB-9988-3A868A1EBFAC',
			devices: [],
			entities: [
				legacyEntity({
					entityType: 'User', accountName: 'testUser2', domainName: 'europe.corp.contoso',
					userSid: 'S-1-5-21-1721254763-462695806-1538882281-4156657', aadUserId: 'fc8f7484-f813-4db2-afab-bc1507913fb6',
					userPrincipalName: 'testUser2@contoso.com',
				}),
				legacyEntity({ entityType: 'Ip', ipAddress: '62.216.203.204' }),
			],
		},
		{
			alertId: 'da637349914833441527_393341063',
			devices: [
				{
					mdatpDeviceId: '24c222b0b60fe148eeece49ac83910cc6a7ef491', aadDeviceId: null,
					deviceDnsName: 'user5cx.middleeast.corp.contoso.com', osPlatform: 'WindowsServer2016', version: '1607',
					osProcessor: 'x64', osBuild: 14393, healthStatus: 'Active', riskScore: 'High', rbacGroupName: 'WDATP-Ring0',
					rbacGroupId: 9, firstSeen: '2020-02-06T14:16:01.9330135Z',
				},
			],
			entities: [
				legacyEntity({
					entityType: 'File', sha1: '5de839186691aa96ee2ca6d74f0a38fb8d1bd6dd', fileName: 'Detector.UnitTests.dll',
					filePath: 'C:\\Agent\\_work\\_temp\\Deploy_SYSTEM 2020-09-06 12_14_54\\Out', deviceId: '24c222b0b60fe148eeece49ac83910cc6a7ef491',
				}),
			],
		},
		{
			alertId: 'faf8edc936-85f8-a603-b800-08d8525cf099',
			devices: [],
			entities: [
				legacyEntity({ entityType: 'MailBox', userPrincipalName: 'testUser3@contoso.com', mailboxDisplayName: 'test User3', mailboxAddress: 'testUser3@contoso.com' }),
				legacyEntity({ entityType: 'MailBox', userPrincipalName: 'testUser4@contoso.com', mailboxDisplayName: 'test User4', mailboxAddress: 'test.User4@contoso.com' }),
				legacyEntity({ entityType: 'MailMessage', userPrincipalName: 'test.User4@contoso.com', sender: 'user.abc@mail.contoso.co.in', recipient: 'test.User4@contoso.com', subject: '[EXTERNAL] Attention' }),
				legacyEntity({ entityType: 'MailCluster', clusterBy: 'Subject;P2SenderDomain;ContentType' }),
				legacyEntity({ entityType: 'Ip', ipAddress: '62.216.203.204' }),
				legacyEntity({ entityType: 'Process', processId: 24348, processCommandLine: '"Your File Is Ready To Download_1911150169.exe"', processCreationTime: '2020-07-18T03:25:38.5269993Z', parentProcessId: 16840, deviceId: '986e5df8b73dacd43c8917d17e523e76b13c75cd' }),
				legacyEntity({ entityType: 'Url', url: 'down.esales360.cn' }),
				legacyEntity({ entityType: 'Registry', registryHive: 'HKEY_LOCAL_MACHINE', registryKey: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon' }),
			],
		},
	];

	it('maps devices[] and entities[] to the same shape as Graph evidence, over all of an incident\'s alerts', () => {
		const entities = entitiesOfAlerts(incidentAlerts);
		expect(entities.devices).toEqual([
			{
				mdeDeviceId: '24c222b0b60fe148eeece49ac83910cc6a7ef491',
				azureAdDeviceId: null,
				deviceDnsName: 'user5cx.middleeast.corp.contoso.com',
				hostName: null,
				osPlatform: 'WindowsServer2016',
				verdict: null,
			},
		]);
		expect(entities.users).toEqual([
			{
				userPrincipalName: 'testUser2@contoso.com',
				accountName: 'testUser2',
				domainName: 'europe.corp.contoso',
				userSid: 'S-1-5-21-1721254763-462695806-1538882281-4156657',
				azureAdUserId: 'fc8f7484-f813-4db2-afab-bc1507913fb6',
				displayName: null,
				verdict: null,
			},
		]);
		expect(entities.ips).toEqual([{ ipAddress: '62.216.203.204', countryLetterCode: null, verdict: null }]);
		expect(entities.urls).toEqual([{ url: 'down.esales360.cn', verdict: null }]);
		expect(entities.files).toEqual([
			{
				sha1: '5de839186691aa96ee2ca6d74f0a38fb8d1bd6dd',
				sha256: null,
				md5: null,
				fileName: 'Detector.UnitTests.dll',
				filePath: 'C:\\Agent\\_work\\_temp\\Deploy_SYSTEM 2020-09-06 12_14_54\\Out',
				mdeDeviceId: '24c222b0b60fe148eeece49ac83910cc6a7ef491',
				verdict: null,
			},
		]);
		expect(entities.processes).toEqual([
			{
				processId: 24348,
				processCommandLine: '"Your File Is Ready To Download_1911150169.exe"',
				processCreationDateTime: '2020-07-18T03:25:38.5269993Z',
				parentProcessId: 16840,
				mdeDeviceId: '986e5df8b73dacd43c8917d17e523e76b13c75cd',
				fileName: null,
				filePath: null,
				sha1: null,
				sha256: null,
				verdict: null,
			},
		]);
		expect(entities.mailboxes).toEqual([
			{ primaryAddress: 'testUser3@contoso.com', userPrincipalName: 'testUser3@contoso.com', displayName: 'test User3', verdict: null },
			{ primaryAddress: 'test.User4@contoso.com', userPrincipalName: 'testUser4@contoso.com', displayName: 'test User4', verdict: null },
		]);
		// Other legacy entities keep the fields they fill, without the rows of nulls.
		expect(entities.other).toEqual([
			{ entityType: 'MailMessage', userPrincipalName: 'test.User4@contoso.com', sender: 'user.abc@mail.contoso.co.in', recipient: 'test.User4@contoso.com', subject: '[EXTERNAL] Attention' },
			{ entityType: 'MailCluster', clusterBy: 'Subject;P2SenderDomain;ContentType' },
			{ entityType: 'Registry', registryHive: 'HKEY_LOCAL_MACHINE', registryKey: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon' },
		]);
		expect(entities.domains).toEqual([]);
		expect(entities.cloudApps).toEqual([]);
	});

	it('reads the device ID under the name the documentation\'s table gives as well as the one its sample sends', () => {
		const entities = entitiesOfAlerts([{ devices: [{ DeviceId: 'aa11', deviceDnsName: 'a' }, { deviceId: 'bb22', deviceDnsName: 'b' }] }]);
		expect(entities.devices.map((device) => device.mdeDeviceId)).toEqual(['aa11', 'bb22']);
	});
});

describe('entity identity and bounds (issue 21)', () => {
	const device = (mdeDeviceId: string | null, extra: Record<string, unknown> = {}) => ({ ...base('deviceEvidence'), mdeDeviceId, azureAdDeviceId: null, deviceDnsName: 'ws-01.contoso.example', ...extra });
	const user = (userAccount: Record<string, unknown>, verdict = 'unknown') => ({ ...base('userEvidence', verdict), userAccount });

	it('never merges two devices with different IDs that share a DNS name, and keeps each verdict with its own device', () => {
		const entities = entitiesOfAlerts([{ evidence: [device('a'.repeat(40))] }, { evidence: [device('b'.repeat(40), { verdict: 'malicious' })] }]);
		expect(entities.devices.map((entry) => [entry.mdeDeviceId, entry.verdict])).toEqual([
			['a'.repeat(40), 'unknown'],
			['b'.repeat(40), 'malicious'],
		]);
	});

	it('merges a device by its Defender ID, then by its Entra ID when no Defender ID contradicts it', () => {
		const entities = entitiesOfAlerts([
			{ evidence: [device('a'.repeat(40), { azureAdDeviceId: 'entra-1' }), device(null, { azureAdDeviceId: 'ENTRA-1', osPlatform: 'Windows11' })] },
			{ evidence: [device('c'.repeat(40), { azureAdDeviceId: 'entra-1' })] },
		]);
		expect(entities.devices.map((entry) => [entry.mdeDeviceId, entry.azureAdDeviceId, entry.osPlatform])).toEqual([
			['a'.repeat(40), 'entra-1', 'Windows11'],
			['c'.repeat(40), 'entra-1', null],
		]);
		// Once two Defender IDs share that Entra ID, a record with the Entra ID alone belongs to neither.
		const ambiguous = entitiesOfAlerts([{ evidence: [device('a'.repeat(40), { azureAdDeviceId: 'entra-1' }), device('c'.repeat(40), { azureAdDeviceId: 'entra-1' }), device(null, { azureAdDeviceId: 'entra-1', verdict: 'malicious' })] }]);
		expect(ambiguous.devices.map((entry) => [entry.mdeDeviceId, entry.verdict])).toEqual([
			['a'.repeat(40), 'unknown'],
			['c'.repeat(40), 'unknown'],
			[null, 'malicious'],
		]);
	});

	it('never merges a device known only by name into one that has an ID, but merges two known only by name', () => {
		const entities = entitiesOfAlerts([{ evidence: [device('a'.repeat(40)), device(null, { verdict: 'malicious' }), device(null, { deviceDnsName: 'WS-01.contoso.example' })] }]);
		expect(entities.devices.map((entry) => [entry.mdeDeviceId, entry.verdict])).toEqual([
			['a'.repeat(40), 'unknown'],
			[null, 'malicious'],
		]);
	});

	it('never merges users with different SIDs that share an account name without a domain, so no SID is lost', () => {
		const entities = entitiesOfAlerts([
			{ evidence: [user({ accountName: 'admin', userSid: 'S-1-5-21-1-500' }), user({ accountName: 'admin', userSid: 'S-1-5-21-2-500' }, 'malicious')] },
			{ evidence: [user({ accountName: 'admin', userSid: 's-1-5-21-1-500', userPrincipalName: 'admin@contoso.example' })] },
		]);
		expect(entities.users.map((entry) => [entry.userSid, entry.userPrincipalName, entry.verdict])).toEqual([
			['S-1-5-21-1-500', 'admin@contoso.example', 'unknown'],
			['S-1-5-21-2-500', null, 'malicious'],
		]);
	});

	it('never merges users whose object IDs differ even when their UPN matches', () => {
		const entities = entitiesOfAlerts([{ evidence: [user({ userPrincipalName: 'a@contoso.example', azureAdUserId: 'object-1' }), user({ userPrincipalName: 'a@contoso.example', azureAdUserId: 'object-2' })] }]);
		expect(entities.users.map((entry) => entry.azureAdUserId)).toEqual(['object-1', 'object-2']);
	});

	it('reads evidence nested 20,000 levels deep without throwing, keeping it under other cut to a bounded depth', () => {
		let nested: Record<string, unknown> = { leaf: true };
		for (let level = 0; level < 20_000; level++) nested = { inner: nested };
		const alert = { evidence: [{ ...base('registryKeyEvidence'), registryKey: 'K', details: nested }, device('a'.repeat(40))] };
		const entities = entitiesOfAlerts([alert]);
		expect(entities.devices).toHaveLength(1);
		expect(entities.other).toHaveLength(1);
		expect(JSON.stringify(entities.other[0])).toContain('[nested too deep]');
		expect(JSON.stringify(entities.other[0]).length).toBeLessThan(10_000);
	});

	it('bounds how much of an alert\'s evidence it reads', () => {
		const many = Array.from({ length: 30_000 }, (_, index) => ({ ...base('ipEvidence'), ipAddress: `198.51.${Math.floor(index / 250)}.${index % 250}` }));
		const entities = entitiesOfAlerts([{ evidence: many }]);
		expect(entities.ips.length).toBeLessThanOrEqual(10_000);
	});
});

describe('one presentation step for the node and the trigger (issue 24)', () => {
	const shape: SummaryShape = {
		incidentFields: { id: 'id', title: 'displayName', tags: 'customTags', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
		alertFields: { id: 'id', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
		spell: (value) => String(value ?? ''),
	};
	const withEvidence = { id: 'a', detectionSource: 'antivirus', evidence: [{ '@odata.type': type('ipEvidence'), ipAddress: '203.0.113.7', verdict: 'malicious' }] };

	it('reads only the summary\'s fields with Simplify and no Entities, and asks for entities only with Entities', () => {
		expect(alertReading({ simplify: true, entities: false })).toEqual({ summaryOnly: true });
		expect(alertReading({ simplify: false, entities: false })).toEqual({ summaryOnly: false });
		expect(alertReading({ simplify: true, entities: true })).toEqual({ summaryOnly: false, entities: true });
	});

	it('reads an incident\'s alerts with Include Alerts or Entities', () => {
		expect(incidentReading({ simplify: true, entities: false }, false)).toEqual({ includeAlerts: false, summaryOnly: true });
		expect(incidentReading({ simplify: true, entities: false }, true)).toEqual({ includeAlerts: true, summaryOnly: true });
		expect(incidentReading({ simplify: true, entities: true }, false)).toEqual({ includeAlerts: true, summaryOnly: false, entities: true });
	});

	it('has the backend\'s records carry the detection source, and the entities only when asked', () => {
		expect(alertRecord(withEvidence, shape)).toEqual(expect.objectContaining({ detectionSource: 'antivirus' }));
		expect(alertRecord(withEvidence, shape).entities).toBeUndefined();
		expect(alertRecord(withEvidence, shape, { entities: true }).entities?.ips).toEqual([{ ipAddress: '203.0.113.7', countryLetterCode: null, verdict: 'malicious' }]);
		const incident = incidentRecord({ id: '1', alerts: [withEvidence] }, shape, true, { entities: true });
		expect(incident.entities?.ips.map((ip) => ip.ipAddress)).toEqual(['203.0.113.7']);
	});

	it('outputs the summary or the API\'s object, with the entities the backend read when asked', () => {
		const record = alertRecord(withEvidence, shape, { entities: true });
		expect(presentedRecord(record, { simplify: true, entities: false })).toEqual(record.summary);
		expect(presentedRecord(record, { simplify: false, entities: false })).toBe(record.raw);
		expect(presentedRecord(record, { simplify: true, entities: true })).toEqual({ ...record.summary, entities: record.entities });
		expect(presentedRecord(alertRecord({ id: 'b' }, shape, { entities: true }), { simplify: false, entities: true }).entities).toEqual(entitiesOfAlerts([]));
	});
});
