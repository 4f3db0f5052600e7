import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { cloudEndpoints } from './clouds';
import { quotedForMessage } from './values';

/*
 * Incident and alert references as users give them: picked from the list, typed as an ID, or pasted as a
 * Defender portal link. Parsing is strict because the ID ends up in a request path.
 */

/** Defender portal hosts: each cloud's (commercial and GCC, GCC High, DoD), and the multi-tenant view. */
const portalHosts = new Set([
	...Object.values(cloudEndpoints).map((endpoints) => new URL(endpoints.portal).hostname),
	'mto.security.microsoft.com',
]);

const maximumReferenceLength = 2048;

export interface ReferenceKind {
	/** "incident" or "alert", for messages. */
	noun: string;
	/** The ID's pattern without anchors; the resource locator's regexes are built from it too. */
	idPattern: string;
	idExample: string;
	/** Path prefixes of portal pages that show one item, followed by its ID. */
	portalPaths: string[];
	linkExample: string;
}

export const incidentReference: ReferenceKind = {
	noun: 'incident',
	idPattern: '\\d{1,19}',
	idExample: '924521',
	portalPaths: ['incidents', 'incident2'],
	linkExample: 'https://security.microsoft.com/incidents/924521',
};

export const alertReference: ReferenceKind = {
	noun: 'alert',
	// Defender alert IDs are letters, digits, '_' and '-' (e.g. da637551227677560813_-961444813).
	idPattern: '[A-Za-z0-9_-]{1,200}',
	idExample: 'da637551227677560813_-961444813',
	portalPaths: ['alerts'],
	linkExample: 'https://security.microsoft.com/alerts/da637551227677560813_-961444813',
};

/** The ID a reference names, or why it names none (a message for the user). */
export type ReferenceResult = { id: string } | { problem: string };

function idFromPortalLink(link: string, kind: ReferenceKind): ReferenceResult {
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : `https://${link}`;
	if (!URL.canParse(withScheme)) {
		return { problem: `${quotedForMessage(link)} is not a link. Paste a Defender portal link like ${kind.linkExample}` };
	}
	const url = new URL(withScheme);
	if (url.protocol !== 'https:' || !portalHosts.has(url.hostname) || url.username || url.password || url.port) {
		return { problem: `${quotedForMessage(link)} is not a Microsoft Defender portal link. Paste a link like ${kind.linkExample}` };
	}
	const [section, id] = url.pathname.split('/').slice(1);
	if (!kind.portalPaths.includes(section) || id === undefined || id === '') {
		return {
			problem: `${quotedForMessage(link)} does not link to one ${kind.noun}. Open the ${kind.noun} in the Defender portal and copy its link, like ${kind.linkExample}`,
		};
	}
	return validatedId(id, kind);
}

function validatedId(id: string, kind: ReferenceKind): ReferenceResult {
	if (new RegExp(`^${kind.idPattern}$`).test(id)) return { id };
	return { problem: `${quotedForMessage(id)} is not a valid ${kind.noun} ID. Enter an ID like ${kind.idExample}` };
}

/** Reads a resource locator value (or a plain ID from an expression) strictly, because the ID goes into a path. */
export function parseReference(
	locator: INodeParameterResourceLocator | string | number,
	kind: ReferenceKind,
): ReferenceResult {
	const { mode, value } =
		typeof locator === 'object' && locator !== null ? locator : { mode: 'id', value: locator };
	const text = String(value ?? '').trim();
	if (text === '') return { problem: `Choose the ${kind.noun}: no ${kind.noun} ID or link was given` };
	if (text.length > maximumReferenceLength) {
		return { problem: `The ${kind.noun} reference is too long to be an ID or a portal link` };
	}
	// A link pasted into the ID box is still a clear reference.
	if (mode === 'url' || /^https?:\/\//i.test(text)) return idFromPortalLink(text, kind);
	return validatedId(text, kind);
}

function escapedForRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the resource locator's "By ID" box accepts, as n8n's regex validation text. */
export function idRegex(kind: ReferenceKind): string {
	return `^\\s*${kind.idPattern}\\s*$`;
}

/** What the resource locator's "By URL" box accepts: an item page of any Defender portal host. */
export function portalLinkRegex(kind: ReferenceKind): string {
	const hosts = [...portalHosts].map(escapedForRegex).join('|');
	const paths = kind.portalPaths.map(escapedForRegex).join('|');
	return `^\\s*https://(?:${hosts})/(?:${paths})/${kind.idPattern}(?:[/?#].*)?$`;
}
