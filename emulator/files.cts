import { createHash } from 'node:crypto';

/**
 * The files the seeded data names, each with one fixed set of hashes, so a hash read from an alert's evidence
 * finds the same file in the hunting tables (DeviceFileEvents, AlertEvidence), as it would in Defender.
 */
export interface KnownFile {
	md5: string;
	sha1: string;
	sha256: string;
}

export function knownFile(fileName: string): KnownFile {
	const digest = (algorithm: string) => createHash(algorithm).update(`file:${fileName.toLowerCase()}`).digest('hex');
	return { md5: digest('md5'), sha1: digest('sha1'), sha256: digest('sha256') };
}
