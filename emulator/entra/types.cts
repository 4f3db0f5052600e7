/** The shapes the emulator's Entra ID shares with the HTTP server and the Defender API routes. */

export interface AppRegistration {
	/** 'full' | 'readonly' | 'none' | 'certificate' | 'delegated' in the default tenant. */
	name: string;
	clientId: string;
	clientSecret?: string;
	/** X.509 PEM; client assertions are verified against its public key and thumbprints (x5t, x5t#S256). */
	certificatePem?: string;
	/** Kept only so tests and the command line can hand it to a client; the service never reads it. */
	privateKeyPem?: string;
	/** Application permissions with admin consent; they become the token's `roles`. */
	applicationPermissions: { graph: string[]; legacy: string[]; endpoint?: string[] };
	/** Delegated permissions configured on the registration: what `<resource>/.default` grants a signed-in user. */
	delegatedPermissions?: { graph: string[]; legacy: string[]; endpoint?: string[] };
	/** "Allow public client flows": the code and refresh grants may be redeemed without a secret (appidacr 0). */
	publicClient?: boolean;
}

export interface UserAccount {
	userPrincipalName: string;
	objectId: string;
	displayName: string;
	/** Enforced by the API layer, which finds the user with EntraService.getUser(objectId). */
	defenderRole: 'reader' | 'operator';
	/** What the user answers on the consent screen. */
	consent: 'grant' | 'refuse';
}

export interface EntraOptions {
	tenantId: string;
	/** A verified domain such as 'contoso.example'; URLs may name the tenant by either. */
	tenantDomain: string;
	apps: AppRegistration[];
	users: UserAccount[];
	/** The emulator's controllable clock: it stamps iat/nbf/exp and decides expiry. */
	now: () => Date;
	/** Default 3600. */
	tokenLifetimeSeconds?: number;
}

/** The emulator's one request/answer shape, shared with the Defender API routes. */
export type { HttpAnswer, HttpExchange } from '../http.cjs';

export type TokenRejection = 'missing' | 'malformed' | 'badSignature' | 'expired' | 'wrongTenant' | 'wrongAudience' | 'revoked';

export type TokenCheck =
	| { ok: true; claims: Record<string, unknown>; kind: 'application' | 'delegated'; permissions: string[]; user?: UserAccount; app: AppRegistration }
	| { ok: false; reason: TokenRejection };

/** The Defender surfaces an access token can be for: Graph, the legacy XDR API, Defender for Endpoint (WindowsDefenderATP). */
export type ApiName = 'graph' | 'legacy' | 'endpoint';
