import type { ApiErrorBody } from './types';

/** An error answer of the API (or the network), carrying the message a person should read. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    message: string,
    /** The `error` phrase of the body (e.g. "Conflict"), if any. */
    readonly error?: string,
    /** The whole error body, for fields beside the message (e.g. a publish's `blockers`). */
    readonly body?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with something that already exists.',
  413: 'That is too large.',
  429: 'Too many requests: please wait a moment and try again.',
};

function isErrorBody(value: unknown): value is Partial<ApiErrorBody> {
  return typeof value === 'object' && value !== null && ('message' in value || 'error' in value);
}

/**
 * Turns an error answer into an ApiError whose message is the API's own `message` (validation
 * errors may send an array of them: joined), falling back to a plain sentence for the status.
 */
export function toApiError(status: number, body: unknown, statusText = ''): ApiError {
  if (isErrorBody(body)) {
    const raw = body.message;
    const message = Array.isArray(raw)
      ? raw.filter((part) => typeof part === 'string' && part.trim()).join('; ')
      : typeof raw === 'string'
        ? raw.trim()
        : '';
    const phrase = typeof body.error === 'string' ? body.error : undefined;
    const fields = body as Readonly<Record<string, unknown>>;
    if (message) return new ApiError(status, message, phrase, fields);
    if (phrase) return new ApiError(status, phrase, phrase, fields);
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trimStart().startsWith('<')) {
    return new ApiError(status, body.trim());
  }
  const fallback =
    FALLBACK_MESSAGES[status] ??
    (status >= 500
      ? 'The service is having trouble right now. Please try again shortly.'
      : `Request failed${statusText ? `: ${statusText}` : ''} (${status}).`);
  return new ApiError(status, fallback);
}

/** A failure before any answer (offline, DNS, CORS, aborted). */
export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ApiError(0, `Could not reach the server${detail}. Check your connection and try again.`);
}

/** The strings of a list field of an error's body (e.g. `blockers`), or none. */
export function errorList(error: unknown, field: string): string[] {
  const value = error instanceof ApiError ? error.body?.[field] : undefined;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The sentence to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
