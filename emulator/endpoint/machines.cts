import { createHash } from 'node:crypto';

import { defenderTimestamp } from '../clock.cjs';
import { SeededRandom } from '../random.cjs';

/**
 * Devices as the Defender for Endpoint API shows them (defender-endpoint-api.md section 3.8). A device's ID is
 * the same 40-hex value the hunting tables carry as DeviceId, so a hunting result leads to the device.
 */

export function machineIdOf(computerDnsName: string): string {
	return createHash('sha1').update(`machine:${computerDnsName}`).digest('hex');
}

export const healthStatuses = ['Active', 'Inactive', 'ImpairedCommunication', 'NoSensorData', 'NoSensorDataImpairedCommunication', 'Unknown'] as const;
export const riskScores = ['None', 'Informational', 'Low', 'Medium', 'High'] as const;
export const exposureLevels = ['None', 'Low', 'Medium', 'High'] as const;
export const osPlatforms = ['Windows10', 'Windows11', 'WindowsServer2019', 'WindowsServer2022', 'Linux', 'macOS'] as const;

export interface StoredMachine {
	id: string;
	computerDnsName: string;
	firstSeen: Date;
	lastSeen: Date;
	osPlatform: string;
	osBuild: number | null;
	version: string;
	lastIpAddress: string;
	lastExternalIpAddress: string;
	healthStatus: string;
	riskScore: string;
	exposureLevel: string;
	deviceValue: string;
	rbacGroupId: number;
	rbacGroupName: string;
	aadDeviceId: string | null;
	machineTags: string[];
}

/** The Machine entity with the documented fields, in the documented order. */
export function machineEntity(machine: StoredMachine): Record<string, unknown> {
	return {
		id: machine.id,
		computerDnsName: machine.computerDnsName,
		firstSeen: defenderTimestamp(machine.firstSeen),
		lastSeen: defenderTimestamp(machine.lastSeen),
		osPlatform: machine.osPlatform,
		version: machine.version,
		osProcessor: 'x64',
		osArchitecture: '64-bit',
		osBuild: machine.osBuild,
		lastIpAddress: machine.lastIpAddress,
		lastExternalIpAddress: machine.lastExternalIpAddress,
		ipAddresses: [
			{ ipAddress: machine.lastIpAddress, macAddress: macOf(machine.id), type: 'Ethernet', operationalStatus: 'Up' },
			{ ipAddress: '127.0.0.1', macAddress: '', type: 'SoftwareLoopback', operationalStatus: 'Up' },
		],
		healthStatus: machine.healthStatus,
		onboardingStatus: 'Onboarded',
		rbacGroupId: machine.rbacGroupId,
		rbacGroupName: machine.rbacGroupName,
		riskScore: machine.riskScore,
		exposureLevel: machine.exposureLevel,
		deviceValue: machine.deviceValue,
		isAadJoined: machine.aadDeviceId !== null,
		aadDeviceId: machine.aadDeviceId,
		machineTags: [...machine.machineTags],
	};
}

function macOf(id: string): string {
	return id.slice(0, 12).toUpperCase().match(/../g)!.join('-');
}

const deviceGroups = [
	{ id: 140, name: 'Workstations' },
	{ id: 141, name: 'Servers' },
	{ id: 142, name: 'Kiosks' },
];

/** The devices the hunting tables name come first, then generated workstations up to `count`. */
export function seedMachines(options: { seed: number; now: Date; huntingDevices: readonly string[]; count?: number }): StoredMachine[] {
	const random = new SeededRandom(options.seed * 53 + 5);
	const names = [...options.huntingDevices];
	for (let index = names.length; index < (options.count ?? 40); index++) names.push(`ws-${String(1000 + index)}.contoso.example`);
	const day = 24 * 3600_000;
	return names.map((computerDnsName, index) => {
		const server = /^(srv|fs)-/.test(computerDnsName);
		const group = server ? deviceGroups[1] : computerDnsName.startsWith('kiosk') ? deviceGroups[2] : deviceGroups[0];
		const osPlatform = server ? random.pick(['WindowsServer2019', 'WindowsServer2022']) : random.pick(['Windows10', 'Windows11', 'Windows11', 'Linux', 'macOS']);
		const lastSeen = new Date(options.now.getTime() - random.integer(0, 3 * day));
		return {
			id: machineIdOf(computerDnsName),
			computerDnsName,
			firstSeen: new Date(lastSeen.getTime() - random.integer(30, 400) * day),
			lastSeen,
			osPlatform,
			osBuild: osPlatform.startsWith('Windows') ? random.pick([19045, 22631, 17763, 20348]) : null,
			version: osPlatform.startsWith('Windows') ? random.pick(['22H2', '23H2', '1809', '21H2']) : random.pick(['22.04', '14.5']),
			lastIpAddress: `10.0.${1 + (index % 8)}.${10 + index}`,
			lastExternalIpAddress: `198.51.100.${10 + (index % 200)}`,
			healthStatus: index < options.huntingDevices.length ? 'Active' : random.pick(['Active', 'Active', 'Active', 'Inactive', 'ImpairedCommunication', 'NoSensorData']),
			riskScore: random.pick(riskScores),
			exposureLevel: random.pick(exposureLevels),
			deviceValue: server ? 'High' : random.pick(['Normal', 'Normal', 'Low']),
			rbacGroupId: group.id,
			rbacGroupName: group.name,
			aadDeviceId: server ? null : `${createHash('md5').update(computerDnsName).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`,
			machineTags: server ? ['server'] : random.chance(0.3) ? ['vip'] : [],
		};
	});
}
