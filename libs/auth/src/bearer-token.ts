import { UnauthenticatedError } from '@platform/service-kit';

// RFC 6750's `Bearer <b64token>`: exactly one token, so trailing words or a second credential are refused, not ignored.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined without one, 401 when malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const token = BEARER.exec(value)?.[1];
  if (!token) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  return token;
}

/** The same, where a token is required: 401 without one. */
export function requiredBearerToken(header: string | string[] | undefined): string {
  const token = bearerToken(header);
  if (!token) throw new UnauthenticatedError('Missing bearer token');
  return token;
}
