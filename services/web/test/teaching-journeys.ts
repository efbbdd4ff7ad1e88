// Teaching and running courses as instructors, moderators and admins meet it, in a real browser against the whole
// platform of journeys.browser-spec.ts (which calls teachingJourneys inside its describe, so that
// one platform serves every journey).
import type { RunningPlatform } from '@platform/testing';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { linkFromMail, mailWithSubject, newLinkFromMail } from './support/mail';
import { makePng } from './support/png';
import { signIn, signUp, trySignIn } from './support/session';

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

      // The instructor's figures: one learner, done, and the funnel and chart that show it.
      await page.reload();
      await page.getByRole('link', { name: 'Learner stats' }).click();
      await page.getByRole('heading', { level: 1, name: `Learners in “${title}”` }).waitFor();
      const figures = page.locator('dl.figures');
      expect(await figures.locator('dd').allTextContents()).toEqual(['1', '1', '100 %']);
      const funnel = page.getByRole('table', { name: 'Where learners stop' });
      expect(
        await funnel
          .getByRole('row', { name: /Welcome/ })
          .getByRole('cell')
          .textContent(),
      ).toBe('1 (100 %)');
      await page.getByRole('img', { name: /Enrolments over time: 1 in all/ }).waitFor();
      await screenshot(page, 'teaching-stats');
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: title }).click();

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

  it('teaching: an admin manages every course from the Teach page, and disables, enables, re-mails and re-roles an account', async () => {
    const page = await browser.newPage();
    const personBrowser = await launchBrowser();
    const person = await personBrowser.newPage();
    await withScreenshotsOnFailure(browser, 'teaching-admin', async () => {
      // Someone signs up and loses the first mail.
      const email = `admin-journey-${runId}@example.test`;
      const password = 'a-good-long-password-2';
      await signUp(person, platform.url, { displayName: 'Ben Person', email, password });
      const firstLink = await linkFromMail(platform.mailApi, email);

      await signIn(page, platform.url, 'admin@demo.local', platform.demoPassword);
      // Every course, whoever teaches it, drafts included; filtered by status and searched.
      await page.getByRole('link', { name: 'Teach' }).click();
      const table = page.getByRole('table', { name: 'All courses' });
      await table.waitFor();
      await page.getByLabel('Status').selectOption('published');
      await page.waitForURL((url) => url.searchParams.get('status') === 'published');
      const demo = table.getByRole('row', { name: /TypeScript in Depth/ });
      await demo.waitFor();
      await demo.getByRole('cell', { name: 'Demo Instructor' }).waitFor();
      await expectEventually(page, async () => (await table.locator('.badge-draft').count()) === 0);
      await page.getByLabel('Search your courses').fill('PostgreSQL');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await table.getByRole('row', { name: /PostgreSQL Performance Basics/ }).waitFor();
      await expectEventually(
        page,
        async () => (await table.getByRole('row', { name: /TypeScript in Depth/ }).count()) === 0,
      );
      await screenshot(page, 'teaching-admin-courses');
      await table.getByRole('link', { name: 'PostgreSQL Performance Basics', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit “PostgreSQL Performance Basics”' }).waitFor();
      await page.getByRole('button', { name: 'Unpublish' }).waitFor();

      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByLabel('Search users').fill(email);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const row = page.getByRole('row', { name: /Ben Person/ });
      await row.waitFor();
      await row.getByRole('button', { name: `Resend the verification mail to ${email}` }).click();
      await row.getByText('Verification mail sent.').waitFor();
      const secondLink = await newLinkFromMail(platform.mailApi, email, firstLink.href);
      await person.goto(`${platform.url}${secondLink.pathname}${secondLink.search}`);
      await person.getByText('Your e-mail address is confirmed').waitFor();

      // One save for several roles; the person is told by mail.
      await row.getByLabel('instructor', { exact: true }).check();
      await row.getByLabel('moderator', { exact: true }).check();
      await row.getByRole('button', { name: `Save roles of ${email}` }).click();
      await row.getByText('Saved.').waitFor();
      const roleMail = await mailWithSubject(platform.mailApi, email, 'Your role changed');
      expect(roleMail.text).toMatch(/now: learner, instructor, moderator/);

      // Disabled: cannot sign in; enabled: can again.
      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: `Disable ${email}` }).click();
      await row.getByText('Disabled', { exact: true }).waitFor();
      await trySignIn(person, platform.url, email, password);
      await person
        .getByRole('alert')
        .getByText(/disabled/)
        .waitFor();
      await screenshot(page, 'teaching-admin-users');
      await row.getByRole('button', { name: `Enable ${email}` }).click();
      await row.getByText('Active', { exact: true }).waitFor();
      await signIn(person, platform.url, email, password);
    });
    await page.close();
    expect(personBrowser.takeCspViolations()).toEqual([]);
    await personBrowser.close();
  });

  it('teaching: an instructor moves a lesson between sections, retries a failed cover upload, sees its progress and variants, and duplicates the course', async () => {
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'teaching-authoring', async () => {
      const title = `Authoring course ${runId}`;
      await signIn(page, platform.url, 'instructor@demo.local', platform.demoPassword);
      await createCourse(page, platform.url, title);
      await addSection(page, 'First');
      await addSection(page, 'Second');
      await addTextLesson(page, 'First', 'Movable');
      const sectionNamed = (name: string) =>
        page.locator('li.section-editor', { has: page.getByRole('group', { name: `Section “${name}”` }) });
      await page.getByLabel('Move “Movable” to section').selectOption({ label: 'Second' });
      await sectionNamed('Second').getByRole('link', { name: 'Movable', exact: true }).waitFor();
      expect(await sectionNamed('First').getByRole('link', { name: 'Movable', exact: true }).count()).toBe(0);

      // Every PUT to storage fails (as dropped connections would): the uploader tries 4 times with
      // backoff, then says so and keeps the file chosen.
      let droppedPuts = 0;
      let dropsLeft = Number.POSITIVE_INFINITY;
      await page.route('**/*', (route) => {
        const request = route.request();
        if (dropsLeft > 0 && request.method() === 'PUT' && !new URL(request.url()).pathname.startsWith('/api/')) {
          dropsLeft -= 1;
          droppedPuts += 1;
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      await page.getByLabel('Upload a cover image').setInputFiles({
        name: 'cover.png',
        mimeType: 'image/png',
        buffer: makePng(640, 360),
      });
      await page.getByRole('alert').getByText('Upload failed:').waitFor();
      await page.getByText('Chosen file: cover.png').waitFor();
      expect(droppedPuts).toBe(4);
      await screenshot(page, 'teaching-upload-failed');
      // The person retries; one more connection drops, and the uploader's own retry absorbs it.
      dropsLeft = 1;
      await page.getByRole('button', { name: 'Retry uploading “cover.png”' }).click();
      await page.getByText('Cover updated.').waitFor({ timeout: 60_000 });
      expect(droppedPuts).toBe(5);
      await page.unrouteAll();
      const bar = page.locator('.media-upload progress');
      expect(Number(await bar.getAttribute('value'))).toBe(100);
      const variants = await page.getByRole('list', { name: 'Image variants' }).getByRole('listitem').allTextContents();
      expect(variants).toEqual(expect.arrayContaining([expect.stringMatching(/^small: 200×\d+ px$/)]));
      const thumbnail = page.getByRole('list', { name: 'Image variants' }).locator('img').first();
      await expectEventually(page, () =>
        thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      );
      await screenshot(page, 'teaching-upload-variants');

      await page.getByRole('button', { name: 'Duplicate' }).click();
      await page.getByRole('heading', { level: 1, name: `Edit “Copy of ${title}”` }).waitFor();
      await page.getByText(`This is a copy of “${title}”, as a draft.`).waitFor();
      await sectionNamed('Second').getByRole('link', { name: 'Movable', exact: true }).waitFor();
    });
    await page.close();
  });

  it('teaching: a learner edits and reports, an instructor replies, a moderator deletes from the queue', async () => {
    const learner = await browser.newPage();
    const instructorBrowser = await launchBrowser();
    const instructor = await instructorBrowser.newPage();
    const moderatorBrowser = await launchBrowser();
    const moderator = await moderatorBrowser.newPage();
    await withScreenshotsOnFailure(browser, 'teaching-moderation', async () => {
      const question = `Why is my query slow? ${runId}`;
      const reply = `Buy my course instead ${runId}`;
      await signIn(learner, platform.url, 'learner@demo.local', platform.demoPassword);
      await learner.goto(platform.url);
      await learner.getByRole('searchbox', { name: 'Search courses' }).fill('PostgreSQL Performance Basics');
      await learner.getByRole('button', { name: 'Search', exact: true }).click();
      await learner.getByRole('link', { name: 'PostgreSQL Performance Basics', exact: true }).click();
      const enrol = learner.getByRole('button', { name: 'Enrol in this course' });
      const lesson = learner.getByRole('link', { name: 'EXPLAIN ANALYZE', exact: true });
      await enrol.or(lesson).first().waitFor();
      if (await enrol.isVisible()) await enrol.click();
      await lesson.click();
      await learner.getByLabel('Add a comment').fill('Why is my query slow?');
      await learner.getByRole('button', { name: 'Post comment' }).click();
      const mine = learner.locator('li.comment', { hasText: 'Why is my query slow?' }).first();
      await mine.getByRole('button', { name: 'Edit' }).click();
      await mine.getByLabel('Edit your comment').fill(question);
      await mine.getByRole('button', { name: 'Save comment' }).click();
      await mine.getByText(question).waitFor();
      await mine.getByText('(edited)').waitFor();
      const lessonUrl = learner.url();

      await signIn(instructor, platform.url, 'instructor@demo.local', platform.demoPassword);
      await instructor.goto(lessonUrl);
      const theirs = instructor.locator('li.comment', { hasText: question }).first();
      await theirs.getByRole('button', { name: 'Reply to Demo Learner' }).click();
      await theirs.getByLabel('Reply to Demo Learner').fill(reply);
      await theirs.getByRole('button', { name: 'Post reply' }).click();
      await theirs.getByRole('list', { name: 'Replies to Demo Learner' }).getByText(reply).waitFor();

      await learner.reload();
      const replyItem = learner
        .getByRole('list', { name: 'Replies to Demo Learner' })
        .locator('li.comment', { hasText: reply });
      await replyItem.getByRole('button', { name: 'Report comment by Demo Instructor' }).click();
      await replyItem.getByText('Reported to the moderators.').waitFor();
      // Replies go one level deep: a reply offers no Reply.
      expect(await replyItem.getByRole('button', { name: /^Reply/ }).count()).toBe(0);

      await signIn(moderator, platform.url, 'moderator@demo.local', platform.demoPassword);
      await moderator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
      const queue = moderator.getByRole('list', { name: 'Comments to moderate' });
      const first = queue.locator(':scope > li').first();
      await first.getByText(reply).waitFor();
      await first.getByText('Reported 1 time').waitFor();
      await first.getByText('PostgreSQL Performance Basics › EXPLAIN ANALYZE').waitFor();
      await screenshot(moderator, 'teaching-moderation-queue');
      moderator.once('dialog', (dialog) => void dialog.accept());
      await first.getByRole('button', { name: /^Delete comment by Demo Instructor/ }).click();
      await expectEventually(moderator, async () => (await queue.getByText(reply).count()) === 0);

      await learner.reload();
      await learner.locator('li.comment', { hasText: question }).first().waitFor();
      expect(await learner.getByText(reply).count()).toBe(0);
    });
    await learner.close();
    for (const other of [instructorBrowser, moderatorBrowser]) {
      expect(other.takeCspViolations()).toEqual([]);
      await other.close();
    }
  });

  it('teaching: an instructor finds their courses in a table by title and status', async () => {
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'teaching-table', async () => {
      await signIn(page, platform.url, 'instructor@demo.local', platform.demoPassword);
      const draft = `Table draft ${runId}`;
      await createCourse(page, platform.url, draft);
      await page.getByRole('link', { name: 'Teach', exact: true }).first().click();
      const table = page.getByRole('table', { name: 'Your courses' });
      await table
        .getByRole('row', { name: new RegExp(draft) })
        .locator('.badge-draft')
        .waitFor();
      await page.getByLabel('Status').selectOption('draft');
      await page.waitForURL((url) => url.searchParams.get('status') === 'draft');
      await table.getByRole('row', { name: new RegExp(draft) }).waitFor();
      await expectEventually(page, async () => (await table.locator('.badge-published').count()) === 0);
      await page.getByLabel('Search your courses').fill(`draft ${runId}`);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('search') === `draft ${runId}`);
      await expectEventually(page, async () => (await table.getByRole('row').count()) === 2); // header + one
      await screenshot(page, 'teaching-instructor-table');
    });
    await page.close();
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
