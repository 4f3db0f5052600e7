import { MicrosoftDefenderXdrOAuth2Api } from '../../credentials/MicrosoftDefenderXdrOAuth2Api.credentials';
import { MicrosoftDefenderXdr } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node';
import { refusedCustomUrl } from '../../nodes/MicrosoftDefenderXdr/model/clouds';

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
	it('keeps the HTTP Request node off this credential until the user names the hosts it may reach', () => {
		const mode = property('allowedHttpRequestDomains');
		expect(mode.type).toBe('options');
		expect(mode.default).toBe('domains');
		const domains = property('allowedDomains');
		expect(domains.displayOptions).toEqual({ show: { allowedHttpRequestDomains: ['domains'] } });
		expect(domains.default).toBe('');
		expect(domains.placeholder).toBe('graph.microsoft.com');
	});

	it('holds no expression in a visible field, which would stop n8n\'s editor from testing the credential', () => {
		for (const field of credential.properties.filter((candidate) => candidate.type !== 'hidden')) {
			expect(String(field.default).startsWith('=')).toBe(false);
		}
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

describe('the test n8n runs on Test and Save', () => {
	const test = credential.test!;

	/** Evaluates a routing `={{ ... }}` value the way n8n does, with the resolved fields as `$credentials`. */
	function resolve(value: unknown, credentials: Record<string, unknown>): unknown {
		const source = String(value);
		expect(source.startsWith('={{ ') && source.endsWith(' }}')).toBe(true);
		return new Function('$credentials', `return ${source.slice(4, -3)};`)(credentials);
	}

	it.each([
		[{ cloud: 'global', api: 'graph' }, 'https://graph.microsoft.com/v1.0/security/incidents'],
		[{ cloud: 'global', api: 'legacy' }, 'https://api.security.microsoft.com/api/incidents'],
		[{ cloud: 'usGovGccHigh', api: 'graph' }, 'https://graph.microsoft.us/v1.0/security/incidents'],
		[{ cloud: 'usGovDod', api: 'legacy' }, 'https://api-gov.security.microsoft.us/api/incidents'],
		[{}, 'https://graph.microsoft.com/v1.0/security/incidents'],
		[{ cloud: 'custom', api: 'graph', customApiUrl: 'http://127.0.0.1:4568/' }, 'http://127.0.0.1:4568/v1.0/security/incidents'],
		[{ cloud: 'custom', api: 'legacy', customApiUrl: 'https://defender.test.example' }, 'https://defender.test.example/api/incidents'],
	])('reads one incident from the configured API for %j', (credentials, url) => {
		expect(`${resolve(test.request.baseURL, credentials)}${resolve(test.request.url, credentials)}`).toBe(url);
		expect(test.request.qs).toEqual({ $top: 1 });
	});

	it('never follows a redirect with the token and is bounded in time', () => {
		expect(test.request.disableFollowRedirect).toBe(true);
		expect(test.request.timeout).toBeGreaterThan(0);
	});

	it('turns a 403 into the missing permission and a 401 into the wrong API', () => {
		const messages = Object.fromEntries(
			(test.rules ?? []).map((rule) => [rule.type === 'responseCode' ? rule.properties.value : 'other', rule.properties.message]),
		);
		expect(messages[403]).toMatch(/SecurityIncident\.Read\.All.*Incident\.Read\.All.*admin consent/);
		expect(messages[401]).toMatch(/Cloud and API/);
	});

	it('is the only test: the node declares no function test, which n8n ignores for OAuth2 credentials', () => {
		const node = new MicrosoftDefenderXdr();
		expect(node.description.credentials?.map((credential) => Object.keys(credential).sort())).toEqual([
			['displayOptions', 'name', 'required'],
			['displayOptions', 'name', 'required'],
		]);
		expect(Object.keys(node.methods)).toEqual(['listSearch']);
	});
});

describe('custom URLs that are neither https nor loopback', () => {
	const plainHttp = { cloud: 'custom', api: 'graph', tenantId: 'contoso.onmicrosoft.com', customLoginUrl: 'http://login.example.com', customApiUrl: 'http://127.0.0.1.example.com:4568' };

	it('never become the token or authorization URL, so n8n sends no secret over plain HTTP', () => {
		expect(evaluate('accessTokenUrl', plainHttp)).toBe(`${refusedCustomUrl}/contoso.onmicrosoft.com/oauth2/v2.0/token`);
		expect(evaluate('authUrl', plainHttp)).toBe(`${refusedCustomUrl}/contoso.onmicrosoft.com/oauth2/v2.0/authorize`);
	});

	it('never become the credential test URL', () => {
		const baseUrl = new Function('$credentials', `return ${String(credential.test!.request.baseURL).slice(4, -3)};`)(plainHttp);
		expect(baseUrl).toBe(`${refusedCustomUrl}/v1.0`);
	});
});
