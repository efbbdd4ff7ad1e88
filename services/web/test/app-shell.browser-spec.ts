// The built app without any backend: pages render, are labelled and keyboard-usable, and API
// failures reach the person as the API's own message.
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { BACKEND_DOWN_MESSAGE, serveStatic } from './support/static-server';
import { ensureWebBuild, WEB_DIST } from './support/web-build';

let browser: Browser;
let server: { url: string; close(): Promise<void> };
let page: Page;

beforeAll(async () => {
  ensureWebBuild();
  server = await serveStatic(WEB_DIST);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
});

afterEach(async () => {
  await page.close();
});

describe('the app shell (built, served statically, no backend)', () => {
  it('shows the sign-in page with labelled fields and landmarks', async () => {
    await withScreenshotsOnFailure(browser, 'shell-sign-in', async () => {
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('E-mail').fill('learner@demo.local');
      await page.getByLabel('Password').fill('not-the-password');
      expect(await page.getByRole('banner').count()).toBe(1);
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1);
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.getByRole('contentinfo').count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Forgot your password?' }).getAttribute('href')).toBe(
        '/forgot-password',
      );
      expect(await page.title()).toBe('Sign in · Learning platform');
      await screenshot(page, 'shell-sign-in');
    });
  });

  it('shows the API error message when signing in fails', async () => {
    await withScreenshotsOnFailure(browser, 'shell-sign-in-error', async () => {
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('E-mail').fill('learner@demo.local');
      await page.getByLabel('Password').fill('demo-password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(BACKEND_DOWN_MESSAGE);
      await screenshot(page, 'shell-sign-in-error');
    });
  });

  it('can be used with the keyboard: skip link first, then the navigation', async () => {
    await withScreenshotsOnFailure(browser, 'shell-keyboard', async () => {
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // Following a link by keyboard moves focus to the new page's heading.
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('link', { name: 'Create an account' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      await screenshot(page, 'shell-sign-up');
    });
  });

  it('shows the catalogue with its search form and the error of an unavailable catalog', async () => {
    await withScreenshotsOnFailure(browser, 'shell-catalogue', async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { level: 1, name: 'Course catalogue' }).waitFor();
      await page.getByRole('searchbox', { name: 'Search courses' }).waitFor();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain(BACKEND_DOWN_MESSAGE);
      await screenshot(page, 'shell-catalogue-backend-down');
    });
  });

  it('sends signed-out people from private pages to sign in, and back afterwards', async () => {
    await withScreenshotsOnFailure(browser, 'shell-private', async () => {
      await page.goto(`${server.url}/my-learning`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).search).toBe(`?next=${encodeURIComponent('/my-learning')}`);
    });
  });

  it('lands the e-mail links: verify-email and reset-password', async () => {
    await withScreenshotsOnFailure(browser, 'shell-mail-links', async () => {
      await page.goto(`${server.url}/verify-email?token=abc`);
      await page.getByRole('heading', { level: 1, name: 'Confirm your e-mail' }).waitFor();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain(BACKEND_DOWN_MESSAGE);

      await page.goto(`${server.url}/reset-password?token=abc`);
      await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
      await page.getByLabel('New password', { exact: true }).fill('another-password-1');
      await page.getByLabel('Repeat the new password').fill('different-password');
      await page.getByRole('button', { name: 'Set new password' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('The two passwords do not match.');
      await screenshot(page, 'shell-reset-password');
    });
  });

  it("says identity's real password rule where a password is chosen", async () => {
    for (const [path, label] of [
      ['/sign-up', 'Password'],
      ['/reset-password?token=abc', 'New password'],
    ]) {
      await page.goto(`${server.url}${path}`);
      const field = page.getByLabel(label, { exact: true });
      expect(await field.getAttribute('minlength')).toBe('10');
      const hint = page.locator(`#${(await field.getAttribute('aria-describedby'))!.split(' ')[0]}`);
      expect(await hint.textContent()).toMatch(/^At least 10 characters\. Common or easily guessed passwords/);
    }
  });

  it('answers unknown paths with a not-found page', async () => {
    await page.goto(`${server.url}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });

  it('offers the catalogue’s filters and sort order, kept in the address', async () => {
    await withScreenshotsOnFailure(browser, 'shell-catalogue-filters', async () => {
      await page.goto(`${server.url}/?category=security&sort=title`);
      await page.getByRole('heading', { level: 1, name: 'Course catalogue' }).waitFor();
      const category = page.getByLabel('Category');
      expect(await category.inputValue()).toBe('security');
      expect(await page.getByLabel('Sort by').inputValue()).toBe('title');
      await category.selectOption({ label: 'Programming' });
      await page.waitForURL((url) => url.searchParams.get('category') === 'programming');
      expect(new URL(page.url()).searchParams.get('sort')).toBe('title');
      // An unknown category in a shared link is ignored, not sent.
      await page.goto(`${server.url}/?category=<script>`);
      expect(await page.getByLabel('Category').inputValue()).toBe('');
    });
  });

  it('fits a phone screen: the navigation folds into a menu button', async () => {
    await withScreenshotsOnFailure(browser, 'shell-phone', async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      await page.goto(`${server.url}/sign-in`);
      const menu = page.getByRole('button', { name: 'Menu' });
      await menu.waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      // The label stays readable after the tap (a touch leaves the button hovered): white on blue.
      expect(await menu.evaluate((button) => getComputedStyle(button).color)).toBe('rgb(255, 255, 255)');
      expect(await menu.isVisible()).toBe(true);
      await page.getByRole('link', { name: 'Sign up' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      await screenshot(page, 'shell-phone-menu');
    });
  });
});
