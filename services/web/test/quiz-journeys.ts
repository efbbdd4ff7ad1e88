// Issues 16 (point 13) and 17 (point 4) as an instructor and a learner meet them, in a real browser
// against the whole platform of journeys.browser-spec.ts (which calls quizJourneys inside its
// describe): an instructor sets a quiz's attempts, review setting, retakes and explanations in the
// teach pages; a learner sees results only as each setting allows, their history, and the limit.
import { type RunningPlatform, waitFor } from '@platform/testing';
import type { Page, Response } from 'playwright-core';
import { screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { signIn } from './support/session';

type Call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<T>;

/** The public API as the given demo account, for setting up what a test does not do in the browser. */
async function apiAs(platform: RunningPlatform, email: string): Promise<Call> {
  const login = await fetch(`${platform.url}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: platform.demoPassword }),
  });
  if (!login.ok) throw new Error(`login ${email}: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
}

const EXPLANATION = 'Paris has been the capital since the tenth century.';

/** A one-question quiz lesson as the contract creates it. */
const capitalsQuiz = (title: string, rules: Record<string, unknown>) => ({
  type: 'quiz',
  title,
  passPercent: 100,
  ...rules,
  questions: [
    {
      prompt: 'What is the capital of France?',
      choices: [
        { text: 'Paris', correct: true },
        { text: 'Lyon', correct: false },
      ],
      explanation: EXPLANATION,
    },
  ],
});

/** Answers the quiz on the page with one choice and waits for the attempt's answer from progress. */
async function submitChoice(page: Page, choice: string): Promise<Record<string, unknown>> {
  await page.getByLabel(choice, { exact: true }).check();
  const [response] = await Promise.all([
    page.waitForResponse(
      (r: Response) => r.request().method() === 'POST' && /\/api\/progress\/quizzes\/[^/]+\/attempts$/.test(r.url()),
    ),
    page.getByRole('button', { name: 'Submit answers' }).click(),
  ]);
  expect(response.status()).toBe(201);
  await page.locator('.quiz-score').waitFor();
  return (await response.json()) as Record<string, unknown>;
}

const quizText = async (page: Page) => (await page.locator('.quiz').textContent()) ?? '';
const historyRows = (page: Page) => page.getByRole('region', { name: 'Your attempts' }).locator('tbody tr');

/** What the learner must not see before review: the right choice, which question was right, the explanation. */
async function expectNothingRevealed(page: Page): Promise<void> {
  const text = await quizText(page);
  expect(text).not.toContain('(right answer)');
  expect(text).not.toContain(EXPLANATION);
  expect(text).not.toMatch(/✓ Right|✗ Wrong/);
  expect(await page.locator('.quiz-review').count()).toBe(0);
}

async function expectReviewed(page: Page, verdict: 'Right' | 'Wrong'): Promise<void> {
  const question = page.locator('fieldset.quiz-question');
  await question.locator('.quiz-review-verdict', { hasText: new RegExp(`^. ${verdict}$`) }).waitFor();
  await question.getByText(`Explanation: ${EXPLANATION}`).waitFor();
  await question.locator('.choice-right', { hasText: 'Paris' }).getByText('(right answer)').waitFor();
  expect(await question.locator('.choice-right').count()).toBe(1);
}

export function quizJourneys(context: () => { platform: RunningPlatform; browser: Browser; runId: string }): void {
  let platform: RunningPlatform;
  let browser: Browser;
  let runId: string;
  beforeEach(() => {
    ({ platform, browser, runId } = context());
  });

  it('an instructor sets a quiz’s attempt limit, review setting, retakes and explanations in the teach pages', async () => {
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'quiz-authoring', async () => {
      const title = `Quiz rules ${runId}`;
      await signIn(page, platform.url, 'instructor@demo.local', platform.demoPassword);
      await page.getByRole('link', { name: 'Teach' }).click();
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Description').fill('Quizzes with rules, made by the browser test.');
      await page.getByRole('button', { name: 'Create course' }).click();
      await page.getByRole('heading', { level: 1, name: `Edit “${title}”` }).waitFor();
      const editorUrl = page.url();
      await page.getByLabel('New section title').fill('Checks');
      await page.getByRole('button', { name: 'Add section' }).click();
      await page.getByLabel('Section 1 title').waitFor();

      await page.getByLabel('New lesson type').selectOption('quiz');
      await page.getByRole('button', { name: 'Add a lesson to “Checks”' }).click();
      await page.getByRole('heading', { level: 1, name: 'New quiz lesson' }).waitFor();
      // The defaults a new quiz starts with.
      expect(await page.getByLabel('Attempts allowed').inputValue()).toBe('3');
      expect(await page.getByLabel('Show learners which answers were right').inputValue()).toBe(
        'after-pass-or-last-attempt',
      );
      expect(await page.getByLabel('Learners may take the quiz again after passing').isChecked()).toBe(false);

      await page.getByLabel('Lesson title').fill('Capitals');
      await page.getByLabel('Pass mark (%)').fill('100');
      await page.getByLabel('Question 1 prompt').fill('What is the capital of France?');
      await page.getByLabel('Question 1, choice 1').fill('Paris');
      await page.getByLabel('Question 1, choice 2').fill('Lyon');
      await page.getByLabel('Question 1 explanation (optional)').fill(EXPLANATION);
      await page.getByLabel('Show learners which answers were right').selectOption('after-last-attempt');
      // Out of bounds: the form says so before anything is sent.
      await page.getByLabel('Attempts allowed').fill('25');
      await page.getByRole('button', { name: 'Create lesson' }).click();
      await page.getByRole('alert').getByText('Attempts allowed must be a whole number from 1 to 20.').waitFor();
      await page.getByLabel('Attempts allowed').fill('2');
      await page.getByRole('button', { name: 'Create lesson' }).click();
      await page.getByRole('link', { name: 'Capitals' }).waitFor();

      // Saved as set: the editor shows it again, and catalog holds it.
      await page.getByRole('link', { name: 'Capitals' }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit lesson: Capitals' }).waitFor();
      expect(await page.getByLabel('Attempts allowed').inputValue()).toBe('2');
      expect(await page.getByLabel('Show learners which answers were right').inputValue()).toBe('after-last-attempt');
      expect(await page.getByLabel('Question 1 explanation (optional)').inputValue()).toBe(EXPLANATION);
      await page.getByLabel('Learners may take the quiz again after passing').check();
      await page.getByLabel('Attempts allowed').fill('4');
      await page.getByRole('button', { name: 'Save lesson' }).click();
      await page.getByText('Lesson saved.').waitFor();
      await screenshot(page, 'journey-quiz-authoring');

      const instructor = await apiAs(platform, 'instructor@demo.local');
      const lessonId = new URL(page.url()).pathname.split('/').pop()!;
      const saved = await instructor<{
        maxAttempts: number;
        review: string;
        allowRetakeAfterPass: boolean;
        questions: Array<{ explanation: string | null }>;
      }>('GET', `/api/catalog/lessons/${lessonId}`);
      expect(saved).toMatchObject({ maxAttempts: 4, review: 'after-last-attempt', allowRetakeAfterPass: true });
      expect(saved.questions[0].explanation).toBe(EXPLANATION);

      await page.goto(editorUrl);
      await page.getByRole('button', { name: 'Publish course' }).click();
      await page.getByText('The course is published.').waitFor();
    });
    await page.close();
  });

  it('a learner sees per-question results only as each quiz’s review setting allows, their attempt history and the limit', async () => {
    // Three quizzes with different rules, set up through the API (their authoring is the journey above).
    const instructor = await apiAs(platform, 'instructor@demo.local');
    const course = await instructor<{ id: string }>('POST', '/api/catalog/courses', {
      title: `Quiz review ${runId}`,
      description: 'Three quizzes, three review settings.',
    });
    const section = await instructor<{ id: string }>('POST', `/api/catalog/courses/${course.id}/sections`, {
      title: 'Capitals',
    });
    const add = (title: string, rules: Record<string, unknown>) =>
      instructor<{ id: string }>('POST', `/api/catalog/sections/${section.id}/lessons`, capitalsQuiz(title, rules));
    const limited = await add('Limited quiz', { maxAttempts: 2, review: 'after-last-attempt' });
    const open = await add('Open quiz', { maxAttempts: 3, review: 'immediately', allowRetakeAfterPass: true });
    const standard = await add('Standard quiz', {});
    await instructor('POST', `/api/catalog/courses/${course.id}/publish`);
    await waitFor('progress knows the published course', async () =>
      instructor('GET', `/api/progress/courses/${course.id}`).then(
        () => true,
        () => false,
      ),
    );

    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'quiz-review', async () => {
      await signIn(page, platform.url, 'learner@demo.local', platform.demoPassword);
      await page.goto(`${platform.url}/courses/${course.id}`);
      await page.getByRole('button', { name: 'Enrol in this course' }).click();
      await page.locator('#course-progress').waitFor();
      const openLesson = async (lesson: { id: string }, title: string) => {
        await page.goto(`${platform.url}/courses/${course.id}/lessons/${lesson.id}`);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
      };

      // Review after the last attempt, limit 2: nothing is revealed until the limit is used up.
      await openLesson(limited, 'Limited quiz');
      await page.locator('#quiz-attempts', { hasText: 'Attempts: 0 of 2 used, 2 left' }).waitFor();
      const first = await submitChoice(page, 'Lyon');
      expect(first).not.toHaveProperty('questions');
      expect(first).not.toHaveProperty('correctCount');
      expect(JSON.stringify(first)).not.toContain(EXPLANATION);
      await page.getByText('not passed yet').waitFor();
      await page.getByText('Which answers were right stays hidden for now.').waitFor();
      await page.locator('#quiz-attempts', { hasText: 'Attempts: 1 of 2 used, 1 left' }).waitFor();
      await expectNothingRevealed(page);
      await waitFor('one attempt in the history', async () => (await historyRows(page).count()) === 1);
      await screenshot(page, 'journey-quiz-hidden');

      await page.getByRole('button', { name: 'Try again' }).click();
      const last = await submitChoice(page, 'Lyon');
      expect(last).toMatchObject({ attemptsLeft: 0, canAttempt: false, reviewAvailable: true });
      await expectReviewed(page, 'Wrong');
      await page.getByText('No attempts left: this quiz allows 2 attempts.').waitFor();
      await page.locator('#quiz-attempts', { hasText: 'Attempts: 2 of 2 used, 0 left' }).waitFor();
      expect(await page.getByRole('button', { name: /Try again|Take it again|Submit answers/ }).count()).toBe(0);
      await waitFor('two attempts in the history', async () => (await historyRows(page).count()) === 2);
      const rows = await historyRows(page).allTextContents();
      expect(rows[0]).toMatch(/^#2\s*0 % \(0 of 1 right\)\s*Not passed/);
      expect(rows[1]).toMatch(/^#1\s*0 %.*Not passed/);
      await screenshot(page, 'journey-quiz-limit-reached');
      // A later visit shows the same: the limit, the review, the history.
      await page.reload();
      await page.locator('#quiz-attempts', { hasText: 'Attempts: 2 of 2 used, 0 left' }).waitFor();
      await expectReviewed(page, 'Wrong');
      expect(await page.getByRole('button', { name: 'Submit answers' }).count()).toBe(0);
      await waitFor('the history after a reload', async () => (await historyRows(page).count()) === 2);

      // Review immediately, retakes allowed: results with every attempt, and another go after a pass.
      await openLesson(open, 'Open quiz');
      await submitChoice(page, 'Lyon');
      await expectReviewed(page, 'Wrong');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(page.locator('.quiz-review').count()).resolves.toBe(0);
      await submitChoice(page, 'Paris');
      await page.getByText('Score: 100 % (1 of 1 right)').waitFor();
      await expectReviewed(page, 'Right');
      await page.getByRole('button', { name: 'Take it again' }).waitFor();
      await page.getByText('Lesson completed').waitFor();

      // The default (after passing or the last attempt), no retakes: a pass reveals, and ends the quiz.
      await openLesson(standard, 'Standard quiz');
      await page.locator('#quiz-attempts', { hasText: 'Attempts: 0 of 3 used, 3 left' }).waitFor();
      await page.getByText('You see which answers were right once you pass, or after your last attempt.').waitFor();
      await submitChoice(page, 'Paris');
      await expectReviewed(page, 'Right');
      await page.getByText('You passed this quiz.').waitFor();
      expect(await page.getByRole('button', { name: /Try again|Take it again/ }).count()).toBe(0);
      await waitFor('one attempt in the history', async () => (await historyRows(page).count()) === 1);
      await screenshot(page, 'journey-quiz-passed-no-retake');
    });
    await page.close();
  });
}
