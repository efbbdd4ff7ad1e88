// Debian's Chromium driven by playwright-core (no browser download): one headless browser with a
// fresh, empty profile per launch, i.e. per person. Its tabs share the session, as a person's do
// (identity's cookie), so a second person needs a browser of their own.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SCREENSHOT_DIR = join(REPOSITORY_ROOT, 'test-output', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab; console errors and failed requests are collected for failure messages. */
  newPage(): Promise<Page>;
  /** Content-Security-Policy violations reported in any tab since the last call (and forgets them). */
  takeCspViolations(): string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'web-browser-test-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  // Every violation of the page's CSP, as the page itself sees it (securitypolicyviolation) and as
  // Chromium reports it on the console.
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
    );
  });
  context.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('CSP violation:') || text.includes('Content Security Policy')) violations.push(text);
  });
  // The persistent context opens a first tab itself; tests open their own.
  for (const page of context.pages()) await page.close();
  return {
    context,
    newPage: () => context.newPage(),
    takeCspViolations: () => violations.splice(0),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function fileName(name: string): string {
  return name
    .replace(/[^a-z0-9-]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${fileName(name)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs a journey; on failure saves a screenshot of every open page as
 * test-output/screenshots/FAILED-<journey>-<n>.png and adds the paths to the error.
 */
export async function withScreenshotsOnFailure(
  browser: Browser,
  journey: string,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    const saved: string[] = [];
    for (const [index, page] of browser.context.pages().entries()) {
      saved.push(await screenshot(page, `FAILED-${journey}-${index + 1}`).catch((e: Error) => `(none: ${e.message})`));
    }
    if (error instanceof Error) error.message += `\nscreenshots: ${saved.join(', ')}`;
    throw error;
  }
}
