import { useCallback, useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { api } from '../api';
import { ErrorMessage } from '../components/status';
import { refreshDelayMs, resumeAt, saveDue } from './playback';

interface Sources {
  readonly video: string;
  readonly captions: string | null;
  /** The earlier expiry of the two URLs. */
  readonly expiresAt: string | null;
}

/** Where and whether to continue after the source was swapped for a fresh URL. */
interface Restore {
  readonly time: number;
  readonly playing: boolean;
}

/** Media errors after which a fresh URL may help (an expired URL answers 403: "not supported"). */
const RETRYABLE_MEDIA_ERRORS = new Set([2 /* NETWORK */, 4 /* SRC_NOT_SUPPORTED */]);
const MAX_ERROR_RETRIES = 2;

function earlier(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

async function loadSources(mediaId: string, captionsMediaId: string | null): Promise<Sources | null> {
  const [video, captions] = await Promise.all([
    api.media.getMedia(mediaId),
    // Captions that cannot be read leave the video playable without them.
    captionsMediaId ? api.media.getMedia(captionsMediaId).catch(() => null) : Promise.resolve(null),
  ]);
  if (video.status !== 'ready' || !video.url) return null;
  const captionsUrl = captions?.status === 'ready' ? captions.url : null;
  return {
    video: video.url,
    captions: captionsUrl,
    expiresAt: earlier(video.expiresAt, captionsUrl ? captions?.expiresAt : null),
  };
}

/**
 * A lesson video played from media's short-lived presigned URLs (asked for with the learner's
 * token: no token ever goes in a URL), fetched afresh before they expire with the position kept.
 * With `trackProgress` it resumes where the learner stopped and reports the position to progress
 * (on play, every few seconds while playing, on pause, seek and end, and when the page is left),
 * which completes the lesson once most of the video was watched.
 */
export function VideoPlayer({
  lessonId,
  mediaId,
  captionsMediaId,
  trackProgress,
  onCompleted,
}: {
  lessonId: string;
  mediaId: string;
  captionsMediaId: string | null;
  trackProgress: boolean;
  onCompleted?: () => void;
}) {
  const [sources, setSources] = useState<Sources | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const videoRef = useRef<HTMLVideoElement>(null);
  const restore = useRef<Restore | null>(null);
  const saved = useRef<{ position: number; completed: boolean } | null>(null);
  const resumed = useRef(false);
  const lastSavedAt = useRef(0);
  const lastPlayed = useRef(0);
  const completed = useRef(false);
  const reports = useRef<Promise<void>>(Promise.resolve());
  const errorRetries = useRef(0);
  // Kept outside the element, which is gone by the time an unmounting lesson saves its position.
  const duration = useRef(0);
  const playing = useRef(false);
  const sourcesRef = useRef(sources);
  sourcesRef.current = sources;
  const onCompletedRef = useRef(onCompleted);
  onCompletedRef.current = onCompleted;

  const save = useCallback(
    (position: number, keepalive = false) => {
      if (!trackProgress || restore.current || !Number.isFinite(duration.current) || duration.current <= 0) return;
      lastSavedAt.current = Date.now();
      const body = { position: Math.min(Math.max(position, 0), duration.current), duration: duration.current };
      // One report at a time, in order: progress credits the stretch between consecutive reports.
      reports.current = reports.current
        .then(() => api.progress.reportVideoPosition(lessonId, body, keepalive))
        .then((answer) => {
          if (answer.completed && !completed.current) {
            completed.current = true;
            onCompletedRef.current?.();
          }
        })
        .catch(() => undefined);
    },
    [lessonId, trackProgress],
  );

  /** Fresh URLs for the same video; the element reloads and continues where it was. */
  const refresh = useCallback(async () => {
    try {
      const fresh = await loadSources(mediaId, captionsMediaId);
      const video = videoRef.current;
      const current = sourcesRef.current;
      if (video && current && fresh && fresh.video !== current.video && video.readyState > 0)
        restore.current = { time: video.currentTime, playing: !video.paused && !video.ended };
      setSources(fresh);
    } catch (failure) {
      setError(failure);
    }
  }, [mediaId, captionsMediaId]);

  useEffect(() => {
    let current = true;
    loadSources(mediaId, captionsMediaId).then(
      (loaded) => current && setSources(loaded),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [mediaId, captionsMediaId]);

  useEffect(() => {
    const delay = refreshDelayMs(sources?.expiresAt, Date.now());
    if (delay === null) return;
    const timer = setTimeout(() => void refresh(), delay);
    return () => clearTimeout(timer);
  }, [sources?.expiresAt, refresh]);

  const applyResume = useCallback(() => {
    const video = videoRef.current;
    if (resumed.current || !saved.current || !video || video.readyState < 1) return;
    resumed.current = true;
    const at = resumeAt(saved.current.position, video.duration);
    // Not over a position the learner already chose.
    if (at !== null && video.currentTime < 0.5 && video.paused) {
      lastPlayed.current = at;
      video.currentTime = at;
    }
  }, []);

  useEffect(() => {
    if (!trackProgress) return;
    let current = true;
    api.progress.videoPosition(lessonId).then(
      (answer) => {
        if (!current) return;
        saved.current = answer;
        completed.current = answer.completed;
        applyResume();
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [lessonId, trackProgress, applyResume]);

  // Leaving the page (or the lesson) saves where the learner was.
  useEffect(() => {
    const leave = () => {
      if (playing.current) save(lastPlayed.current, true);
    };
    const hidden = () => document.visibilityState === 'hidden' && leave();
    window.addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      leave();
      window.removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [save]);

  const onLoadedMetadata = (event: SyntheticEvent<HTMLVideoElement>) => {
    const video = event.currentTarget;
    errorRetries.current = 0;
    duration.current = video.duration;
    const pending = restore.current;
    if (pending) {
      video.currentTime = pending.time;
      lastPlayed.current = pending.time;
      restore.current = null;
      if (pending.playing) void video.play().catch(() => undefined);
      return;
    }
    applyResume();
  };

  const onTimeUpdate = (event: SyntheticEvent<HTMLVideoElement>) => {
    const video = event.currentTarget;
    if (restore.current || video.seeking) return;
    lastPlayed.current = video.currentTime;
    if (!video.paused && saveDue(lastSavedAt.current, Date.now())) save(video.currentTime);
  };

  const onError = (event: SyntheticEvent<HTMLVideoElement>) => {
    const code = event.currentTarget.error?.code;
    if (code !== undefined && RETRYABLE_MEDIA_ERRORS.has(code) && errorRetries.current < MAX_ERROR_RETRIES) {
      errorRetries.current += 1;
      void refresh();
    }
  };

  if (error) return <ErrorMessage error={error} title="The video could not be loaded:" />;
  if (sources === undefined) return <p className="muted">Loading the video…</p>;
  if (sources === null) return <p className="muted">The video is not available yet.</p>;
  return (
    <video
      ref={videoRef}
      className="lesson-video"
      src={sources.video}
      // A <track> from the storage origin loads only in CORS mode (the bucket's CORS rules allow it).
      crossOrigin="anonymous"
      controls
      preload="metadata"
      onLoadedMetadata={onLoadedMetadata}
      onTimeUpdate={onTimeUpdate}
      onDurationChange={(event) => {
        if (!restore.current) duration.current = event.currentTarget.duration;
      }}
      onPlay={(event) => {
        playing.current = true;
        save(event.currentTarget.currentTime);
      }}
      onPause={(event) => {
        playing.current = false;
        save(event.currentTarget.currentTime);
      }}
      // The last position played before a seek, then the new one: progress credits only what was played.
      onSeeking={() => save(lastPlayed.current)}
      onSeeked={(event) => {
        lastPlayed.current = event.currentTarget.currentTime;
        save(event.currentTarget.currentTime);
      }}
      onEnded={(event) => {
        playing.current = false;
        save(event.currentTarget.duration);
      }}
      onError={onError}
    >
      {sources.captions && <track kind="captions" src={sources.captions} label="Captions" default />}
      Your browser cannot play this video.
    </video>
  );
}
