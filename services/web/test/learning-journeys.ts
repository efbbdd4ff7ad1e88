// Learning as a learner meets it, in a real browser against the whole platform of
// journeys.browser-spec.ts (which calls learningJourneys inside its describe, so that one platform
// serves both): finding courses, Markdown lessons that cannot run code, finishing a course and its
// certificate, and the small things on the way.
import { join } from 'node:path';
import type { RunningPlatform } from '@platform/testing';
import type { Page } from 'playwright-core';
import { launchBrowser, REPOSITORY_ROOT, screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { linkFromMail, newLinkFromMail } from './support/mail';
import { makePng } from './support/png';
import { failedApiCalls, signIn, signUp, trySignIn } from './support/session';

async function search(page: Page, words: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search courses' }).fill(words);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('search') === words);
  // The count names the words it answers, so an earlier search's count is not taken for this one's.
  await page.getByText(`matching “${words}”`).waitFor();
}

const courseLinks = (page: Page) =>
  page.getByRole('list', { name: 'Courses' }).getByRole('heading', { level: 2 }).allTextContents();

const HOSTILE_LESSON = [
  '# Setting up',
  'Some **bold** words and *emphasis*.',
  '',
  '- first step',
  '- second step',
  '',
  '```sh',
  'kubectl get pods',
  '```',
  '',
  '<img src="x" onerror="window.__pwned = 1">',
  '',
  '<script>window.__pwned = 2</script>',
  '',
  '[click me](javascript:window.__pwned=3) and [also me](JAVA&#10;SCRIPT:window.__pwned=4)',
  '',
  'Read [the docs](https://kubernetes.io/docs/) or [write to us](mailto:team@example.test).',
  '',
  '![tracking pixel](https://tracker.invalid/pixel.gif)',
].join('\n');

/** The learning journeys, run against the platform and browser `context` gives once they are up. */
export function learningJourneys(context: () => { platform: RunningPlatform; browser: Browser; runId: string }): void {
  let platform: RunningPlatform;
  let browser: Browser;
  let runId: string;
  // The caller launches a browser per journey (one person's session): read it afresh for each.
  beforeEach(() => {
    ({ platform, browser, runId } = context());
  });

  it('finds courses by partial words and typos, filters and sorts them, and shows who teaches them and for how long', async () => {
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'learning-catalogue', async () => {
      await page.goto(platform.url);
      await page.getByRole('heading', { level: 1, name: 'Course catalogue' }).waitFor();

      await search(page, 'kube');
      expect(await courseLinks(page)).toEqual(['Kubernetes for Application Developers']);
      await search(page, 'postgre');
      expect(await courseLinks(page)).toEqual(['PostgreSQL Performance Basics']);
      await search(page, 'kubernets');
      expect(await courseLinks(page)).toEqual(['Kubernetes for Application Developers']);
      // A word of the description only.
      await search(page, 'orchestration');
      expect(await courseLinks(page)).toEqual(['Kubernetes for Application Developers']);

      const card = page.locator('li.course-card', { hasText: 'Kubernetes for Application Developers' });
      const facts = await card.locator('.course-facts').innerText();
      expect(facts).toContain('Cloud & DevOps');
      expect(facts).toContain('by Demo Instructor');
      expect(facts).toContain('4 lessons');
      expect(facts).toMatch(/~\d+ min/);

      // Thumbnails: the browser picks the 400 px variant for a ~270 px card, not the 200 px one.
      const cover = card.locator('img.cover');
      expect(await cover.getAttribute('srcset')).toContain('variant=card 400w');
      const shown = await cover.evaluate(async (img: HTMLImageElement) => {
        if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
        return { src: img.currentSrc, loaded: img.naturalWidth > 0, shownWidth: img.clientWidth };
      });
      expect(shown).toMatchObject({ loaded: true, src: expect.stringContaining('variant=card') });
      expect(shown.shownWidth).toBeGreaterThan(200);

      await page.goto(platform.url);
      await page.getByLabel('Category').selectOption({ label: 'Programming' });
      await page.waitForURL((url) => url.searchParams.get('category') === 'programming');
      await page.getByText(/courses? in Programming/).waitFor();
      expect(await courseLinks(page)).toContain('TypeScript in Depth');
      expect(await courseLinks(page)).not.toContain('Kubernetes for Application Developers');
      await page.getByLabel('Category').selectOption({ label: 'All categories' });
      await page.getByLabel('Sort by').selectOption({ label: 'Title (A–Z)' });
      await page.waitForURL((url) => url.searchParams.get('sort') === 'title');
      await page.getByRole('list', { name: 'Courses' }).waitFor();
      const titles = await courseLinks(page);
      expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
      await screenshot(page, 'learning-catalogue');
    });
    await page.close();
  });

  it('renders a lesson’s Markdown, while HTML in it never runs and unsafe links and images are left out', async () => {
    const instructor = await browser.newPage();
    const learnerBrowser = await launchBrowser(); // another person, another browser (and session)
    const learner = await learnerBrowser.newPage();
    const outside: string[] = [];
    learner.on('request', (request) => {
      if (new URL(request.url()).hostname === 'tracker.invalid') outside.push(request.url());
    });
    await withScreenshotsOnFailure(browser, 'learning-markdown', async () => {
      const title = `Markdown course ${runId}`;
      await signIn(instructor, platform.url, 'instructor@demo.local', platform.demoPassword);
      await instructor.getByRole('link', { name: 'Teach' }).click();
      await instructor.getByLabel('Title').fill(title);
      await instructor.getByLabel('Description').fill('A course written in Markdown.');
      await instructor.getByRole('button', { name: 'Create course' }).click();
      await instructor.getByRole('heading', { level: 1, name: `Edit “${title}”` }).waitFor();
      await instructor.getByLabel('Category').selectOption({ label: 'Cloud & DevOps' });
      await instructor.getByRole('button', { name: 'Save details' }).click();
      await instructor.getByText('Details saved.').waitFor();
      await instructor.getByLabel('New section title').fill('Basics');
      await instructor.getByRole('button', { name: 'Add section' }).click();
      await instructor.getByRole('button', { name: 'Add a lesson to “Basics”' }).click();
      await instructor.getByLabel('Lesson title').fill('Markdown lesson');
      await instructor.getByLabel('Content').fill(HOSTILE_LESSON);

      // The preview renders as the learner will see it; an uploaded image goes in as a media reference.
      const preview = instructor.locator('.lesson-preview');
      await preview.getByRole('heading', { level: 2, name: 'Setting up' }).waitFor();
      await instructor.getByLabel('Insert an image').setInputFiles({
        name: 'diagram.png',
        mimeType: 'image/png',
        buffer: makePng(640, 320),
      });
      await instructor.waitForFunction(
        () => (document.querySelector('textarea') as HTMLTextAreaElement).value.includes('](media:'),
        undefined,
        { timeout: 60_000 },
      );
      expect(await instructor.getByLabel('Content').inputValue()).toMatch(/!\[diagram\]\(media:[0-9a-f-]{36}\)/);
      const previewImage = preview.locator('img[alt="diagram"]');
      await previewImage.waitFor();
      // Shown to its author although no published course uses it yet (media's stable path is not
      // public for it: the web app asks media with the author's token).
      await instructor.waitForFunction(
        () =>
          ((document.querySelector('.lesson-preview img[alt="diagram"]') as HTMLImageElement | null)?.naturalWidth ??
            0) > 0,
        undefined,
        { timeout: 30_000 },
      );
      await instructor.getByRole('button', { name: 'Create lesson' }).click();
      await instructor.getByRole('link', { name: 'Markdown lesson' }).waitFor();
      await instructor.getByRole('button', { name: 'Publish course' }).click();
      await instructor.getByText('The course is published.').waitFor();
      const courseUrl = instructor.url().replace('/teach/courses/', '/courses/');

      await signIn(learner, platform.url, 'learner@demo.local', platform.demoPassword);
      await learner.goto(courseUrl);
      await learner.getByRole('button', { name: 'Enrol in this course' }).click();
      await learner.getByRole('link', { name: /^Start: Markdown lesson/ }).click();
      await learner.getByRole('heading', { level: 1, name: 'Markdown lesson' }).waitFor();
      const body = learner.locator('.lesson-text');
      await body.getByRole('heading', { level: 2, name: 'Setting up' }).waitFor();
      expect(await body.locator('strong').first().textContent()).toBe('bold');
      expect(await body.locator('em').first().textContent()).toBe('emphasis');
      expect(await body.locator('li').allTextContents()).toEqual(['first step', 'second step']);
      expect(await body.locator('pre code').textContent()).toContain('kubectl get pods');

      // Raw HTML is shown as the text it is, never made into elements.
      const text = await body.innerText();
      expect(text).toContain('<img src="x" onerror="window.__pwned = 1">');
      expect(text).toContain('<script>window.__pwned = 2</script>');
      expect(await body.locator('img[src="x"], script, [onerror]').count()).toBe(0);
      // Unsafe links are text; safe ones open safely.
      const protocols = await body
        .locator('a')
        .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).protocol));
      expect(new Set(protocols)).toEqual(new Set(['https:', 'mailto:']));
      await body.getByText('click me').waitFor();
      await body.getByText('also me').waitFor();
      expect(await body.getByRole('link', { name: /click me|also me/ }).count()).toBe(0);
      const docs = body.getByRole('link', { name: 'the docs' });
      expect(await docs.getAttribute('href')).toBe('https://kubernetes.io/docs/');
      expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await docs.getAttribute('target')).toBe('_blank');
      expect(await body.getByRole('link', { name: 'write to us' }).getAttribute('href')).toBe(
        'mailto:team@example.test',
      );
      // The media image loads (through media's redirect to storage); the foreign one is not fetched.
      const image = body.locator('img[alt="diagram"]');
      await image.waitFor();
      expect(
        await image.evaluate(async (img: HTMLImageElement) => {
          if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
          return img.naturalWidth;
        }),
      ).toBeGreaterThan(0);
      await body.getByText('Image: tracking pixel').waitFor();
      expect(await body.locator('img').count()).toBe(1);
      expect(outside).toEqual([]);
      await learner.getByRole('button', { name: 'Mark as complete' }).click();
      await learner.getByText('Lesson completed').waitFor();
      expect(await learner.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      await screenshot(learner, 'learning-markdown-lesson');
    });
    await instructor.close();
    expect(learnerBrowser.takeCspViolations()).toEqual([]);
    await learnerBrowser.close();
  });

  it('a new learner confirms by a resent mail, joins a course without errors, finishes it and gets a certificate anyone can verify', async () => {
    const page = await browser.newPage();
    const failures = failedApiCalls(page);
    await withScreenshotsOnFailure(browser, 'learning-certificate', async () => {
      const email = `finisher-${runId}@example.test`;
      const password = 'a-good-long-password-2';
      await signUp(page, platform.url, { displayName: 'Grace Finisher', email, password });

      // Signing in unconfirmed: a plain message and a way to get the mail again.
      await trySignIn(page, platform.url, email, password);
      const notice = page.getByRole('alert');
      await notice.getByText('Confirm your e-mail address first.').waitFor();
      expect(await notice.innerText()).not.toMatch(/link Check/);
      const firstLink = await linkFromMail(platform.mailApi, email);
      await page.getByRole('button', { name: 'Send the confirmation e-mail again' }).click();
      await page.getByText('A new confirmation link is on its way').waitFor();
      const resent = await newLinkFromMail(platform.mailApi, email, firstLink.href);
      await page.goto(`${platform.url}${resent.pathname}${resent.search}`);
      await page.getByText('Your e-mail address is confirmed').waitFor();
      await signIn(page, platform.url, email, password);
      failures.length = 0; // the 403 of signing in unconfirmed was expected

      // A course page for a signed-in learner who has not joined: no error anywhere.
      const course = 'PostgreSQL Performance Basics';
      await page.goto(`${platform.url}/?search=${encodeURIComponent('postgre')}`);
      await page.getByRole('link', { name: course, exact: true }).click();
      await page.getByRole('button', { name: 'Enrol in this course' }).waitFor();
      await page.waitForFunction((expected) => document.title === expected, `${course} · Learning platform`);
      expect(failures).toEqual([]);

      await page.getByRole('button', { name: 'Enrol in this course' }).click();
      await page.getByRole('link', { name: /^Start: / }).click();
      await page.getByRole('heading', { level: 1, name: 'EXPLAIN ANALYZE' }).waitFor();
      await page.waitForFunction(
        (expected) => document.title === expected,
        `EXPLAIN ANALYZE · ${course} · Learning platform`,
      );
      await page.locator('.lesson-text pre code').waitFor();
      await page.getByRole('button', { name: 'Mark as complete' }).click();
      await page.getByText('Lesson completed').waitFor();
      await page.getByRole('link', { name: 'B-tree and GIN →' }).click();
      await page.getByRole('heading', { level: 1, name: 'B-tree and GIN' }).waitFor();
      await page.getByRole('button', { name: 'Mark as complete' }).click();

      // The completion moment, and the certificate.
      await page.getByRole('heading', { level: 2, name: 'Course completed' }).waitFor();
      await screenshot(page, 'learning-course-completed');
      await page.getByRole('link', { name: 'View your certificate' }).click();
      await page.getByRole('heading', { level: 1, name: 'Certificate of completion' }).waitFor();
      const certificateUrl = page.url();
      expect(new URL(certificateUrl).pathname).toMatch(/^\/certificates\/[0-9a-f-]{36}$/);
      await page.getByRole('main').getByText('Grace Finisher', { exact: true }).waitFor();
      await page.getByRole('main').getByText(course, { exact: true }).waitFor();
      await page.waitForFunction(
        (expected) => document.title === expected,
        `Certificate: ${course} · Learning platform`,
      );
      expect(await page.getByRole('link', { name: certificateUrl }).count()).toBe(1);
      // Printed (or saved as PDF), it is the certificate alone.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('banner').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
      await page.pdf({ path: join(REPOSITORY_ROOT, 'test-output', 'screenshots', 'learning-certificate.pdf') });
      await page.emulateMedia({ media: 'screen' });
      await screenshot(page, 'learning-certificate');

      await page.getByRole('link', { name: 'My learning' }).click();
      const card = page.locator('li.course-card', { hasText: course });
      expect(await card.getByRole('link', { name: /^Certificate/ }).getAttribute('href')).toBe(
        new URL(certificateUrl).pathname,
      );

      // Anyone can open the link: a fresh browser, signed out.
      const stranger = await launchBrowser();
      try {
        const other = await stranger.newPage();
        await other.goto(certificateUrl);
        await other.getByRole('heading', { level: 1, name: 'Certificate of completion' }).waitFor();
        await other.getByRole('main').getByText('Grace Finisher', { exact: true }).waitFor();
        await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
        // A forged or mangled id is no certificate.
        for (const forged of [
          '00000000-0000-4000-8000-000000000000',
          'not-a-certificate',
          `${certificateUrl.slice(-36, -1)}`,
        ]) {
          await other.goto(`${platform.url}/certificates/${forged}`);
          await other.getByRole('heading', { level: 1, name: 'Certificate not found' }).waitFor();
        }
      } finally {
        await stranger.close();
      }

      // An unknown lesson is a page of its own, not a raw id and a validation message.
      const courseId = (await page.getByRole('link', { name: course, exact: true }).getAttribute('href'))!
        .split('/')
        .pop();
      await page.goto(`${platform.url}/courses/${courseId}/lessons/not-a-lesson`);
      await page.getByRole('heading', { level: 1, name: 'Lesson not found' }).waitFor();
      expect(await page.getByRole('main').innerText()).not.toMatch(/Validation failed|uuid/i);

      // Signing out on a private page lands on the catalogue, not on sign-in.
      await page.getByRole('link', { name: 'Grace Finisher' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Course catalogue' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
    });
    await page.close();
  });
}
