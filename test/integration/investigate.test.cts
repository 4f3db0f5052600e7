import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator/index.cjs';
import { machineIdOf } from '../../emulator/endpoint/machines.cjs';
import { knownFile } from '../../emulator/files.cjs';
import { huntingDevices } from '../../emulator/hunting/index.cjs';
import { router } from '../../nodes/MicrosoftDefenderXdr/actions/router';
import { createBackend } from '../../nodes/MicrosoftDefenderXdr/api';
import { createExecuteContext, emulatorCredentials } from '../harness/n8nContext.cjs';

/**
 * The Investigate templates through the node's router, the Graph backend and n8n-like OAuth2 against the
 * emulator, whose Kusto analyzer checks every query: each template returns the seeded rows, many items share
 * one request, and every row is paired with the item whose value it answers.
 */

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ incidents: 5, now: new Date() });
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.admin.reset();
	emulator.admin.resetCounters();
});

async function runNode(parameters: IDataObject | IDataObject[], options: { appName?: string; api?: 'graph' | 'legacy'; continueOnFail?: boolean } = {}) {
	const credentials = emulatorCredentials(emulator, options.appName ?? 'full', options.api ?? 'graph');
	const { context } = createExecuteContext({ parameters, credentials, continueOnFail: options.continueOnFail });
	const [items] = await router.call(context, async (execute) => await createBackend(execute, { retryBaseMilliseconds: 5, maxWaitMilliseconds: 3000 }));
	return { items, json: items.map((item) => item.json) };
}

/** The input item an output item answers, from its pairedItem. */
const itemOf = (item: INodeExecutionData) => (item.pairedItem as IPairedItemData).item;
const huntingRequests = () => emulator.admin.requestLog().filter((entry) => entry.path.endsWith('/security/runHuntingQuery'));
const queriesSent = () => huntingRequests().map((entry) => String((JSON.parse(entry.body) as IDataObject).Query));
const investigate = (operation: string, value: string, extra: IDataObject = {}) => ({ resource: 'investigate', operation, value, ...extra });

const mimikatz = knownFile('mimikatz.exe');
const powershell = knownFile('powershell.exe');
const device = machineIdOf(huntingDevices[0]);

describe('every template answers from the seeded tables', () => {
	it.each([
		['devicesWithFile', mimikatz.sha256, 'SHA256'],
		['devicesWithFile', mimikatz.sha1.toUpperCase(), 'SHA1'],
		['devicesWithFile', mimikatz.md5, 'MD5'],
		['devicesContactingAddress', 'evil.example', 'RemoteUrl'],
		['devicesContactingAddress', 'https://evil.example/', 'RemoteUrl'],
		['deviceSignIns', device, 'DeviceId'],
		['deviceEvents', device, 'DeviceId'],
		['deviceVulnerabilities', device, 'DeviceId'],
	])('%s for %s', async (operation, value, column) => {
		const { json, items } = await runNode(investigate(operation, value));
		expect(json.length).toBeGreaterThan(0);
		expect(json.length).toBeLessThanOrEqual(100);
		expect(items.every((item) => itemOf(item) === 0)).toBe(true);
		const normalized = (text: unknown) => String(text).toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, '');
		expect(json.every((row) => normalized(row[column]).endsWith(normalized(value)))).toBe(true);
		expect(huntingRequests()).toHaveLength(1);
	});

	it.each(['198.51.100.23', '2001:db8::23'])('devicesContactingAddress for the IP address %s', async (address) => {
		const connection = { Timestamp: new Date(emulator.admin.now().getTime() - 60_000), DeviceId: device, DeviceName: huntingDevices[0], ActionType: 'ConnectionSuccess', RemoteIP: address, RemotePort: 443, RemoteUrl: '', LocalIP: '10.0.0.5', Protocol: 'Tcp', InitiatingProcessFileName: 'rundll32.exe', ReportId: 1 };
		emulator.admin.addHuntingRows('DeviceNetworkEvents', [connection, { ...connection, RemoteIP: '198.51.100.230' }]);
		const { json } = await runNode(investigate('devicesContactingAddress', address.toUpperCase()));
		expect(json).toEqual([expect.objectContaining({ RemoteIP: address, DeviceId: device, Connections: 1, Processes: ['rundll32.exe'] })]);
		expect(queriesSent()[0]).toContain(`RemoteIP in~ ("${address.toUpperCase()}")`);
	});

	it.each([
		['device', device, 'DeviceId'],
		['user', 'zoe.muller@contoso.example', 'AccountUpn'],
		['user', 'S-1-5-21-1721254763-462695806-1538882281-1100', 'AccountSid'],
		['file', powershell.sha256, 'SHA256'],
		['file', powershell.sha1, 'SHA1'],
		['address', 'evil.example', 'RemoteUrl'],
		['address', 'http://update-check.contoso-cdn.example/payload.ps1', 'RemoteUrl'],
	])('alertsForEntity for a %s (%s)', async (entityType, value, column) => {
		const { json } = await runNode(investigate('alertsForEntity', value, { entityType }));
		expect(json.length).toBeGreaterThan(0);
		expect(json.every((row) => String(row[column]).toLowerCase() === value.toLowerCase())).toBe(true);
		expect(json[0]).toEqual(expect.objectContaining({ AlertId: expect.any(String), Title: expect.any(String), FirstSeen: expect.any(String) }));
	});

	it('alertsForEntity refuses an MD5 before any request: alert evidence has no MD5', async () => {
		const { json } = await runNode(investigate('alertsForEntity', mimikatz.md5, { entityType: 'file' }), { continueOnFail: true });
		expect(json).toEqual([{ error: "Alert evidence records SHA-256 and SHA-1 hashes, not MD5: give the file's SHA-256 or SHA-1", tenantId: emulator.tenantId }]);
		expect(huntingRequests()).toHaveLength(0);
	});

	it('gives One Item per Input Item with the value, also when there are no rows', async () => {
		const unknown = 'a'.repeat(64);
		const { json } = await runNode([investigate('devicesWithFile', mimikatz.sha256, { options: { output: 'singleItem' } }), investigate('devicesWithFile', unknown, { options: { output: 'singleItem' } })]);
		expect(json).toHaveLength(2);
		expect(json[0]).toEqual(expect.objectContaining({ value: mimikatz.sha256, rowCount: expect.any(Number) }));
		expect(Number(json[0].rowCount)).toBeGreaterThan(0);
		expect(json[1]).toEqual(expect.objectContaining({ value: unknown, rows: [], rowCount: 0 }));
		expect(huntingRequests()).toHaveLength(1);
	});
});

describe('batching', () => {
	it("answers 100 alerts' hashes with one request and pairs every row with its item", async () => {
		const files = ['mimikatz.exe', 'powershell.exe', 'cmd.exe', 'rundll32.exe', 'certutil.exe'].map(knownFile);
		const hashes = Array.from({ length: 100 }, (_, index) => (index % 10 === 9 ? `${String(index).padStart(2, '0')}${'b'.repeat(62)}` : files[index % files.length].sha256));
		const { items } = await runNode(hashes.map((hash) => investigate('devicesWithFile', hash)));
		expect(huntingRequests()).toHaveLength(1);
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) {
			const itemIndex = itemOf(item);
			expect(String(item.json.SHA256).toLowerCase()).toBe(hashes[itemIndex]);
		}
		const answered = new Set(items.map((item) => itemOf(item)));
		expect(hashes.filter((_hash, index) => answered.has(index)).every((hash) => !hash.endsWith('b'.repeat(62)))).toBe(true);
		expect(answered.size).toBe(90);
	});

	it('sends one request per hash column and per Time Range', async () => {
		const { items } = await runNode([
			investigate('devicesWithFile', mimikatz.sha256),
			investigate('devicesWithFile', powershell.sha1),
			investigate('devicesWithFile', mimikatz.md5),
			investigate('devicesWithFile', powershell.sha256, { timespan: 'P7D' }),
			investigate('devicesWithFile', mimikatz.sha256.toUpperCase()),
		]);
		expect(huntingRequests()).toHaveLength(4);
		const bodies = huntingRequests().map((entry) => JSON.parse(entry.body) as IDataObject);
		expect(bodies.map((body) => body.Timespan).sort()).toEqual(['P30D', 'P30D', 'P30D', 'P7D']);
		expect(new Set(items.map((item) => itemOf(item)))).toEqual(new Set([0, 1, 2, 3, 4]));
		expect(queriesSent()[0]).toContain(`SHA256 in~ ("${mimikatz.sha256}")`);
	});

	it('fails only the item with a bad value, before any request, and answers the others', async () => {
		const { json } = await runNode([investigate('devicesWithFile', 'not-a-hash'), investigate('devicesWithFile', mimikatz.sha256)], { continueOnFail: true });
		expect(json[0]).toEqual({ error: expect.stringMatching(/^"not-a-hash" is not a file hash/), tenantId: emulator.tenantId });
		expect(json.length).toBeGreaterThan(1);
		expect(huntingRequests()).toHaveLength(1);
		expect(queriesSent()[0]).not.toContain('not-a-hash');
	});

	it('keeps Row Limit per item and says when the batch reached its row cap', async () => {
		const { json } = await runNode([device, machineIdOf(huntingDevices[1])].map((id) => investigate('deviceEvents', id, { options: { rowLimit: 2, output: 'singleItem' } })));
		expect(queriesSent()[0]).toContain('| take 4');
		for (const item of json) {
			expect(Number(item.rowCount)).toBeLessThanOrEqual(2);
			expect(item.notice).toMatch(/reached its row cap \(4 rows/);
		}
	});
});

describe('refusals', () => {
	it('says on the legacy API that Investigate needs Microsoft Graph, without a request', async () => {
		await expect(runNode(investigate('devicesWithFile', mimikatz.sha256), { api: 'legacy' })).rejects.toThrow(
			'Investigate is not available on the legacy Defender XDR API: switch the credential to Microsoft Graph',
		);
		expect(emulator.admin.requestLog().filter((entry) => entry.path.includes('advancedhunting'))).toHaveLength(0);
	});

	it('gives every item of a refused batch the permission message', async () => {
		const { json } = await runNode([investigate('devicesWithFile', mimikatz.sha256), investigate('devicesWithFile', powershell.sha256)], { appName: 'none', continueOnFail: true });
		expect(json).toHaveLength(2);
		for (const item of json) expect(String(item.error)).toContain('ThreatHunting.Read.All');
	});
});
