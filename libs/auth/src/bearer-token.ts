import { UnauthenticatedError } from '@platform/service-kit';

/** The token of an `Authorization: Bearer <token>` header; undefined without one, 401 when malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const [scheme, token] = value.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token)
    throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  return token;
}

/** The same, where a token is required: 401 without one. */
export function requiredBearerToken(header: string | string[] | undefined): string {
  const token = bearerToken(header);
  if (!token) throw new UnauthenticatedError('Missing bearer token');
  return token;
}
