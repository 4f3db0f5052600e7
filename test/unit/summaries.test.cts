import { alertRecord, type SummaryShape } from '../../nodes/MicrosoftDefenderXdr/api/summaries';
import { graphEnumSpelling, toGraphEnum } from '../../nodes/MicrosoftDefenderXdr/model/enums';

/** The compact alert reads the fields Microsoft documents today, with fallbacks for older answers. */

const graph: SummaryShape = {
	incidentFields: { id: 'id', title: 'displayName', tags: 'customTags', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
	alertFields: { id: 'id', createdAt: 'createdDateTime', updatedAt: 'lastUpdateDateTime' },
	spell: graphEnumSpelling,
};
const legacy: SummaryShape = { ...graph, alertFields: { id: 'alertId', createdAt: 'creationTime', updatedAt: 'lastUpdatedTime' }, spell: toGraphEnum };

describe('alert summary', () => {
	it('reads categories, which replaces the deprecated category', () => {
		expect(alertRecord({ id: 'a', categories: ['Execution', 'Persistence'], category: 'Execution' }, graph).summary).toMatchObject({ category: 'Execution', categories: ['Execution', 'Persistence'] });
	});

	it('falls back to category when an answer has no categories', () => {
		expect(alertRecord({ id: 'a', category: 'Malware' }, graph).summary).toMatchObject({ category: 'Malware', categories: ['Malware'] });
		expect(alertRecord({ id: 'a', categories: [], category: 'Malware' }, graph).summary).toMatchObject({ category: 'Malware', categories: ['Malware'] });
		expect(alertRecord({ id: 'a' }, graph).summary).toMatchObject({ category: null, categories: [] });
	});

	it.each([
		['MicrosoftDefenderATP', 'microsoftDefenderForEndpoint'],
		['OfficeATP', 'microsoftDefenderForOffice365'],
		['MicrosoftCloudAppSecurity', 'microsoftDefenderForCloudApps'],
		['AzureAdIdentityProtection', 'azureAdIdentityProtection'],
	])('reads the legacy service source %s as Graph spells it', (legacySpelling, graphSpelling) => {
		expect(alertRecord({ alertId: 'a', serviceSource: legacySpelling }, legacy).summary.serviceSource).toBe(graphSpelling);
	});

	it('reads an unclassified alert as unknown on both APIs', () => {
		for (const [raw, shape] of [
			[{ id: 'a', classification: 'unknown', determination: 'unknown' }, graph],
			[{ alertId: 'a', classification: null, determination: null }, legacy],
		] as const) {
			expect(alertRecord(raw, shape).summary).toMatchObject({ classification: 'unknown', determination: 'unknown' });
		}
	});
});
