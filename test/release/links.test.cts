import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { MicrosoftDefenderXdrOAuth2Api } from '../../credentials/MicrosoftDefenderXdrOAuth2Api.credentials';
import { MicrosoftDefenderXdr } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node';
import nodeCodex from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdr.node.json';
import { MicrosoftDefenderXdrTrigger } from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node';
import triggerCodex from '../../nodes/MicrosoftDefenderXdr/MicrosoftDefenderXdrTrigger.node.json';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const homepage: string = packageJson.homepage;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let inFence = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*```/.test(line)) inFence = !inFence;
		const heading = !inFence && /^#{1,6} (.+?)\s*$/.exec(line);
		if (!heading) continue;
		const slug = heading[1]
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

const readmeAnchors = headingAnchors(readme);

/** What n8n's editor appends to codex links (n8n 2.41.1, useNodeDocsUrl: `${url}?${utm}`, a plain concatenation). */
const n8nTrackingQuery = new URLSearchParams({
	utm_source: 'n8n_app',
	utm_medium: 'node_settings_modal-credential_link',
	utm_campaign: 'n8n-nodes-microsoft-defender-xdr.microsoftDefenderXdr',
}).toString();

/** The node panel's Docs link as n8n builds it: the description's own http(s) URL as is, else the codex link plus tracking. */
function nodeDocsLinkShownByN8n(description: INodeTypeDescription, codex: typeof nodeCodex): string {
	if (description.documentationUrl?.startsWith('http')) return description.documentationUrl;
	return `${codex.resources.primaryDocumentation[0].url}?${n8nTrackingQuery}`;
}

/** The credential dialog's link as n8n builds it: tracking parameters only for docs.n8n.io, set through URL. */
function credentialDocsLinkShownByN8n(documentationUrl: string): string {
	const url = new URL(documentationUrl);
	if (url.hostname !== 'docs.n8n.io') return documentationUrl;
	url.searchParams.set('utm_source', 'n8n_app');
	return url.href;
}

/** The README section a link opens: '' for the README's top, otherwise the fragment, which must be a heading's anchor. */
function readmeSectionOf(link: string): string {
	const url = new URL(link);
	expect(`${url.origin}${url.pathname}`).toBe(homepage);
	return decodeURIComponent(url.hash.replace(/^#/, ''));
}

const codexLinks = [nodeCodex, triggerCodex].flatMap((codex) => [
	...codex.resources.primaryDocumentation,
	...codex.resources.credentialDocumentation,
]);

describe('the package identity', () => {
	const owner = new URL(homepage).pathname.split('/')[1];

	it('is one GitHub repository: homepage, repository, bugs and author all name it', () => {
		expect(homepage).toMatch(/^https:\/\/github\.com\/[\w-]+\/n8n-nodes-microsoft-defender-xdr$/);
		expect(packageJson.repository).toEqual({ type: 'git', url: `git+${homepage}.git` });
		expect(packageJson.bugs).toEqual({ url: `${homepage}/issues` });
		expect(packageJson.author.url).toBe(`https://github.com/${owner}`);
		expect(packageJson.author.email).toMatch(/^\S+@\S+\.\S+$/);
	});

	it('is the only GitHub home any tracked file gives the package', () => {
		const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
			.split('\0')
			.filter((file) => file && file !== 'package-lock.json' && !/\.(png|svg|tgz)$/.test(file));
		const homes = new Set<string>();
		for (const file of files) {
			for (const match of readFileSync(join(root, file), 'utf8').matchAll(
				/github\.com\/([\w-]+)\/n8n-nodes-microsoft-defender-xdr\b/g,
			)) {
				homes.add(match[1]);
			}
		}
		expect([...homes]).toEqual([owner]);
	});
});

describe('documentation links', () => {
	it('open the README section of what they document, where n8n shows them', () => {
		const credential = new MicrosoftDefenderXdrOAuth2Api();
		expect(readmeSectionOf(credentialDocsLinkShownByN8n(credential.documentationUrl))).toBe('credentials');
		expect(readmeSectionOf(nodeDocsLinkShownByN8n(new MicrosoftDefenderXdr().description, nodeCodex))).toBe(
			'microsoft-defender-xdr-node',
		);
		expect(readmeSectionOf(nodeDocsLinkShownByN8n(new MicrosoftDefenderXdrTrigger().description, triggerCodex))).toBe(
			'microsoft-defender-xdr-trigger',
		);
		for (const anchor of ['credentials', 'microsoft-defender-xdr-node', 'microsoft-defender-xdr-trigger']) {
			expect(readmeAnchors).toContain(anchor);
		}
	});

	it('in the codex files point at the README without an anchor, so the ?utm_… n8n appends cannot break one', () => {
		expect(codexLinks).toHaveLength(4);
		for (const { url } of codexLinks) {
			expect(url).toBe(homepage);
			expect(readmeSectionOf(`${url}?${n8nTrackingQuery}`)).toBe('');
		}
	});

	it('that carry an anchor name a heading of the README', () => {
		const anchored = [
			new MicrosoftDefenderXdrOAuth2Api().documentationUrl,
			new MicrosoftDefenderXdr().description.documentationUrl,
			new MicrosoftDefenderXdrTrigger().description.documentationUrl,
			...codexLinks.map(({ url }) => url),
		].filter((link): link is string => link?.includes('#') === true);
		expect(anchored.length).toBeGreaterThan(0);
		for (const link of anchored) expect(readmeAnchors).toContain(readmeSectionOf(link));
	});
});

describe('links inside the documents', () => {
	it('every #anchor the README links to is one of its headings', () => {
		const targets = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
		expect(targets.length).toBeGreaterThan(10);
		expect(targets.filter((target) => !readmeAnchors.has(target))).toEqual([]);
	});

	it('every README.md#anchor the changelog links to is a heading of the README', () => {
		const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
		const targets = [...changelog.matchAll(/\]\(README\.md#([^)]+)\)/g)].map((match) => match[1]);
		expect(targets.length).toBeGreaterThan(0);
		expect(targets.filter((target) => !readmeAnchors.has(target))).toEqual([]);
	});

	it('computes GitHub anchors as GitHub does for this README\'s punctuation', () => {
		const anchors = headingAnchors(
			"## Advanced Hunting → Run\n## The legacy API's switch-off on 2027-02-01\n## Troubleshooting (self-hosted)\n## Credentials\n```\n# not a heading\n```\n## Credentials\n",
		);
		expect([...anchors]).toEqual([
			'advanced-hunting--run',
			'the-legacy-apis-switch-off-on-2027-02-01',
			'troubleshooting-self-hosted',
			'credentials',
			'credentials-1',
		]);
	});
});
