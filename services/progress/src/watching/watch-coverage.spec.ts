import { applyReport, NOTHING_WATCHED, watchedEnough, watchedPercent, type WatchState } from './watch-coverage';

const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

/** Plays a video as a player reports it: a report every `every` seconds of wall-clock time. */
function play(state: WatchState | null, from: number, to: number, { every = 5, rate = 1, clock = 0 } = {}): WatchState {
  let current = applyReport(state, { position: from, duration: 100 }, at(clock));
  for (let t = every; from + t * rate < to + every * rate; t += every) {
    current = applyReport(current, { position: Math.min(from + t * rate, to), duration: 100 }, at(clock + t));
  }
  return current;
}

describe('watch coverage', () => {
  it('starts with nothing watched and the reported duration', () => {
    const state = applyReport(null, { position: 30, duration: 100 }, at(0));
    expect(state).toEqual({ position: 30, duration: 100, segments: NOTHING_WATCHED, reportedAt: at(0) });
    expect(watchedPercent(state.segments)).toBe(0);
  });

  it('credits playback from start to end, at normal speed and at 2×', () => {
    const normal = play(null, 0, 100);
    expect(watchedPercent(normal.segments)).toBe(100);
    expect(watchedEnough(normal.segments)).toBe(true);
    expect(watchedPercent(play(null, 0, 100, { rate: 2 }).segments)).toBe(100);
  });

  it('credits nothing for a seek to the end, or for a jump faster than playback', () => {
    const started = applyReport(null, { position: 0, duration: 100 }, at(0));
    const seeked = applyReport(started, { position: 100, duration: 100 }, at(3));
    expect(seeked.position).toBe(100);
    expect(watchedPercent(seeked.segments)).toBe(0);
    expect(watchedPercent(play(null, 0, 100, { rate: 4 }).segments)).toBe(0);
  });

  it('credits nothing across a long gap between reports (a new visit)', () => {
    const first = play(null, 0, 10);
    const later = applyReport(first, { position: 100, duration: 100 }, at(3600));
    expect(watchedPercent(later.segments)).toBe(10);
    expect(later.position).toBe(100);
  });

  it('counts a part watched twice once, and stops short of completion at 89 %', () => {
    let state = play(null, 0, 50);
    state = play(state, 0, 50, { clock: 100 });
    expect(watchedPercent(state.segments)).toBe(50);
    state = play(state, 50, 89, { clock: 200 });
    expect(watchedPercent(state.segments)).toBe(89);
    expect(watchedEnough(state.segments)).toBe(false);
    state = play(state, 89, 95, { clock: 300 });
    expect(watchedEnough(state.segments)).toBe(true);
  });

  it('never credits backwards, and starts again when the duration says it is another video', () => {
    const watched = play(null, 0, 50);
    const back = applyReport(watched, { position: 10, duration: 100 }, at(60));
    expect(watchedPercent(back.segments)).toBe(50);
    const other = applyReport(back, { position: 12, duration: 300 }, at(62));
    expect(other).toMatchObject({ duration: 300, segments: NOTHING_WATCHED, position: 12 });
  });

  it('keeps the position within the video', () => {
    const state = applyReport(null, { position: 120, duration: 100 }, at(0));
    expect(state.position).toBe(100);
  });
});
