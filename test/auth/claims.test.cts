import { decodeTokenClaims, grantedPermissions } from '../../nodes/MicrosoftDefenderXdr/auth/claims';
import { applicationToken, delegatedToken, tenantId } from './tokens.cjs';

describe('decodeTokenClaims', () => {
	it('reads the payload of an Entra-shaped token', async () => {
		const claims = decodeTokenClaims(await applicationToken('graph', ['SecurityIncident.Read.All']));
		expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: tenantId, roles: ['SecurityIncident.Read.All'] });
	});

	it.each([
		['an opaque token', 'EwBwA8l6BAAUkj1dN2Zk0nWqkd2Zg4y'],
		['two segments', 'abc.def'],
		['a payload that is not base64url', 'aGVhZGVy.!!!.c2ln'],
		['a payload that is not JSON', `eyJhbGciOiJub25lIn0.${Buffer.from('not json').toString('base64url')}.sig`],
		['a payload that is a JSON array', `eyJhbGciOiJub25lIn0.${Buffer.from('[1,2]').toString('base64url')}.sig`],
		['an empty string', ''],
		['undefined', undefined],
		['a number', 42],
	])('returns undefined, without throwing, for %s', (_name, token) => {
		expect(decodeTokenClaims(token)).toBeUndefined();
	});
});

describe('grantedPermissions', () => {
	it('reads application permissions from roles', async () => {
		const claims = decodeTokenClaims(await applicationToken('graph', ['SecurityIncident.Read.All', 'ThreatHunting.Read.All']))!;
		expect(grantedPermissions(claims)).toEqual({
			kind: 'application',
			permissions: ['SecurityIncident.Read.All', 'ThreatHunting.Read.All'],
		});
	});

	it('reads delegated permissions from scp and ignores the user\'s roles', async () => {
		const claims = decodeTokenClaims(await delegatedToken('legacy', ['Incident.Read', 'AdvancedHunting.Read']))!;
		expect(grantedPermissions(claims)).toEqual({ kind: 'delegated', permissions: ['Incident.Read', 'AdvancedHunting.Read'] });
	});

	it('treats a token without roles or scp as an application token with no permissions', () => {
		expect(grantedPermissions({ aud: 'https://graph.microsoft.com' })).toEqual({ kind: 'application', permissions: [] });
	});

	it('ignores non-string roles', () => {
		expect(grantedPermissions({ roles: ['A', 7 as unknown as string] })).toEqual({ kind: 'application', permissions: ['A'] });
	});
});
