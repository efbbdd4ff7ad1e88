// Issue 18 as instructors, moderators and admins meet it, in a real browser against the whole
// platform of journeys.browser-spec.ts (which calls teachingJourneys inside its describe, so that
// one platform serves every journey).
import type { RunningPlatform } from '@platform/testing';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { signIn } from './support/session';

/** A new course from the Teach page's form; leaves the page on its editor. */
export async function createCourse(page: Page, baseUrl: string, title: string): Promise<string> {
  await page.goto(`${baseUrl}/teach`);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Made by the teaching journey test.');
  await page.getByRole('button', { name: 'Create course' }).click();
  await page.getByRole('heading', { level: 1, name: `Edit “${title}”` }).waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

export async function addSection(page: Page, title: string): Promise<void> {
  await page.getByLabel('New section title').fill(title);
  await page.getByRole('button', { name: 'Add section' }).click();
  await page.getByRole('group', { name: `Section “${title}”` }).waitFor();
}

export async function addTextLesson(page: Page, section: string, title: string): Promise<void> {
  await page.getByRole('button', { name: `Add a lesson to “${section}”` }).click();
  await page.getByRole('heading', { level: 1, name: 'New reading lesson' }).waitFor();
  await page.getByLabel('Lesson title').fill(title);
  await page.getByLabel('Content').fill(`What “${title}” is about.`);
  await page.getByRole('button', { name: 'Create lesson' }).click();
  await page.getByRole('link', { name: title, exact: true }).waitFor();
}

/** The journeys, run against the platform and browser `context` gives once they are up. */
export function teachingJourneys(context: () => { platform: RunningPlatform; browser: Browser; runId: string }): void {
  let platform: RunningPlatform;
  let browser: Browser;
  let runId: string;
  beforeEach(() => {
    ({ platform, browser, runId } = context());
  });

  it('teaching: an instructor previews a draft, sees what blocks publishing, publishes, unpublishes, archives and restores; an enrolled learner keeps their progress', async () => {
    const page = await browser.newPage();
    const learnerBrowser = await launchBrowser(); // another person, another browser
    const learner = await learnerBrowser.newPage();
    await withScreenshotsOnFailure(browser, 'teaching-lifecycle', async () => {
      const title = `Lifecycle course ${runId}`;
      await signIn(page, platform.url, 'instructor@demo.local', platform.demoPassword);
      const courseId = await createCourse(page, platform.url, title);
      await addSection(page, 'Basics');
      await addSection(page, 'Later');
      await addTextLesson(page, 'Basics', 'Welcome');

      // Publishing lists what blocks it.
      await page.getByRole('button', { name: 'Publish course' }).click();
      const blockers = page.getByRole('list', { name: 'What blocks publishing' });
      await blockers.waitFor();
      expect(await blockers.getByRole('listitem').allTextContents()).toEqual(['Section “Later” has no lessons']);
      await screenshot(page, 'teaching-publish-blocked');

      // The draft as a learner sees it: lessons open, nothing to enrol in.
      await page.getByRole('link', { name: 'Preview as a learner' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByText('Preview as a learner: this course is not published').waitFor();
      expect(await page.getByRole('button', { name: /Enrol/ }).count()).toBe(0);
      await page.getByRole('link', { name: 'Welcome', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
      await page.getByText('What “Welcome” is about.').waitFor();
      expect(await page.getByText('to track your progress').count()).toBe(0);
      await screenshot(page, 'teaching-preview-lesson');

      await page.goto(`${platform.url}/teach/courses/${courseId}`);
      page.once('dialog', (dialog) => void dialog.accept());
      await page
        .getByRole('group', { name: 'Section “Later”' })
        .getByRole('button', { name: 'Delete section' })
        .click();
      await page.getByRole('group', { name: 'Section “Later”' }).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Publish course' }).click();
      await page.getByText('The course is published.').waitFor();

      // A learner enrols and completes the lesson.
      await signIn(learner, platform.url, 'learner@demo.local', platform.demoPassword);
      await learner.goto(`${platform.url}/courses/${courseId}`);
      await learner.getByRole('button', { name: 'Enrol in this course' }).click();
      await learner.getByRole('link', { name: 'Start: Welcome' }).click();
      await learner.getByRole('button', { name: 'Mark as complete' }).click();
      await learner.getByText('Lesson completed').waitFor();

      await page.getByRole('button', { name: 'Unpublish' }).click();
      await page.getByText('The course is unpublished').waitFor();
      await page.locator('.badge-draft', { hasText: 'Draft' }).waitFor();

      // The learner's progress stays, under the course's own title, though the catalogue no longer has it.
      const card = learner.locator('li.course-card', { hasText: title });
      await expectEventually(learner, async () => {
        await learner.goto(`${platform.url}/my-learning`);
        await card.waitFor();
        return (await card.getByText('No longer offered').count()) === 1;
      });
      expect(Number(await card.locator('progress').getAttribute('value'))).toBe(100);
      await screenshot(learner, 'teaching-learner-after-unpublish');

      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Archive' }).click();
      await page.getByText('The course is archived.').waitFor();
      await page.locator('.badge-archived', { hasText: 'Archived' }).waitFor();
      expect(await page.getByRole('button', { name: 'Publish course' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Restore as draft' }).click();
      await page.getByText('Restored as a draft.').waitFor();
      await page.getByRole('button', { name: 'Publish course' }).waitFor();
    });
    await page.close();
    expect(learnerBrowser.takeCspViolations()).toEqual([]);
    await learnerBrowser.close();
  });
}

/** Re-checks `condition` (which may reload the page) until it holds, for up to 20 s. */
async function expectEventually(page: Page, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms on ${page.url()}`);
    await page.waitForTimeout(500);
  }
}
