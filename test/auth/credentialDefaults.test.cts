import { MicrosoftDefenderXdrOAuth2Api } from '../../credentials/MicrosoftDefenderXdrOAuth2Api.credentials';

const credential = new MicrosoftDefenderXdrOAuth2Api();

function property(name: string) {
	const found = credential.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

/** Evaluates a `={{ ... }}` default the way n8n does for plain JavaScript expressions over `$self`. */
function evaluate(name: string, self: Record<string, unknown>): unknown {
	const source = String(property(name).default);
	expect(source.startsWith('={{ ') && source.endsWith(' }}')).toBe(true);
	return new Function('$self', `return ${source.slice(4, -3)};`)(self);
}

describe('safe defaults of the credential', () => {
	it('restricts the HTTP Request node to the configured API host unless the user widens it', () => {
		const mode = property('allowedHttpRequestDomains');
		expect(mode.type).toBe('options');
		expect(mode.default).toBe('domains');
		expect(property('allowedDomains').displayOptions).toEqual({ show: { allowedHttpRequestDomains: ['domains'] } });
	});

	it.each([
		[{ cloud: 'global', api: 'graph' }, 'graph.microsoft.com'],
		[{ cloud: 'global', api: 'legacy' }, 'api.security.microsoft.com'],
		[{ cloud: 'usGovGcc', api: 'legacy' }, 'api-gcc.security.microsoft.us'],
		[{ cloud: 'usGovGccHigh', api: 'graph' }, 'graph.microsoft.us'],
		[{ cloud: 'usGovDod', api: 'graph' }, 'dod-graph.microsoft.us'],
		[{ cloud: 'usGovDod', api: 'legacy' }, 'api-gov.security.microsoft.us'],
		[{}, 'graph.microsoft.com'],
		[{ cloud: 'custom', api: 'graph', customApiUrl: 'http://127.0.0.1:4568/' }, '127.0.0.1'],
		[{ cloud: 'custom', api: 'legacy', customApiUrl: 'https://defender.test.example' }, 'defender.test.example'],
	])('allowed domains for %j start as %s', (self, host) => {
		expect(evaluate('allowedDomains', self)).toBe(host);
	});

	it('hides inherited fields that Entra does not use', () => {
		expect(property('sendAdditionalBodyProperties').type).toBe('hidden');
		expect(property('sendAdditionalBodyProperties').default).toBe(false);
		expect(property('additionalBodyProperties').type).toBe('hidden');
	});

	it('marks Tenant ID required', () => {
		expect(property('tenantId').required).toBe(true);
	});

	it('tells a delegated user that the redirect URL goes into the Entra app registration', () => {
		const notice = property('redirectUrlNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions).toEqual({ show: { grantType: ['authorizationCode'] } });
		expect(notice.displayName).toMatch(/Redirect URL.*app registration in Microsoft Entra ID/);
	});

	it('says on both custom URLs that only https or a loopback http address is accepted', () => {
		for (const name of ['customLoginUrl', 'customApiUrl']) {
			expect(property(name).description).toContain('https:// only; plain http:// is accepted only for a loopback address');
		}
	});

	it('keeps versions and dates out of option names, in the description instead', () => {
		const options = credential.properties.flatMap((candidate) =>
			'options' in candidate && Array.isArray(candidate.options) ? (candidate.options as Array<{ name: string; description?: string }>) : [],
		);
		for (const option of options) {
			expect(option.name).not.toMatch(/N8n|\d{4}-\d{2}-\d{2}|\d+\.\d+/);
		}
		expect(options.find((option) => option.name === 'Certificate')?.description).toContain('n8n 2.30 or newer');
		expect(options.find((option) => option.name === 'Defender XDR API (Legacy)')?.description).toContain('2027-02-01');
	});
});
