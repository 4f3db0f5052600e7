import type { CredentialSettings } from '../model/clouds';
import {
	apiDisplayName,
	apiOfAudience,
	endpointAudiences,
	endpointPermissions,
	endpointRegistrationName,
	endpointRegistrationPath,
	grantKindOf,
	type EndpointOperation,
} from '../model/permissions';
import { explainRefusal, type AccessExplanation } from './accessFailure';

export interface EndpointAccessFailure {
	operation: EndpointOperation;
	status: 401 | 403;
	apiMessage?: string;
	accessToken?: unknown;
	settings: Omit<CredentialSettings, 'api'> & { clientId?: string };
	now?: Date;
}

const endpointDisplayName = 'the Microsoft Defender for Endpoint API (WindowsDefenderATP)';

/**
 * Why the Defender for Endpoint API refused a request: the WindowsDefenderATP permission missing and where to
 * grant it ("APIs my organization uses" > "WindowsDefenderATP", then admin consent), the Defender role a
 * signed-in user lacks, or a token for another API.
 */
export function explainEndpointAccessFailure(failure: EndpointAccessFailure): AccessExplanation {
	const requirement = endpointPermissions[failure.operation];
	const kind = grantKindOf(failure.settings.grantType);
	return explainRefusal(failure, {
		action: requirement.phrase,
		required: kind === 'application' ? requirement.application : requirement.delegated,
		product: 'Microsoft Defender for Endpoint',
		registrationName: endpointRegistrationName,
		registrationPath: `${endpointRegistrationPath} (search for WindowsDefenderATP; it is not in the default list)`,
		apiDisplayName: endpointDisplayName,
		foreignAudience: (audience) => {
			const normalized = String(audience ?? '').replace(/\/+$/, '').toLowerCase();
			if (endpointAudiences.includes(normalized)) return undefined;
			const tokenApi = apiOfAudience(audience);
			return tokenApi ? apiDisplayName[tokenApi] : `the audience "${audience ?? 'none'}"`;
		},
		roleAdvice: `A signed-in user also needs the Defender role permission "${requirement.role}" (Microsoft Defender portal > Settings > Endpoints > Roles) and access to the device's device group.`,
		roleAdviceWithPermission: true,
	});
}
