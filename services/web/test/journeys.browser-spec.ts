// The user journeys in a real browser against the whole platform, started the way
// `npm start` runs it (from the builds, own ports/databases/vhost, demo data seeded) and torn down
// afterwards. Skipped, with the reason printed, while a backend service has no build yet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatformProcess, type RunningPlatform, waitFor } from '@platform/testing';
import type { Page } from 'playwright-core';
import { launchBrowser, REPOSITORY_ROOT, screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { linkFromMail } from './support/mail';
import { learningJourneys } from './learning-journeys';
import { quizJourneys } from './quiz-journeys';
import { teachingJourneys } from './teaching-journeys';
import { makePng } from './support/png';
import { signIn as signInAt, signUp, trySignIn } from './support/session';
import { ensureWebBuild } from './support/web-build';
import { videoJourneys } from './video-journeys';

const SERVICES = ['identity', 'catalog', 'progress', 'media'];
const missing = SERVICES.filter((name) => !existsSync(join(REPOSITORY_ROOT, 'services', name, 'dist', 'main.js')));
if (missing.length > 0) {
  console.warn(`browser journeys skipped: no build of ${missing.join(', ')} (run npm run build first)`);
}
const describeWithPlatform = missing.length === 0 ? describe : describe.skip;

const runId = Date.now().toString(36);
let platform: RunningPlatform;
let browser: Browser;

function signIn(page: Page, email: string, password: string): Promise<void> {
  return signInAt(page, platform.url, email, password);
}

async function openCourseFromCatalogue(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
  await page.getByRole('searchbox', { name: 'Search courses' }).fill(title);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/**
 * The thumbnail of a course card really loaded (through media's redirect to storage). Polled: a
 * cover becomes public once media has applied the course's publication (an event), and until then
 * the app shows its author the image through their own token instead, in a new <img>.
 */
async function coverLoaded(page: Page, title: string): Promise<boolean> {
  await page.locator('li.course-card', { hasText: title }).locator('img.cover').waitFor();
  const loaded = await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll('li.course-card')]
        .filter((card) => card.textContent?.includes(name))
        .some((card) => ((card.querySelector('img.cover') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0),
    title,
    { timeout: 30_000 },
  );
  return (await loaded.jsonValue()) === true;
}

async function progressValue(page: Page, selector: string): Promise<number> {
  return Number(await page.locator(selector).getAttribute('value'));
}

describeWithPlatform('user journeys (whole platform, Chromium)', () => {
  beforeAll(async () => {
    ensureWebBuild();
    // Presigned URLs live 10 s, so the video journey sees its player fetch fresh ones.
    // Many people sign in from this one address within a minute (every journey, several people
    // each): identity's per-address sign-in limit would answer 429, which no journey is about.
    platform = await startPlatformProcess({
      portOffset: 20_000,
      env: { DOWNLOAD_URL_TTL_SECONDS: '10', LOGIN_RATE_LIMIT: '1000', SIGNUP_RATE_LIMIT: '1000' },
    });
  }, 420_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  // A browser per journey: its person's session is their own. Every page they saw kept to the CSP.
  beforeEach(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const violations = browser.takeCspViolations();
    await browser.close();
    expect(violations).toEqual([]);
  });

  it('a learner signs up, confirms the e-mail, enrols, completes lessons, passes the quiz and reaches 100 %', async () => {
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'learner', async () => {
      const email = `learner-${runId}@example.test`;
      const password = 'a-good-long-password-1';

      await signUp(page, platform.url, { displayName: 'Ada Learner', email, password });

      // An unconfirmed account cannot sign in yet: the page says so.
      await trySignIn(page, platform.url, email, password);
      await page.getByRole('alert').waitFor();

      const link = await linkFromMail(platform.mailApi, email);
      expect(link.pathname).toBe('/verify-email');
      await page.goto(`${platform.url}${link.pathname}${link.search}`);
      await page.getByText('Your e-mail address is confirmed').waitFor();

      await signIn(page, email, password);
      await page.getByRole('link', { name: 'Ada Learner' }).waitFor();
      // The app runs under its CSP, which refuses injected inline script.
      const csp = (await page.request.get(`${platform.url}/`)).headers()['content-security-policy'];
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      const injectedRan = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'document.body.dataset.injected = "yes"';
        document.head.append(script);
        return document.body.dataset.injected === 'yes';
      });
      expect(injectedRan).toBe(false);
      const reported: string[] = [];
      // Reported twice: by Chromium on the console and by the page's securitypolicyviolation event.
      await waitFor('the refused inline script reported as a CSP violation', async () => {
        reported.push(...browser.takeCspViolations());
        return (
          reported.some((line) => line.startsWith('CSP violation: script-src')) &&
          reported.some((line) => line.includes('Content Security Policy'))
        );
      });
      expect(reported.filter((line) => !/inline script|blocked inline/.test(line))).toEqual([]);

      const course = 'TypeScript in Depth';
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
      await page.getByRole('searchbox', { name: 'Search courses' }).fill(course);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      expect(await coverLoaded(page, course)).toBe(true);
      await screenshot(page, 'journey-learner-catalogue');
      await page.getByRole('link', { name: course, exact: true }).click();

      await page.getByRole('button', { name: 'Enrol in this course' }).click();
      await page.locator('#course-progress').waitFor();
      expect(await progressValue(page, '#course-progress')).toBe(0);
      await page.getByRole('link', { name: /^Start: / }).click();

      await page.getByRole('heading', { level: 1, name: 'Narrowing' }).waitFor();
      await page.getByRole('button', { name: 'Mark as complete' }).click();
      await page.getByText('Lesson completed').waitFor();
      await page.getByRole('link', { name: 'Generics →' }).click();
      await page.getByRole('heading', { level: 1, name: 'Generics' }).waitFor();
      await page.getByRole('button', { name: 'Mark as complete' }).click();
      await page.getByText('Lesson completed').waitFor();
      await page.getByRole('link', { name: 'Types quiz →' }).click();

      // A wrong attempt first: the score is shown and the quiz can be retried.
      await page.getByRole('heading', { level: 1, name: 'Types quiz' }).waitFor();
      await page.getByLabel('noEmit').check();
      await page.getByRole('button', { name: 'Submit answers' }).click();
      await page.getByText('not passed yet').waitFor();
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByLabel('strict', { exact: true }).check();
      await page.getByLabel('typeof x === "string"').check();
      await page.getByLabel('x instanceof Date').check();
      await page.getByRole('button', { name: 'Submit answers' }).click();
      await page.getByText('Score: 100 %').waitFor();
      // Passed: the review opens (the default setting), with the instructor's explanations.
      await page.getByText('Explanation: `strict` turns on the whole family of strict checks').waitFor();
      await page.getByText('Lesson completed').waitFor();
      await screenshot(page, 'journey-learner-quiz-passed');

      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: course }).click();
      await page.getByText('3 of 3 lessons completed').waitFor();
      expect(await progressValue(page, '#course-progress')).toBe(100);

      await page.getByRole('link', { name: 'My learning' }).click();
      const card = page.locator('li.course-card', { hasText: course });
      await card.waitFor();
      expect(Number(await card.locator('progress').getAttribute('value'))).toBe(100);
      await screenshot(page, 'journey-learner-my-learning');

      // The session survives a reload and reaches a new tab (identity's HttpOnly cookie), no script
      // can read the refresh token anywhere, and signing out ends the session in every tab.
      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const tab = await browser.newPage();
      await tab.goto(`${platform.url}/my-learning`);
      await tab.locator('li.course-card', { hasText: course }).waitFor();
      const readable = await tab.evaluate(() =>
        JSON.stringify({ cookie: document.cookie, local: { ...localStorage }, session: { ...sessionStorage } }),
      );
      expect(readable).not.toMatch(/refresh/i);
      const [cookie] = await browser.context.cookies(`${platform.url}/api/identity/refresh`);
      expect(cookie).toMatchObject({
        name: 'platform_refresh',
        httpOnly: true,
        sameSite: 'Strict',
        path: '/api/identity',
      });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
      await tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
      expect(await browser.context.cookies(`${platform.url}/api/identity/refresh`)).toEqual([]);
      await tab.close();
    });
    await page.close();
  });

  it('an instructor creates a course with a section, a text lesson and an uploaded cover, and publishes it', async () => {
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'instructor', async () => {
      const title = `Browser-made course ${runId}`;
      await signIn(page, 'instructor@demo.local', platform.demoPassword);
      await page.getByRole('link', { name: 'Teach' }).click();
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Description').fill('Made by the browser journey test.');
      await page.getByRole('button', { name: 'Create course' }).click();
      await page.getByRole('heading', { level: 1, name: `Edit “${title}”` }).waitFor();

      await page.getByLabel('New section title').fill('Basics');
      await page.getByRole('button', { name: 'Add section' }).click();
      await page.getByLabel('Section 1 title').waitFor();

      await page.getByRole('button', { name: 'Add a lesson to “Basics”' }).click();
      await page.getByRole('heading', { level: 1, name: 'New reading lesson' }).waitFor();
      await page.getByLabel('Lesson title').fill('Welcome');
      await page.getByLabel('Content').fill('What this course is about.\n\nAnd how to follow it.');
      await page.getByRole('button', { name: 'Create lesson' }).click();
      await page.getByRole('link', { name: 'Welcome' }).waitFor();

      await page.getByLabel('Upload a cover image').setInputFiles({
        name: 'cover.png',
        mimeType: 'image/png',
        buffer: makePng(640, 360),
      });
      await page.getByText('Cover updated.').waitFor({ timeout: 60_000 });
      // A draft's cover is not public: the app shows it to its author through their own token.
      await page.locator('img.cover-large').waitFor();
      await page.waitForFunction(
        () => ((document.querySelector('img.cover-large') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
        undefined,
        { timeout: 30_000 },
      );

      await page.getByRole('button', { name: 'Publish course' }).click();
      await page.getByText('The course is published.').waitFor();
      await screenshot(page, 'journey-instructor-editor');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
      await page.getByRole('searchbox', { name: 'Search courses' }).fill(title);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('link', { name: title, exact: true }).waitFor();
      expect(await coverLoaded(page, title)).toBe(true);
      await screenshot(page, 'journey-instructor-catalogue');
    });
    await page.close();
  });

  it("a moderator deletes a learner's comment from the lesson page", async () => {
    const learner = await browser.newPage();
    const moderatorBrowser = await launchBrowser(); // another person, another browser
    const moderator = await moderatorBrowser.newPage();
    await withScreenshotsOnFailure(browser, 'moderator', async () => {
      const text = `Spam from the browser journey ${runId}`;
      await signIn(learner, 'learner@demo.local', platform.demoPassword);
      await openCourseFromCatalogue(learner, 'PostgreSQL Performance Basics');
      const enrol = learner.getByRole('button', { name: 'Enrol in this course' });
      const lesson = learner.getByRole('link', { name: 'EXPLAIN ANALYZE', exact: true });
      await enrol.or(lesson).first().waitFor();
      if (await enrol.isVisible()) await enrol.click();
      await lesson.click();
      await learner.getByRole('heading', { level: 1, name: 'EXPLAIN ANALYZE' }).waitFor();
      await learner.getByLabel('Add a comment').fill(text);
      await learner.getByRole('button', { name: 'Post comment' }).click();
      await learner.locator('li.comment', { hasText: text }).waitFor();
      const lessonUrl = learner.url();

      await signIn(moderator, 'moderator@demo.local', platform.demoPassword);
      await moderator.goto(lessonUrl);
      const comment = moderator.locator('li.comment', { hasText: text });
      await comment.waitFor();
      moderator.once('dialog', (dialog) => void dialog.accept());
      await comment.getByRole('button', { name: /^Delete comment/ }).click();
      await comment.waitFor({ state: 'detached' });
      await screenshot(moderator, 'journey-moderator-deleted');

      await learner.reload();
      await learner.getByRole('heading', { level: 2, name: 'Discussion' }).waitFor();
      await learner.getByRole('button', { name: 'Post comment' }).waitFor();
      expect(await learner.locator('li.comment', { hasText: text }).count()).toBe(0);
    });
    await learner.close();
    expect(moderatorBrowser.takeCspViolations()).toEqual([]);
    await moderatorBrowser.close();
  });

  // The learner's journeys (learning-journeys.ts), on the same platform.
  learningJourneys(() => ({ platform, browser, runId }));

  // Quizzes that teach without giving their answers away.
  quizJourneys(() => ({ platform, browser, runId }));

  // Video lessons that play, resume and show captions.
  videoJourneys(() => ({ platform, browser, runId }));
  // The teaching journeys (teaching-journeys.ts).
  teachingJourneys(() => ({ platform, browser, runId }));
});
