/**
 * Typed errors that services throw for rule violations. The exception filter maps each kind to one
 * HTTP status, so services never import HTTP concepts.
 */
export abstract class DomainError extends Error {
  abstract readonly statusCode: number;
  /** Machine-readable detail sent beside `message` in the error body (e.g. a list of problems). */
  details?: Readonly<Record<string, unknown>>;

  constructor(message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input is well-formed but breaks a rule (400). */
export class InvalidInputError extends DomainError {
  readonly statusCode = 400;
}

/** Missing or invalid credentials (401). */
export class UnauthenticatedError extends DomainError {
  readonly statusCode = 401;
}

/** Authenticated but not allowed (403). */
export class ForbiddenError extends DomainError {
  readonly statusCode = 403;
}

/** Unknown id, or an id the caller may not know exists (404). */
export class NotFoundError extends DomainError {
  readonly statusCode = 404;
  constructor(entity: string, id?: string) {
    super(id === undefined ? `${entity} not found` : `${entity} ${id} not found`);
  }
}

/** The request conflicts with current state (409). */
export class ConflictError extends DomainError {
  readonly statusCode = 409;
}

/** Payload too large for its purpose (413). */
export class PayloadTooLargeError extends DomainError {
  readonly statusCode = 413;
}

/** Unsupported content type (415). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly statusCode = 415;
}

/** Well-formed but semantically unprocessable (422). */
export class UnprocessableError extends DomainError {
  readonly statusCode = 422;
}

/** Too many requests (429). */
export class TooManyRequestsError extends DomainError {
  readonly statusCode = 429;
}

/** A dependency the request needs is unavailable (503). */
export class DependencyUnavailableError extends DomainError {
  readonly statusCode = 503;
}
