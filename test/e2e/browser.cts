/**
 * n8n's editor in a real browser for the real-n8n suites: Debian's Chromium driven by playwright-core, signed in
 * as the instance owner. A failing step leaves a screenshot in test-artifacts/ (kept by CI) next to the ones the
 * tests take on purpose.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import type { OwnerAccount } from '../../scripts/n8n/rest.cjs';
import { repositoryRoot } from '../../scripts/n8n/runtime.cjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifactsFolder = join(repositoryRoot, 'test-artifacts');

export function artifactPath(fileName: string): string {
	mkdirSync(artifactsFolder, { recursive: true });
	return join(artifactsFolder, fileName);
}

/** Signs in to the editor at baseUrl and hands the page to `use`; screenshots `failureShot` if `use` throws. */
export async function withSignedInEditor(
	baseUrl: string,
	owner: OwnerAccount,
	failureShot: string,
	use: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
	if (!existsSync(chromiumPath)) {
		throw new Error(`Chromium is missing at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`);
	}
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
		const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
		const page = await context.newPage();
		await page.goto(`${baseUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(owner.email);
		await page.locator('input[type="password"]').first().fill(owner.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
		await use(page, context);
	} catch (error) {
		const pages = browser?.contexts().flatMap((context) => context.pages()) ?? [];
		await pages[0]?.screenshot({ path: artifactPath(failureShot) }).catch(() => undefined);
		throw error;
	} finally {
		await browser?.close();
	}
}
