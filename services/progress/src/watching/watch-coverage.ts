/**
 * How much of a video a learner watched, judged on the server from the player's position reports
 * rather than from a "done" claim: the video is cut into COVERAGE_SEGMENTS equal segments, and a
 * stretch between two reports counts as watched only if playback could really have covered it
 * (forward, within the wall-clock time since the previous report at up to MAX_PLAYBACK_RATE, the
 * reports close enough together). A seek to the end moves the position but credits nothing.
 */
export const COVERAGE_SEGMENTS = 100;
/** Share of the segments that completes a video lesson. */
export const COMPLETION_SHARE = 0.9;
/** The fastest playback rate credited in full (players offer up to 2×). */
export const MAX_PLAYBACK_RATE = 2;
/** Allowance for report timing (a save is sent a little after the time it reports). */
export const SLACK_SECONDS = 2;
/** Reports further apart than this start a new stretch: nothing between them is credited. */
export const MAX_REPORT_GAP_SECONDS = 60;
/** A duration this different from the recorded one means another video: its coverage starts again. */
export const DURATION_TOLERANCE_SECONDS = 1;

export interface WatchState {
  /** Seconds. */
  readonly position: number;
  readonly duration: number;
  /** One character per segment, '1' when watched. */
  readonly segments: string;
  readonly reportedAt: Date;
}

export interface PositionReport {
  readonly position: number;
  readonly duration: number;
}

export const NOTHING_WATCHED = '0'.repeat(COVERAGE_SEGMENTS);

/** The state after one report. Pure: the caller stores it. */
export function applyReport(previous: WatchState | null, report: PositionReport, now: Date): WatchState {
  const position = Math.min(Math.max(report.position, 0), report.duration);
  if (!previous || Math.abs(previous.duration - report.duration) > DURATION_TOLERANCE_SECONDS) {
    return { position, duration: report.duration, segments: NOTHING_WATCHED, reportedAt: now };
  }
  const elapsed = (now.getTime() - previous.reportedAt.getTime()) / 1000;
  const advance = position - previous.position;
  const plausible =
    advance > 0 && elapsed <= MAX_REPORT_GAP_SECONDS && advance <= elapsed * MAX_PLAYBACK_RATE + SLACK_SECONDS;
  const segments = plausible
    ? markWatched(previous.segments, previous.duration, previous.position, position)
    : previous.segments;
  return { position, duration: previous.duration, segments, reportedAt: now };
}

/** Marks the segments whose middle lies in [from, to]. */
function markWatched(segments: string, duration: number, from: number, to: number): string {
  const marks = [...segments.padEnd(COVERAGE_SEGMENTS, '0').slice(0, COVERAGE_SEGMENTS)];
  const length = duration / COVERAGE_SEGMENTS;
  for (let index = 0; index < COVERAGE_SEGMENTS; index++) {
    const middle = (index + 0.5) * length;
    if (middle >= from && middle <= to) marks[index] = '1';
  }
  return marks.join('');
}

/** Whole percent of the video watched. */
export function watchedPercent(segments: string): number {
  const watched = [...segments].filter((mark) => mark === '1').length;
  return Math.round((watched * 100) / COVERAGE_SEGMENTS);
}

export function watchedEnough(segments: string): boolean {
  return [...segments].filter((mark) => mark === '1').length >= COMPLETION_SHARE * COVERAGE_SEGMENTS;
}
