import {
	batchRowCap,
	entityLookup,
	isSecurityIdentifier,
	isUserPrincipalName,
	lookupBatches,
	maximumValueCharactersPerQuery,
	rowAnswers,
	templateQuery,
	type EntityLookup,
} from '../../nodes/MicrosoftDefenderXdr/model/investigation';

/** The investigation templates' pure parts: each value checked by kind, batches, and rows matched back to values. */

describe('values checked by kind', () => {
	it.each([
		['a'.repeat(64), 'SHA256'],
		['A'.repeat(40), 'SHA1'],
		['0123456789abcdef'.repeat(2), 'MD5'],
	])('reads the file hash %s as %s by its length', (value, column) => {
		expect(entityLookup('devicesWithFile', undefined, ` ${value} `)).toEqual({ value, column, form: 'exact' });
	});

	it.each(['a'.repeat(63), 'g'.repeat(64), 'a'.repeat(48), 'mimikatz.exe', '0x' + 'a'.repeat(62)])('refuses %s as a file hash', (value) => {
		expect(entityLookup('devicesWithFile', undefined, value)).toEqual({ problem: expect.stringMatching(/is not a file hash: a SHA-256 \(64 hexadecimal characters\), a SHA-1 \(40\) or an MD5 \(32\)$/) });
	});

	it.each([
		['203.0.113.7', 'RemoteIP', 'exact'],
		['2001:db8::1', 'RemoteIP', 'exact'],
		['2001:0db8:0000:0000:0000:0000:0000:0001', 'RemoteIP', 'exact'],
		['evil.example', 'RemoteUrl', 'domain'],
		['xn--vil-8cd.example', 'RemoteUrl', 'domain'],
		['https://evil.example/payload?x=1', 'RemoteUrl', 'url'],
		['evil.example/payload', 'RemoteUrl', 'url'],
	])('reads the address %s from its shape', (value, column, form) => {
		expect(entityLookup('devicesContactingAddress', undefined, value)).toEqual({ value, column, form });
	});

	it.each(['203.0.113.0/24', '999.1.1.1', 'еvil.example', 'https://еvil.example/', 'https://evil.example/ä', 'ftp://evil.example/x', 'evil', 'javascript:alert(1)', 'evil.example\n| take 1'])(
		'refuses %j as an address',
		(value) => {
			expect(entityLookup('devicesContactingAddress', undefined, value)).toHaveProperty('problem', expect.stringContaining('is not an IP address (one address, no range), domain name or URL'));
		},
	);

	it('reads a device ID, a UPN and a SID, and refuses look-alikes', () => {
		expect(entityLookup('deviceEvents', undefined, '1E5BC9D7E413DDD7902C2932E418702B84D0CC07')).toEqual({ value: '1E5BC9D7E413DDD7902C2932E418702B84D0CC07', column: 'DeviceId', form: 'exact' });
		expect(entityLookup('deviceEvents', undefined, 'ws-0142.contoso.example')).toHaveProperty('problem', expect.stringContaining('is not a Defender device ID'));
		expect(isUserPrincipalName("o'brien@contoso.example")).toBe(true);
		expect(isUserPrincipalName('zoe@contoso')).toBe(false);
		expect(isUserPrincipalName('zoe müller@contoso.example')).toBe(false);
		expect(isUserPrincipalName('zoe@contoso.example@evil.example')).toBe(false);
		expect(isSecurityIdentifier('S-1-5-21-1004336348-1177238915-682003330-512')).toBe(true);
		expect(isSecurityIdentifier('S-1-5-21-x')).toBe(false);
		expect(entityLookup('alertsForEntity', 'user', 's-1-5-18')).toEqual({ value: 's-1-5-18', column: 'AccountSid', form: 'exact' });
	});

	it('says what an empty value should have been', () => {
		expect(entityLookup('deviceSignIns', undefined, '  ')).toEqual({ problem: expect.stringMatching(/^No value was given: give a Defender device ID/) });
		expect(entityLookup('devicesWithFile', undefined, undefined)).toEqual({ problem: expect.stringMatching(/^No value was given: give a file hash/) });
	});

	it('refuses an MD5 for alerts, whose evidence has no MD5 column', () => {
		expect(entityLookup('alertsForEntity', 'file', 'a'.repeat(32))).toEqual({ problem: "Alert evidence records SHA-256 and SHA-1 hashes, not MD5: give the file's SHA-256 or SHA-1" });
	});
});

describe('batches', () => {
	const sha256 = (index: number): EntityLookup => ({ value: index.toString(16).padStart(64, '0'), column: 'SHA256', form: 'exact' });

	it('puts up to 100 distinct values of one column in a batch, and asks for a shared value once', () => {
		const lookups = [...Array.from({ length: 250 }, (_, index) => sha256(index)), sha256(3), { ...sha256(4), value: sha256(4).value.toUpperCase() }];
		const batches = lookupBatches(lookups, 100);
		expect(batches.map((batch) => batch.values.length)).toEqual([100, 100, 50]);
		expect(batchRowCap(batches[0], 100)).toBe(10_000);
	});

	it('keeps columns and forms apart', () => {
		const batches = lookupBatches([sha256(1), { value: 'a'.repeat(40), column: 'SHA1', form: 'exact' }, sha256(2)], 100);
		expect(batches.map((batch) => [batch.column, batch.values.length])).toEqual([['SHA256', 2], ['SHA1', 1]]);
	});

	it("keeps values × Row Limit within Defender's 100,000 rows and the values within the character budget", () => {
		expect(lookupBatches(Array.from({ length: 30 }, (_, index) => sha256(index)), 10_000).map((batch) => batch.values.length)).toEqual([10, 10, 10]);
		expect(lookupBatches([sha256(1), sha256(2)], 100_000).map((batch) => batch.values.length)).toEqual([1, 1]);
		const urls = Array.from({ length: 40 }, (_, index): EntityLookup => ({ value: `https://evil.example/${String(index).padStart(2000, 'x')}`, column: 'RemoteUrl', form: 'url' }));
		const batches = lookupBatches(urls, 100);
		expect(batches.length).toBeGreaterThan(1);
		for (const batch of batches) expect(batch.values.join('').length).toBeLessThanOrEqual(maximumValueCharactersPerQuery);
	});
});

describe('queries and rows', () => {
	it('writes the file template as Defender reads it', () => {
		expect(templateQuery('devicesWithFile', { column: 'SHA1', form: 'exact', values: ['a'.repeat(40)] }, 100)).toBe(
			[
				'DeviceFileEvents',
				`| where (SHA1 in~ ("${'a'.repeat(40)}"))`,
				'| summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Events = count(), FileNames = make_set(FileName), FolderPaths = make_set(FolderPath) by SHA1, DeviceId, DeviceName',
				'| order by LastSeen desc',
				'| take 100',
			].join('\n'),
		);
	});

	it('matches a domain with has and its subdomains, and a URL in its recorded forms', () => {
		const query = templateQuery('devicesContactingAddress', { column: 'RemoteUrl', form: 'domain', values: ['evil.example', 'bad.example'] }, 10);
		expect(query).toContain('| where (RemoteUrl has "evil.example" or RemoteUrl has "bad.example")');
		const domain: EntityLookup = { value: 'Evil.Example', column: 'RemoteUrl', form: 'domain' };
		expect(rowAnswers({ RemoteUrl: 'https://cdn.evil.example:443/x' }, domain)).toBe(true);
		expect(rowAnswers({ RemoteUrl: 'notevil.example' }, domain)).toBe(false);
		expect(rowAnswers({ RemoteUrl: 'evil.example.attacker.net/x' }, domain)).toBe(false);
		expect(templateQuery('alertsForEntity', { column: 'RemoteUrl', form: 'url', values: ['https://evil.example/a/'] }, 10)).toContain(
			'RemoteUrl in~ ("https://evil.example/a/", "https://evil.example/a", "evil.example/a/", "evil.example/a")',
		);
		expect(rowAnswers({ RemoteUrl: 'EVIL.example/a' }, { value: 'https://evil.example/a/', column: 'RemoteUrl', form: 'url' })).toBe(true);
		expect(rowAnswers({ SHA256: 'AB' }, { value: 'ab', column: 'SHA256', form: 'exact' })).toBe(true);
	});

	it('keeps only successful sign-ins for the device', () => {
		expect(templateQuery('deviceSignIns', { column: 'DeviceId', form: 'exact', values: ['b'.repeat(40)] }, 5)).toContain(`| where (DeviceId in~ ("${'b'.repeat(40)}")) and ActionType == "LogonSuccess"`);
	});
});
