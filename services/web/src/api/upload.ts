// Browser uploads straight to storage: ask media for a presigned URL, PUT the file there with
// XMLHttpRequest (fetch has no upload progress events), tell media it is complete, then wait for
// the media pipeline (sniffing, image variants) to mark it ready.
import type { Api } from './client';
import { ApiError } from './errors';
import type { CompletedPart, Media, MediaPurpose, UploadTicket } from './types';

export interface UploadProgress {
  readonly phase: 'requesting' | 'uploading' | 'processing' | 'ready';
  /** Bytes sent so far (uploading phase). */
  readonly loaded: number;
  readonly total: number;
}

export interface UploadOptions {
  readonly purpose: MediaPurpose;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
  /** How long to wait for the pipeline to finish (default 120 s). */
  readonly readyTimeoutMs?: number;
}

/** The file's type as the browser knows it; some systems know no type for WebVTT captions. */
export function contentTypeOf(file: Pick<File, 'type' | 'name'>): string {
  if (file.type) return file.type;
  return /\.vtt$/i.test(file.name) ? 'text/vtt' : 'application/octet-stream';
}

/** Percent (0–100, whole) of an upload's bytes sent. */
export function uploadPercent(progress: Pick<UploadProgress, 'loaded' | 'total'>): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((progress.loaded / progress.total) * 100)));
}

/** Byte ranges [start, end) of each part of a multipart upload, in part order. */
export function partRanges(size: number, partCount: number, partSize?: number): Array<[number, number]> {
  if (partCount <= 0) return [];
  const chunk = partSize && partSize > 0 ? partSize : Math.ceil(size / partCount);
  return Array.from({ length: partCount }, (_, index) => {
    const start = Math.min(size, index * chunk);
    const end = index === partCount - 1 ? size : Math.min(size, start + chunk);
    return [start, end] as [number, number];
  });
}

export type Sleep = (ms: number) => Promise<void>;
const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET /api/media/:id until it is ready (resolves) or failed/too slow (throws). */
export async function waitForMedia(
  getMedia: (id: string) => Promise<Media>,
  mediaId: string,
  { timeoutMs = 120_000, intervalMs = 500, sleep = defaultSleep, now = Date.now } = {},
): Promise<Media> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const media = await getMedia(mediaId);
    if (media.status === 'ready') return media;
    if (media.status === 'failed') {
      throw new ApiError(
        422,
        `The file could not be processed${media.failureReason ? `: ${media.failureReason}` : '.'}`,
      );
    }
    if (now() >= deadline) throw new ApiError(0, 'The file is taking too long to process. Try again later.');
    await sleep(intervalMs);
  }
}

/** Storage answers worth a second try: S3's 500 InternalError and 503 SlowDown, and no answer (0). */
const RETRYABLE_STORAGE_STATUSES = new Set([0, 500, 503]);

export interface RetryOptions {
  /** Tries in all, the first included (default 4). */
  readonly attempts?: number;
  /** Wait before the first retry (doubles each time, with jitter; default 500 ms, at most 8 s). */
  readonly baseMs?: number;
  readonly capMs?: number;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly signal?: AbortSignal;
}

/**
 * Runs a presigned storage PUT again when the store failed it (500, 503) or the connection did (0):
 * a PUT of the same bytes to the same URL is idempotent. Waits half of an exponentially growing step
 * for sure and the other half at random, so that uploads that failed together do not retry together.
 */
export async function withStorageRetries<T>(
  put: () => Promise<T>,
  { attempts = 4, baseMs = 500, capMs = 8000, sleep = defaultSleep, random = Math.random, signal }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put();
    } catch (error) {
      const retryable = error instanceof ApiError && RETRYABLE_STORAGE_STATUSES.has(error.status);
      if (!retryable || attempt >= attempts || signal?.aborted) throw error;
      const step = Math.min(capMs, baseMs * 2 ** (attempt - 1));
      await sleep(Math.round(step / 2 + (random() * step) / 2));
      if (signal?.aborted) throw new DOMException('Upload cancelled', 'AbortError');
    }
  }
}

interface PutResult {
  readonly etag: string | null;
}

/** PUT a body to a presigned URL, reporting bytes sent. */
function putWithProgress(
  url: string,
  body: Blob,
  method: string,
  headers: Record<string, string>,
  onBytes: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets these itself and refuses to be told.
      if (['host', 'content-length'].includes(name.toLowerCase())) continue;
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onBytes(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onBytes(body.size);
        resolve({ etag: xhr.getResponseHeader('ETag') });
      } else {
        reject(new ApiError(xhr.status, `The storage refused the upload (HTTP ${xhr.status}).`));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'The upload to storage failed: check your connection.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

async function sendToStorage(
  ticket: UploadTicket,
  file: File,
  report: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<CompletedPart[] | undefined> {
  if ('parts' in ticket) {
    const ranges = partRanges(file.size, ticket.parts.length, ticket.partSize);
    const done: CompletedPart[] = [];
    let sent = 0;
    for (const [index, part] of ticket.parts.entries()) {
      const [start, end] = ranges[index];
      const offset = sent;
      const result = await withStorageRetries(
        () => putWithProgress(part.url, file.slice(start, end), 'PUT', {}, (loaded) => report(offset + loaded), signal),
        { signal },
      );
      sent += end - start;
      if (!result.etag) {
        throw new ApiError(0, 'The storage did not return an ETag for a part (is ETag exposed by its CORS rules?).');
      }
      done.push({ partNumber: part.partNumber, etag: result.etag });
    }
    return done;
  }
  await withStorageRetries(
    () => putWithProgress(ticket.uploadUrl, file, ticket.method, ticket.headers, report, signal),
    { signal },
  );
  return undefined;
}

/** Uploads one file through the media pipeline; resolves with the ready media. */
export async function uploadFile(api: Api, file: File, options: UploadOptions): Promise<Media> {
  const total = file.size;
  const progress = (phase: UploadProgress['phase'], loaded: number): void =>
    options.onProgress?.({ phase, loaded, total });
  progress('requesting', 0);
  const ticket = await api.media.requestUpload({
    filename: file.name,
    contentType: contentTypeOf(file),
    size: file.size,
    purpose: options.purpose,
  });
  const parts = await sendToStorage(ticket, file, (loaded) => progress('uploading', loaded), options.signal);
  progress('processing', total);
  await api.media.completeUpload(ticket.id, parts);
  const media = await waitForMedia(api.media.getMedia, ticket.id, { timeoutMs: options.readyTimeoutMs });
  progress('ready', total);
  return media;
}
