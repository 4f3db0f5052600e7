import {
	detectIndicatorType,
	indicatorActionProblem,
	indicatorValueProblem,
	internalAddressKind,
	isAlreadyInProgress,
	isSameRequest,
	contradictsRequest,
	deviceActionRequest,
	isIpAddress,
	isMachineId,
	isSha1,
	unquotedLink,
} from '../../nodes/MicrosoftDefenderXdr/model/endpoint';
import { endpointPermissions } from '../../nodes/MicrosoftDefenderXdr/model/permissions';
import { deviceReference } from '../../nodes/MicrosoftDefenderXdr/model/endpoint';
import { parseReference } from '../../nodes/MicrosoftDefenderXdr/model/references';

/** The Defender for Endpoint vocabulary: what is refused before any request, and what is detected from a value. */

describe('identifiers', () => {
	it('accepts 40-hex device IDs and SHA-1 hashes only', () => {
		expect(isMachineId('1e5bc9d7e413ddd7902c2932e418702b84d0cc07')).toBe(true);
		expect(isMachineId('1e5bc9d7e413ddd7902c2932e418702b84d0cc0')).toBe(false);
		expect(isMachineId('ws-0142.contoso.example')).toBe(false);
		expect(isSha1('A'.repeat(40))).toBe(true);
		expect(isSha1('g'.repeat(40))).toBe(false);
	});

	it('reads the device ID from a portal link, and refuses other hosts', () => {
		expect(parseReference({ __rl: true, mode: 'url', value: 'https://security.microsoft.com/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/overview?tid=x' }, deviceReference)).toEqual({ id: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07' });
		expect(parseReference({ __rl: true, mode: 'url', value: 'https://evil.example/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07' }, deviceReference)).toHaveProperty('problem');
		expect(parseReference({ __rl: true, mode: 'id', value: 'ws-0142' }, deviceReference)).toHaveProperty('problem');
	});
});

describe('indicator values', () => {
	it('detects the type from the value', () => {
		expect(detectIndicatorType('e'.repeat(64))).toBe('FileSha256');
		expect(detectIndicatorType('e'.repeat(40))).toBe('FileSha1');
		expect(detectIndicatorType('e'.repeat(32))).toBe('FileMd5');
		expect(detectIndicatorType('203.0.113.7')).toBe('IpAddress');
		expect(detectIndicatorType('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('IpAddress');
		expect(detectIndicatorType('https://evil.example/payload')).toBe('Url');
		expect(detectIndicatorType('evil.example/payload')).toBe('Url');
		expect(detectIndicatorType(' evil.example ')).toBe('DomainName');
		expect(detectIndicatorType('not a value')).toBeUndefined();
		expect(detectIndicatorType('10.0.0.0/8')).toBeUndefined();
	});

	it('says why a value does not fit its type', () => {
		expect(indicatorValueProblem('FileSha256', 'e'.repeat(63))).toContain('SHA-256');
		expect(indicatorValueProblem('IpAddress', '2001:db8::1')).toContain('all eight groups');
		expect(indicatorValueProblem('IpAddress', '256.1.1.1')).toBeDefined();
		expect(indicatorValueProblem('IpAddress', '010.1.1.1')).toBeDefined();
		expect(indicatorValueProblem('DomainName', 'evil')).toBeDefined();
		expect(indicatorValueProblem('DomainName', '203.0.113.7')).toBeDefined();
		expect(indicatorValueProblem('Url', 'ftp://evil.example')).toBeDefined();
		expect(indicatorValueProblem('Url', 'https://evil.example/x')).toBeUndefined();
		expect(isIpAddress('203.0.113.7')).toBe(true);
	});

	it('refuses actions the portal does not offer for a kind', () => {
		expect(indicatorActionProblem('CertificateThumbprint', 'Block')).toBeDefined();
		expect(indicatorActionProblem('DomainName', 'BlockAndRemediate')).toBeDefined();
		expect(indicatorActionProblem('FileSha256', 'BlockAndRemediate')).toBeUndefined();
	});
});

describe('answers', () => {
	it('recognises "Action is already in progress" by message or by the observed code', () => {
		expect(isAlreadyInProgress('BadRequest', 'Action is already in progress')).toBe(true);
		expect(isAlreadyInProgress('ActiveRequestAlreadyExists', '')).toBe(true);
		expect(isAlreadyInProgress('BadRequest', 'Request body is incorrect')).toBe(false);
	});

	it('strips the quotes Microsoft documents around the package link', () => {
		expect(unquotedLink('"https://example/x.zip?token=1"')).toBe('https://example/x.zip?token=1');
		expect(unquotedLink('https://example/x.zip')).toBe('https://example/x.zip');
	});
});

describe('permissions', () => {
	it('names the least privilege first and the Defender role a delegated user needs', () => {
		expect(endpointPermissions.isolateMachine).toMatchObject({ application: ['Machine.Isolate'], delegated: ['Machine.Isolate'], role: 'Active remediation actions' });
		expect(endpointPermissions.getMachine.application[0]).toBe('Machine.Read.All');
		expect(endpointPermissions.collectInvestigationPackage.role).toBe('Alerts Investigation');
		expect(endpointPermissions.submitIndicator.delegated).toEqual(['Ti.ReadWrite']);
	});
});

describe('internal IP addresses and the same device action request (issue 21)', () => {
	it('names the kind of every internal range and leaves external addresses alone', () => {
		const kinds: Array<[string, string | undefined]> = [
			['0.1.2.3', 'an unspecified'],
			['10.255.255.255', 'a private'],
			['100.64.0.1', 'a shared (carrier-grade NAT)'],
			['100.128.0.1', undefined],
			['127.0.0.1', 'a loopback'],
			['169.254.169.254', 'a link-local'],
			['172.15.255.255', undefined],
			['172.16.0.1', 'a private'],
			['172.31.255.255', 'a private'],
			['172.32.0.0', undefined],
			['192.0.0.8', 'a reserved'],
			['192.168.1.1', 'a private'],
			['198.19.255.255', 'a reserved (benchmarking)'],
			['224.0.0.251', 'a multicast'],
			['255.255.255.255', 'a reserved'],
			['8.8.8.8', undefined],
			['203.0.113.7', undefined],
			['0:0:0:0:0:0:0:0', 'an unspecified'],
			['0:0:0:0:0:0:0:1', 'a loopback'],
			['fd12:0:0:0:0:0:0:1', 'a unique local (private)'],
			['fe80:0:0:0:0:0:0:1', 'a link-local'],
			['ff02:0:0:0:0:0:0:1', 'a multicast'],
			['0:0:0:0:0:ffff:c0a8:101', 'a private'],
			['0:0:0:0:0:ffff:808:808', undefined],
			['2001:db8:0:0:0:0:0:1', undefined],
		];
		expect(kinds.map(([address]) => [address, internalAddressKind(address)])).toEqual(kinds);
		expect(indicatorValueProblem('IpAddress', '10.0.0.1')).toBe('"10.0.0.1" is a private address; Defender takes only external (public) IP addresses as indicators');
		expect(indicatorValueProblem('IpAddress', '8.8.8.8')).toBeUndefined();
	});

	it('counts a pending action as this request only when type, scope and file all match', () => {
		const isolateFull = deviceActionRequest('isolate', { Comment: 'x', IsolationType: 'Full' });
		expect(isSameRequest({ type: 'Isolate', scope: 'Full' }, isolateFull)).toBe(true);
		expect(isSameRequest({ type: 'Isolate', scope: 'Selective' }, isolateFull)).toBe(false);
		expect(isSameRequest({ type: 'Isolate', scope: null }, isolateFull)).toBe(false);
		const quarantine = deviceActionRequest('stopAndQuarantineFile', { Comment: 'x', Sha1: 'A'.repeat(40) });
		expect(isSameRequest({ type: 'StopAndQuarantineFile', scope: null, relatedFileInfo: { fileIdentifier: 'a'.repeat(40) } }, quarantine)).toBe(true);
		expect(isSameRequest({ type: 'StopAndQuarantineFile', scope: null, relatedFileInfo: { fileIdentifier: 'b'.repeat(40) } }, quarantine)).toBe(false);
		expect(isSameRequest({ type: 'StopAndQuarantineFile', relatedFileInfo: null }, quarantine)).toBe(false);
		expect(isSameRequest({ type: 'Unisolate', scope: null }, deviceActionRequest('releaseFromIsolation', { Comment: 'x' }))).toBe(true);
		// An answer that leaves its scope out is not visibly another action; one that states another scope is.
		expect(contradictsRequest({ type: 'Isolate' }, isolateFull)).toBe(false);
		expect(contradictsRequest({ type: 'Isolate', scope: 'Selective' }, isolateFull)).toBe(true);
		expect(contradictsRequest({ type: 'StopAndQuarantineFile', relatedFileInfo: { fileIdentifier: 'b'.repeat(40) } }, quarantine)).toBe(true);
		expect(contradictsRequest({ type: 'RunAntiVirusScan', scope: 'Full' }, isolateFull)).toBe(true);
	});
});
