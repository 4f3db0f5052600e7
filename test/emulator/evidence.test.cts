import { evidenceOf, type EvidenceSubject } from '../../emulator/evidence.cjs';

/** Alert evidence: the CSDL's types with their own properties, chosen by the product that raised the alert. */

const subject = (serviceSource: string): EvidenceSubject => ({
	alertNumber: 7,
	createdDateTime: '2026-11-20T12:00:00.0000000Z',
	serviceSource,
	deviceDnsName: 'ws-0142.contoso.example',
	accountName: 'zoe.muller',
	riskScore: 'high',
	mdeDeviceId: 'abc123',
	ipAddress: '203.0.113.7',
	countryLetterCode: 'DE',
});

const typesOf = (serviceSource: string) => evidenceOf(subject(serviceSource)).map((item) => String(item['@odata.type']).replace('#microsoft.graph.security.', ''));

/** Properties of each derived type in clean_v10_metadata/cleanMetadata.xml (docs/api-contract.md, 5.4). */
const csdlProperties: Record<string, string[]> = {
	deviceEvidence: ['azureAdDeviceId', 'defenderAvStatus', 'deviceDnsName', 'dnsDomain', 'firstSeenDateTime', 'healthStatus', 'hostName', 'ipInterfaces', 'lastExternalIpAddress', 'lastIpAddress', 'loggedOnUsers', 'mdeDeviceId', 'ntDomain', 'onboardingStatus', 'osBuild', 'osPlatform', 'rbacGroupId', 'rbacGroupName', 'resourceAccessEvents', 'riskScore', 'version', 'vmMetadata'],
	userEvidence: ['stream', 'userAccount'],
	ipEvidence: ['countryLetterCode', 'ipAddress', 'location', 'stream'],
	urlEvidence: ['url'],
	fileEvidence: ['detectionStatus', 'fileDetails', 'mdeDeviceId'],
	processEvidence: ['detectionStatus', 'imageFile', 'mdeDeviceId', 'parentProcessCreationDateTime', 'parentProcessId', 'parentProcessImageFile', 'processCommandLine', 'processCreationDateTime', 'processId', 'userAccount'],
	mailboxEvidence: ['displayName', 'primaryAddress', 'upn', 'userAccount'],
	cloudApplicationEvidence: ['appId', 'displayName', 'instanceId', 'instanceName', 'saasAppId', 'stream'],
	analyzedMessageEvidence: ['antiSpamDirection', 'attachmentsCount', 'deliveryAction', 'deliveryLocation', 'internetMessageId', 'language', 'networkMessageId', 'p1Sender', 'p2Sender', 'receivedDateTime', 'recipientEmailAddress', 'senderIp', 'subject', 'threatDetectionMethods', 'threats', 'urlCount', 'urls', 'urn'],
	registryKeyEvidence: ['registryHive', 'registryKey'],
	registryValueEvidence: ['mdeDeviceId', 'registryHive', 'registryKey', 'registryValue', 'registryValueName', 'registryValueType'],
	mailClusterEvidence: ['clusterBy', 'clusterByValue', 'emailCount', 'networkMessageIds', 'query', 'urn'],
	oauthApplicationEvidence: ['appId', 'displayName', 'objectId', 'publisher'],
	securityGroupEvidence: ['activeDirectoryObjectGuid', 'displayName', 'distinguishedName', 'friendlyName', 'securityGroupId', 'sid'],
};
const baseProperties = ['@odata.type', 'createdDateTime', 'detailedRoles', 'remediationStatus', 'remediationStatusDetails', 'roles', 'tags', 'verdict'];

describe('alert evidence', () => {
	it('follows the product that raised the alert', () => {
		expect(typesOf('microsoftDefenderForEndpoint')).toEqual(['deviceEvidence', 'fileEvidence', 'processEvidence', 'registryKeyEvidence', 'registryValueEvidence', 'urlEvidence', 'userEvidence', 'ipEvidence']);
		expect(typesOf('microsoftDefenderForOffice365')).toEqual(['mailboxEvidence', 'analyzedMessageEvidence', 'mailClusterEvidence', 'urlEvidence', 'userEvidence', 'ipEvidence']);
		expect(typesOf('microsoftDefenderForCloudApps')).toEqual(['cloudApplicationEvidence', 'oauthApplicationEvidence', 'userEvidence', 'ipEvidence']);
		expect(typesOf('microsoftDefenderForIdentity')).toEqual(['deviceEvidence', 'securityGroupEvidence', 'userEvidence', 'ipEvidence']);
		expect(typesOf('azureAdIdentityProtection')).toEqual(['deviceEvidence', 'userEvidence', 'ipEvidence']);
	});

	it('carries only properties of its CSDL type, and the same ones every time', () => {
		for (const service of ['microsoftDefenderForEndpoint', 'microsoftDefenderForOffice365', 'microsoftDefenderForCloudApps', 'microsoftDefenderForIdentity']) {
			for (const item of evidenceOf(subject(service))) {
				const type = String(item['@odata.type']).replace('#microsoft.graph.security.', '');
				const allowed = new Set([...baseProperties, ...csdlProperties[type]]);
				expect(Object.keys(item).filter((key) => !allowed.has(key))).toEqual([]);
			}
			expect(evidenceOf(subject(service))).toEqual(evidenceOf(subject(service)));
		}
	});

	it('names the alert subject where an entity-minded reader looks for it', () => {
		const items = evidenceOf(subject('microsoftDefenderForEndpoint'));
		const byType = (type: string) => items.find((item) => item['@odata.type'] === `#microsoft.graph.security.${type}`)!;
		expect(byType('deviceEvidence')).toMatchObject({ deviceDnsName: 'ws-0142.contoso.example', mdeDeviceId: 'abc123', riskScore: 'high' });
		expect(byType('userEvidence')).toMatchObject({ userAccount: { accountName: 'zoe.muller', userPrincipalName: 'zoe.muller@contoso.example' } });
		expect(byType('ipEvidence')).toMatchObject({ ipAddress: '203.0.113.7', countryLetterCode: 'DE' });
		expect(byType('fileEvidence')).toMatchObject({ fileDetails: { fileName: 'mimikatz.exe' } });
		expect((byType('fileEvidence').fileDetails as Record<string, string>).sha256).toMatch(/^[0-9a-f]{64}$/);
	});
});
