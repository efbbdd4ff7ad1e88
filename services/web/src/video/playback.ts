// Rules of the lesson video player that need no browser: when to fetch fresh URLs, where to
// resume, when to report the position.

/** A fresh URL is fetched this long before the old one expires at most… */
const MAX_REFRESH_MARGIN_MS = 60_000;
/** …and at least this share of its remaining life before (short lifetimes, as in tests). */
const REFRESH_MARGIN_SHARE = 0.25;
const MIN_REFRESH_DELAY_MS = 1_000;

/** Milliseconds until the player should fetch fresh URLs for ones that expire at `expiresAt`. */
export function refreshDelayMs(expiresAt: string | null | undefined, now: number): number | null {
  if (!expiresAt) return null;
  const remaining = Date.parse(expiresAt) - now;
  if (!Number.isFinite(remaining)) return null;
  const margin = Math.min(MAX_REFRESH_MARGIN_MS, remaining * REFRESH_MARGIN_SHARE);
  return Math.max(MIN_REFRESH_DELAY_MS, Math.floor(remaining - margin));
}

/** Near the end a video starts again from the beginning rather than resuming at its last second. */
const RESTART_WITHIN_SECONDS = 2;

/** Where to resume a video of `duration` seconds the learner left at `saved`, or null to start at 0. */
export function resumeAt(saved: number, duration: number): number | null {
  if (!Number.isFinite(duration) || duration <= 0 || !(saved >= 1)) return null;
  if (saved >= duration - RESTART_WITHIN_SECONDS) return null;
  return saved;
}

/** While playing, the position is saved at most this often (and on pause, seek, end and leaving). */
export const SAVE_INTERVAL_MS = 5_000;

/** Whether a periodic save is due. */
export function saveDue(lastSavedAt: number, now: number): boolean {
  return now - lastSavedAt >= SAVE_INTERVAL_MS;
}
