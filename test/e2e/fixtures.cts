/**
 * Credentials and workflows for the real-n8n suites, written against the package's public contract (credential
 * fields, node type names, parameter names), exactly as a user's saved workflow would carry them.
 */
import type { CredentialFixture, WorkflowFixture } from '../../scripts/n8n/instance.cjs';
import { packageName } from '../../scripts/n8n/runtime.cjs';

export const credentialType = 'microsoftDefenderXdrOAuth2Api';
export const defenderNodeType = `${packageName}.microsoftDefenderXdr`;
export const triggerNodeType = `${packageName}.microsoftDefenderXdrTrigger`;

export type ApiName = 'graph' | 'legacy';

/** What the fixtures need from the emulator (a subset of what startEmulator() returns). */
export interface EmulatorEndpoints {
	baseUrl: string;
	tenantId: string;
	apps: Array<{
		name: string;
		clientId: string;
		clientSecret?: string;
		certificatePem?: string;
		privateKeyPem?: string;
	}>;
}

function app(emulator: EmulatorEndpoints, name: string): EmulatorEndpoints['apps'][number] {
	const found = emulator.apps.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`The emulator has no app named ${name}`);
	return found;
}

function emulatorCloud(emulator: EmulatorEndpoints, api: ApiName): Record<string, string> {
	return {
		tenantId: emulator.tenantId,
		cloud: 'custom',
		customLoginUrl: emulator.baseUrl,
		customApiUrl: emulator.baseUrl,
		api,
	};
}

/** Application mode with a client secret, for one of the emulator's apps ('full', 'readonly', 'none'). */
export function secretCredential(
	emulator: EmulatorEndpoints,
	api: ApiName,
	appName = 'full',
	id = `secret-${appName}-${api}`,
): CredentialFixture {
	const { clientId, clientSecret } = app(emulator, appName);
	return {
		id,
		name: `Defender ${appName} app (secret, ${api})`,
		type: credentialType,
		data: {
			grantType: 'clientCredentials',
			clientCredentialType: 'clientSecret',
			clientId,
			clientSecret,
			...emulatorCloud(emulator, api),
		},
	};
}

/** Application mode signing in with a certificate (n8n core builds the private_key_jwt assertion). */
export function certificateCredential(emulator: EmulatorEndpoints, api: ApiName): CredentialFixture {
	const { clientId, certificatePem, privateKeyPem } = app(emulator, 'certificate');
	return {
		id: `certificate-${api}`,
		name: `Defender certificate app (${api})`,
		type: credentialType,
		data: {
			grantType: 'clientCredentials',
			clientCredentialType: 'certificate',
			clientId,
			certificate: certificatePem,
			privateKey: privateKeyPem,
			...emulatorCloud(emulator, api),
		},
	};
}

/** Delegated mode (authorization code); connected later through n8n's OAuth2 callback. */
export function delegatedCredential(emulator: EmulatorEndpoints, api: ApiName): CredentialFixture {
	const { clientId, clientSecret } = app(emulator, 'delegated');
	return {
		id: `delegated-${api}`,
		name: `Defender delegated (${api})`,
		type: credentialType,
		data: {
			grantType: 'authorizationCode',
			clientId,
			clientSecret: clientSecret ?? '',
			permissionLevel: 'readWrite',
			...emulatorCloud(emulator, api),
		},
	};
}

export interface DefenderStep {
	/** Node name; tests read the node's output by it. */
	name: string;
	parameters: Record<string, unknown>;
}

export function locator(value: string): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value };
}

function credentialReference(credential: CredentialFixture): Record<string, { id: string; name: string }> {
	return { [credentialType]: { id: credential.id, name: credential.name } };
}

/**
 * A Manual Trigger feeding every step side by side (each gets the one trigger item), stacked top to bottom so
 * n8n runs them in the listed order. Every step continues on error, so one failing step shows up as an error
 * item and the others still run.
 */
export function manualWorkflow(
	id: string,
	credential: CredentialFixture,
	steps: DefenderStep[],
): WorkflowFixture {
	const trigger = {
		id: `${id}-trigger`,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const defenderNodes = steps.map((step, index) => ({
		id: `${id}-step-${index}`,
		name: step.name,
		type: defenderNodeType,
		typeVersion: 1,
		position: [300, index * 200],
		parameters: step.parameters,
		credentials: credentialReference(credential),
		onError: 'continueRegularOutput',
	}));
	return {
		id,
		name: `E2E ${id}`,
		active: false,
		nodes: [trigger, ...defenderNodes],
		connections: {
			Start: { main: [steps.map((step) => ({ node: step.name, type: 'main', index: 0 }))] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** A polling trigger workflow (publish it, then `n8n start`): the trigger feeds a No Op node. */
export function triggerWorkflow(
	id: string,
	credential: CredentialFixture,
	parameters: Record<string, unknown>,
): WorkflowFixture {
	return {
		id,
		name: `E2E ${id}`,
		active: false,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Defender Trigger',
				type: triggerNodeType,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: credentialReference(credential),
			},
			{
				id: `${id}-received`,
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [300, 0],
				parameters: {},
			},
		],
		connections: { 'Defender Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
