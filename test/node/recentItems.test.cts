import { alertChoices, deviceChoices, incidentChoices } from '../../nodes/MicrosoftDefenderXdr/methods/recentItems';
import { alert, CannedDefender, incident } from '../harness/cannedDefender.cjs';
import { fakeContext } from './fakes.cjs';

/** The real Graph backend over the canned answers, as the locator's list search opens it. */
const backendOf = async (defender: CannedDefender) => await defender.open(fakeContext({ parameters: {} }).context);

describe('resource locator lists', () => {
	it('offers recent incidents, newest first, with their portal links', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('3', { displayName: 'Phishing campaign' }), incident('2', { severity: 'low' })];
		const choices = await incidentChoices(await backendOf(defender));
		expect(defender.callsTo('listIncidents')[0].args).toEqual([
			{ orderBy: { field: 'createdAt', direction: 'desc' } },
			{ limit: 100 },
		]);
		expect(choices).toEqual([
			{ name: '#3 Phishing campaign (high, active)', value: '3', url: 'https://security.microsoft.com/incidents/3?tid=t' },
			{ name: '#2 Incident 2 (low, active)', value: '2', url: 'https://security.microsoft.com/incidents/2?tid=t' },
		]);
	});

	it('filters by title or ID, ignoring case', async () => {
		const defender = new CannedDefender();
		defender.incidents = [incident('31', { displayName: 'Phishing campaign' }), incident('2', { displayName: 'Ransomware' })];
		expect((await incidentChoices(await backendOf(defender), 'PHISH')).map((choice) => choice.value)).toEqual(['31']);
		expect((await incidentChoices(await backendOf(defender), '2')).map((choice) => choice.value)).toEqual(['2']);
		expect((await incidentChoices(await backendOf(defender), '  ')).map((choice) => choice.value)).toEqual(['31', '2']);
	});

	it('reads no more than 100 incidents', async () => {
		const defender = new CannedDefender();
		defender.incidents = Array.from({ length: 250 }, (_, index) => incident(String(index)));
		expect(await incidentChoices(await backendOf(defender))).toHaveLength(100);
		// No page past the second (items 50 to 99) was asked for.
		expect(Math.max(...defender.pageStarts)).toBe(50);
	});

	it('offers recent alerts', async () => {
		const defender = new CannedDefender();
		defender.alerts = [alert('da1', { title: 'Suspicious PowerShell', alertWebUrl: 'https://security.microsoft.com/alerts/da1' })];
		expect(await alertChoices(await backendOf(defender), 'powershell')).toEqual([
			{ name: 'Suspicious PowerShell (medium, new)', value: 'da1', url: 'https://security.microsoft.com/alerts/da1' },
		]);
	});

	it('links each device to its page in the credential\'s own portal (a GCC High tenant opens security.microsoft.us)', async () => {
		const requested: unknown[] = [];
		const defender = {
			async *listDevices(...args: unknown[]) {
				requested.push(args);
				yield [{ id: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07', computerDnsName: 'ws1.contoso.com', osPlatform: 'Windows11', healthStatus: 'Active' }];
			},
		};
		const choices = await deviceChoices(defender as never, 'https://security.microsoft.us', 'ws');
		expect(requested).toEqual([[{ namePrefix: 'ws' }, { limit: 100 }]]);
		expect(choices).toEqual([
			{
				name: 'ws1.contoso.com (Windows11, Active)',
				value: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
				url: 'https://security.microsoft.us/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
			},
		]);
	});
});
