import { refreshDelayMs, resumeAt, saveDue, SAVE_INTERVAL_MS } from './playback';

describe('refreshDelayMs', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');
  const inSeconds = (seconds: number) => new Date(now + seconds * 1000).toISOString();

  it('refreshes a minute before a 5-minute URL expires', () => {
    expect(refreshDelayMs(inSeconds(300), now)).toBe(240_000);
  });

  it('refreshes a quarter of the lifetime early for short-lived URLs', () => {
    expect(refreshDelayMs(inSeconds(10), now)).toBe(7_500);
  });

  it('waits at least a second, and not at all without an expiry', () => {
    expect(refreshDelayMs(inSeconds(-5), now)).toBe(1_000);
    expect(refreshDelayMs(null, now)).toBeNull();
    expect(refreshDelayMs('not a date', now)).toBeNull();
  });
});

describe('resumeAt', () => {
  it('resumes where the learner stopped', () => {
    expect(resumeAt(42.5, 120)).toBe(42.5);
  });

  it('starts at the beginning when nothing was watched or the end was reached', () => {
    expect(resumeAt(0, 120)).toBeNull();
    expect(resumeAt(0.5, 120)).toBeNull();
    expect(resumeAt(119, 120)).toBeNull();
    expect(resumeAt(10, Number.NaN)).toBeNull();
    expect(resumeAt(10, Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('saveDue', () => {
  it('saves at most every few seconds', () => {
    expect(saveDue(0, SAVE_INTERVAL_MS - 1)).toBe(false);
    expect(saveDue(0, SAVE_INTERVAL_MS)).toBe(true);
  });
});
