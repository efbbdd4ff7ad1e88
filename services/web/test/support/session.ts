// Signing in through the app's own form, as a person does.
import type { Page } from 'playwright-core';

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await trySignIn(page, baseUrl, email, password);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Every answer of the platform's API with a 4xx or 5xx status seen by the page from now on. */
export function failedApiCalls(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname.startsWith('/api/'))
      failed.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return failed;
}

/** Creates an account through the sign-up form; the confirmation mail is then in the mail catcher. */
export async function signUp(
  page: Page,
  baseUrl: string,
  account: { displayName: string; email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('Display name').fill(account.displayName);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your inbox' }).waitFor();
}

/** Submits the sign-in form without expecting it to work (e.g. an unconfirmed account). */
export async function trySignIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
}
