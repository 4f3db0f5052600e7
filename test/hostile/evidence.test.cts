import type { IDataObject } from 'n8n-workflow';

import { startHostileServer, type HostileServer } from './server.cjs';
import { hostileCredentials, pollOnce } from './setup.cjs';

/**
 * Issue 21, observations 4 and 10, through the trigger on n8n core's request helpers: an alert whose evidence is
 * nested 20,000 levels deep is delivered (it used to throw a RangeError on every poll), and two devices that
 * share a DNS name stay two entities, each with its own verdict.
 */

let api: HostileServer;
beforeAll(async () => (api = await startHostileServer()));
afterAll(async () => await api.close());

const evidenceType = (name: string) => `#microsoft.graph.security.${name}`;

/** The alert list as raw JSON text: a serializer would overflow on the nesting this answer carries. */
function alertListText(): string {
	const at = new Date(Date.now() - 60_000).toISOString();
	const device = (mdeDeviceId: string, verdict: string) =>
		JSON.stringify({ '@odata.type': evidenceType('deviceEvidence'), mdeDeviceId, deviceDnsName: 'ws-01.contoso.example', verdict, createdDateTime: at });
	const deep = `${'{"inner":'.repeat(20_000)}{}${'}'.repeat(20_000)}`;
	const registry = `{"@odata.type":"${evidenceType('registryKeyEvidence')}","registryKey":"K","details":${deep}}`;
	const alert = `{"id":"da1","title":"Deep evidence","severity":"high","status":"new","createdDateTime":"${at}","lastUpdateDateTime":"${at}","evidence":[${registry},${device('a'.repeat(40), 'unknown')},${device('b'.repeat(40), 'malicious')}]}`;
	return `{"value":[${alert}]}`;
}

it('delivers an alert with evidence nested 20,000 levels deep, and never merges two devices that share a DNS name', async () => {
	api.answer((_request, response) => {
		const body = alertListText();
		response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
		response.end(body);
	});
	const { emitted } = await pollOnce(hostileCredentials(api), { event: 'alertCreated', options: { entities: true, backfillHours: 1 } }, {});
	expect(emitted).toHaveLength(1);
	const entities = emitted[0].entities as { devices: IDataObject[]; other: IDataObject[] };
	expect(entities.devices.map((device) => [device.mdeDeviceId, device.verdict])).toEqual([
		['a'.repeat(40), 'unknown'],
		['b'.repeat(40), 'malicious'],
	]);
	expect(JSON.stringify(entities.other)).toContain('[nested too deep]');
});
