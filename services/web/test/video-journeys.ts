// Video lessons as a learner meets them, in a real browser against the platform of
// journeys.browser-spec.ts (started with DOWNLOAD_URL_TTL_SECONDS=10, so a URL refresh happens
// within the test): a video lesson that plays from presigned URLs, refreshes them, resumes where
// the learner stopped, shows its captions and completes once watched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningPlatform } from '@platform/testing';
import type { Page } from 'playwright-core';
import { REPOSITORY_ROOT, screenshot, withScreenshotsOnFailure, type Browser } from './support/browser';
import { linkFromMail } from './support/mail';
import { signIn, signUp } from './support/session';

const FIXTURES = join(REPOSITORY_ROOT, 'scripts', 'platform', 'fixtures');
const COURSE = 'Kubernetes for Application Developers';
const LESSON = 'Rolling out a Deployment';

interface VideoState {
  readyState: number;
  duration: number;
  currentTime: number;
  paused: boolean;
  src: string;
}

const video = (page: Page) => page.locator('video.lesson-video');

function videoState(page: Page): Promise<VideoState> {
  return video(page).evaluate((element: HTMLVideoElement) => ({
    readyState: element.readyState,
    duration: element.duration,
    currentTime: element.currentTime,
    paused: element.paused,
    src: element.currentSrc,
  }));
}

/** Waits until the player knows the video's duration (readyState ≥ HAVE_METADATA). */
async function metadataLoaded(page: Page): Promise<VideoState> {
  await video(page).waitFor();
  await page.waitForFunction(
    () => {
      const element = document.querySelector<HTMLVideoElement>('video.lesson-video');
      return !!element && element.readyState >= 1 && Number.isFinite(element.duration);
    },
    undefined,
    { timeout: 30_000 },
  );
  return videoState(page);
}

/** The next position report the player sends to progress, and progress's answer to it. */
function nextPositionReport(page: Page): Promise<{ position: number; watchedPercent: number; completed: boolean }> {
  return page
    .waitForResponse(
      (response) => response.request().method() === 'PUT' && new URL(response.url()).pathname.endsWith('/position'),
      { timeout: 30_000 },
    )
    .then(async (response) => {
      expect(response.status()).toBe(200);
      return response.json();
    });
}

/** Waits until the page's video has its metadata and its captions track is loaded with cues. */
async function captionsLoaded(page: Page): Promise<string[]> {
  await metadataLoaded(page);
  await page.waitForFunction(
    () => {
      const track = document.querySelector<HTMLTrackElement>('video.lesson-video track[kind="captions"]');
      return track?.readyState === 2 && (track.track.cues?.length ?? 0) > 0;
    },
    undefined,
    { timeout: 15_000 },
  );
  return video(page).evaluate((element: HTMLVideoElement) =>
    Array.from(element.querySelector('track')!.track.cues ?? [], (cue) => (cue as VTTCue).text),
  );
}

export function videoJourneys(context: () => { platform: RunningPlatform; browser: Browser; runId: string }): void {
  it('an instructor makes a video lesson with WebVTT captions, and captions that are not WebVTT are refused', async () => {
    const { platform, browser, runId } = context();
    const page = await browser.newPage();
    await withScreenshotsOnFailure(browser, 'video-instructor', async () => {
      await signIn(page, platform.url, 'instructor@demo.local', platform.demoPassword);
      await page.getByRole('link', { name: 'Teach' }).click();
      await page.getByLabel('Title').fill(`Video course ${runId}`);
      await page.getByLabel('Description').fill('Made by the video journey test.');
      await page.getByRole('button', { name: 'Create course' }).click();
      await page.getByLabel('New section title').fill('Clips');
      await page.getByRole('button', { name: 'Add section' }).click();
      await page.getByLabel('New lesson type').selectOption({ label: 'Video' });
      await page.getByRole('button', { name: 'Add a lesson to “Clips”' }).click();
      await page.getByRole('heading', { level: 1, name: 'New video lesson' }).waitFor();
      await page.getByLabel('Lesson title').fill('Test pattern');
      await page.getByLabel('Video file').setInputFiles({
        name: 'pattern.mp4',
        mimeType: 'video/mp4',
        buffer: readFileSync(join(FIXTURES, 'demo-lesson.mp4')),
      });
      await page.getByText('Video uploaded: save the lesson to use it.').waitFor({ timeout: 60_000 });

      // SubRip captions named .vtt: media reads the bytes and refuses them.
      await page.getByLabel('Captions (optional)').setInputFiles({
        name: 'captions.vtt',
        mimeType: 'text/vtt',
        buffer: Buffer.from('1\n00:00:00,000 --> 00:00:02,000\nNot WebVTT\n'),
      });
      await page.getByText(/Upload failed:.*not text\/vtt/).waitFor();
      await page.getByLabel('Captions (optional)').setInputFiles({
        name: 'captions.vtt',
        mimeType: 'text/vtt',
        buffer: readFileSync(join(FIXTURES, 'demo-lesson.en.vtt')),
      });
      await page.getByText('Captions uploaded: save the lesson to use them.').waitFor();
      await page.getByRole('button', { name: 'Create lesson' }).click();
      await page.getByRole('link', { name: 'Test pattern' }).click();

      // The editor previews the lesson's video with its captions.
      await page.getByRole('heading', { level: 1, name: 'Edit lesson: Test pattern' }).waitFor();
      const cues = await captionsLoaded(page);
      expect(cues).toHaveLength(3);
      await screenshot(page, 'journey-video-editor');
    });
    await page.close();
  });

  it('a learner watches a video lesson: it plays from refreshed presigned URLs with captions, resumes after a reload and completes once watched', async () => {
    const { platform, browser, runId } = context();
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await withScreenshotsOnFailure(browser, 'learning-video', async () => {
      const email = `viewer-${runId}@example.test`;
      const password = 'a-good-long-password-3';
      await signUp(page, platform.url, { displayName: 'Vera Viewer', email, password });
      const link = await linkFromMail(platform.mailApi, email);
      await page.goto(`${platform.url}${link.pathname}${link.search}`);
      await page.getByText('Your e-mail address is confirmed').waitFor();
      await signIn(page, platform.url, email, password);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
      await page.getByRole('searchbox', { name: 'Search courses' }).fill(COURSE);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('link', { name: COURSE, exact: true }).click();
      await page.getByRole('button', { name: 'Enrol in this course' }).click();
      await page.locator('#course-progress').waitFor();
      await page.getByRole('link', { name: LESSON, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: LESSON }).waitFor();

      // It plays: the demo fixture, 12 s, from a presigned URL of the object store.
      const first = await metadataLoaded(page);
      expect(first.readyState).toBeGreaterThanOrEqual(1);
      expect(first.duration).toBeCloseTo(12, 0);
      const source = new URL(first.src);
      expect(source.origin).not.toBe(new URL(platform.url).origin);
      expect(source.searchParams.get('X-Amz-Signature')).toBeTruthy();
      expect(source.searchParams.get('X-Amz-Expires')).toBe('10');

      // Its captions: a <track> loaded through its own presigned URL (CORS, allowed by the CSP).
      await captionsLoaded(page);
      const captions = await video(page).evaluate((element: HTMLVideoElement) => {
        const track = element.querySelector('track')!;
        return {
          mode: track.track.mode,
          cues: Array.from(track.track.cues ?? [], (cue) => (cue as VTTCue).text),
          src: track.src,
          crossOrigin: element.crossOrigin,
        };
      });
      expect(captions).toMatchObject({ mode: 'showing', crossOrigin: 'anonymous' });
      expect(captions.cues).toHaveLength(3);
      expect(captions.cues[0]).toContain('A Deployment keeps a set of identical Pods running');
      expect(new URL(captions.src).searchParams.get('X-Amz-Signature')).toBeTruthy();
      await screenshot(page, 'journey-video-lesson');

      // Seek to 4 s and stay there: the position is reported to progress.
      const seekReport = page.waitForResponse(
        async (response) =>
          response.request().method() === 'PUT' &&
          new URL(response.url()).pathname.endsWith('/position') &&
          (response.request().postDataJSON() as { position: number }).position === 4,
      );
      await video(page).evaluate((element: HTMLVideoElement) => {
        element.currentTime = 4;
      });
      expect((await seekReport).status()).toBe(200);

      // Before the 10 s URL expires the player swaps in a fresh one and stays at 4 s.
      await page.waitForFunction(
        (previous) => document.querySelector<HTMLVideoElement>('video.lesson-video')?.currentSrc !== previous,
        first.src,
        { timeout: 20_000 },
      );
      const refreshed = await metadataLoaded(page);
      expect(new URL(refreshed.src).searchParams.get('X-Amz-Signature')).not.toBe(
        source.searchParams.get('X-Amz-Signature'),
      );
      await page.waitForFunction(
        () => Math.abs((document.querySelector<HTMLVideoElement>('video.lesson-video')?.currentTime ?? 0) - 4) < 0.5,
        undefined,
        { timeout: 10_000 },
      );

      // After a reload the player resumes at 4 s.
      await page.reload();
      await metadataLoaded(page);
      await page.waitForFunction(
        () => Math.abs((document.querySelector<HTMLVideoElement>('video.lesson-video')?.currentTime ?? 0) - 4) < 0.5,
        undefined,
        { timeout: 15_000 },
      );

      // A jump to the end completes nothing…
      const jumped = nextPositionReport(page);
      await video(page).evaluate((element: HTMLVideoElement) => {
        element.currentTime = element.duration;
      });
      expect(await jumped).toMatchObject({ completed: false });
      await page.getByRole('button', { name: 'Mark as complete' }).waitFor();

      // …watching it does (muted: a page may start muted playback on its own).
      await video(page).evaluate(async (element: HTMLVideoElement) => {
        element.muted = true;
        element.currentTime = 0;
        await element.play();
      });
      await page.getByText('Lesson completed').waitFor({ timeout: 60_000 });
      expect(await page.getByRole('button', { name: 'Mark as complete' }).count()).toBe(0);
      await screenshot(page, 'journey-video-watched');

      // No URL the page asked for carries an access token (JWTs start with "eyJ").
      expect(requested.filter((url) => /eyJ[\w-]+\.[\w-]+\./.test(url))).toEqual([]);
    });
    await page.close();
  });
}
