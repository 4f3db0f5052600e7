import {
	alertReference,
	incidentReference,
	parseReference,
} from '../../nodes/MicrosoftDefenderXdr/model/references';

describe('incident references', () => {
	it.each([
		[{ mode: 'id', value: '924521' }, '924521'],
		[{ mode: 'id', value: '  924521 ' }, '924521'],
		[{ mode: 'list', value: '17' }, '17'],
		[{ mode: 'id', value: 924521 }, '924521'],
		['924521', '924521'],
		[{ mode: 'url', value: 'https://security.microsoft.com/incidents/924521?tid=00000000-0000-0000-0000-000000000001' }, '924521'],
		[{ mode: 'url', value: 'https://security.microsoft.com/incident2/924521/overview?tid=abc' }, '924521'],
		[{ mode: 'url', value: 'https://security.microsoft.com/incidents/924521/alerts' }, '924521'],
		[{ mode: 'url', value: 'https://mto.security.microsoft.com/incidents/55?tid=x' }, '55'],
		[{ mode: 'url', value: 'https://security.microsoft.us/incidents/55' }, '55'],
		[{ mode: 'url', value: 'https://security.apps.mil/incident2/55/overview' }, '55'],
		[{ mode: 'url', value: 'security.microsoft.com/incidents/55' }, '55'],
		[{ mode: 'url', value: 'HTTPS://SECURITY.MICROSOFT.COM/incidents/55#summary' }, '55'],
		// A portal link pasted into the ID box still names one incident.
		[{ mode: 'id', value: 'https://security.microsoft.com/incidents/924521?tid=x' }, '924521'],
	])('%j is incident %s', (locator, expected) => {
		expect(parseReference(locator as never, incidentReference)).toEqual({ id: expected });
	});

	it.each([
		['empty', { mode: 'id', value: '' }, /no incident ID or link/],
		['blank', { mode: 'list', value: '   ' }, /no incident ID or link/],
		['letters', { mode: 'id', value: 'abc' }, /not a valid incident ID/],
		['path traversal', { mode: 'id', value: '1/../../users' }, /not a valid incident ID/],
		['query injection', { mode: 'id', value: '1?$expand=alerts' }, /not a valid incident ID/],
		['OData injection', { mode: 'id', value: "1' or '1'='1" }, /not a valid incident ID/],
		['encoded slash', { mode: 'id', value: '1%2F..%2Fx' }, /not a valid incident ID/],
		['non-ASCII digits', { mode: 'id', value: '١٢٣' }, /not a valid incident ID/],
		['too many digits', { mode: 'id', value: '1'.repeat(30) }, /not a valid incident ID/],
		['huge input', { mode: 'id', value: '9'.repeat(5000) }, /too long/],
		['look-alike host', { mode: 'url', value: 'https://security.microsoft.com.evil.example/incidents/1' }, /not a Microsoft Defender portal link/],
		['other host', { mode: 'url', value: 'https://evil.example/incidents/1' }, /not a Microsoft Defender portal link/],
		['plain http', { mode: 'url', value: 'http://security.microsoft.com/incidents/1' }, /not a Microsoft Defender portal link/],
		['credentials in link', { mode: 'url', value: 'https://user:pw@security.microsoft.com/incidents/1' }, /not a Microsoft Defender portal link/],
		['port in link', { mode: 'url', value: 'https://security.microsoft.com:8443/incidents/1' }, /not a Microsoft Defender portal link/],
		['script scheme', { mode: 'url', value: 'javascript:alert(1)' }, /not a Microsoft Defender portal link/],
		['data scheme', { mode: 'url', value: 'data:text/html,<script>1</script>' }, /not a Microsoft Defender portal link/],
		['no incident in link', { mode: 'url', value: 'https://security.microsoft.com/incidents' }, /does not link to one incident/],
		['alert link', { mode: 'url', value: 'https://security.microsoft.com/alerts/da123' }, /does not link to one incident/],
		['encoded traversal in link', { mode: 'url', value: 'https://security.microsoft.com/incidents/1%2F..%2F..%2Fme' }, /not a valid incident ID/],
		['not a link', { mode: 'url', value: 'https://' }, /not a link/],
	])('refuses %s', (_name, locator, message) => {
		expect(parseReference(locator as never, incidentReference)).toEqual({ problem: expect.stringMatching(message) });
	});

	it('does not echo a long hostile value in full', () => {
		const hostile = `1${'<script>'.repeat(100)}`;
		const result = parseReference({ __rl: true, mode: 'id', value: hostile }, incidentReference);
		expect('problem' in result && result.problem.length).toBeLessThan(250);
	});
});

describe('alert references', () => {
	it.each([
		[{ mode: 'id', value: 'da637551227677560813_-961444813' }, 'da637551227677560813_-961444813'],
		[{ mode: 'list', value: 'fa1b2c3d-0000-4444-8888-123456789abc' }, 'fa1b2c3d-0000-4444-8888-123456789abc'],
		[{ mode: 'url', value: 'https://security.microsoft.com/alerts/da637551227677560813_-961444813?tid=x' }, 'da637551227677560813_-961444813'],
		[{ mode: 'url', value: 'https://security.microsoft.com/alerts/ed123/details' }, 'ed123'],
	])('%j is alert %s', (locator, expected) => {
		expect(parseReference(locator as never, alertReference)).toEqual({ id: expected });
	});

	it.each([
		['slash', { mode: 'id', value: 'da1/../x' }],
		['dot segment', { mode: 'id', value: '..' }],
		['query', { mode: 'id', value: 'da1?$top=1' }],
		['space', { mode: 'id', value: 'da1 da2' }],
		['incident link', { mode: 'url', value: 'https://security.microsoft.com/incidents/1' }],
		['foreign host', { mode: 'url', value: 'https://example.com/alerts/da1' }],
		['encoded characters', { mode: 'url', value: 'https://security.microsoft.com/alerts/da1%3Fx' }],
	])('refuses %s', (_name, locator) => {
		expect(parseReference(locator as never, alertReference)).toEqual({ problem: expect.any(String) });
	});
});
