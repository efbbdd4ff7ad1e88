export const ROLES = ['learner', 'instructor', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Claims of the access tokens identity signs and every other service verifies. */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly roles: Role[];
  readonly email: string;
  /**
   * The display name (OIDC's `name` claim): what other services show of a person, e.g. as a
   * comment's author, so they never need to show, or derive a name from, the e-mail address.
   */
  readonly name: string;
}

export const ACCESS_TOKEN_ISSUER_DEFAULT = 'learning-platform-identity';
export const ACCESS_TOKEN_AUDIENCE_DEFAULT = 'learning-platform';

/**
 * Longest lifetime (`exp - iat`) of an access token: identity refuses a longer
 * ACCESS_TOKEN_TTL_SECONDS, and every verifier refuses a token that claims more, since a signed
 * token cannot be recalled.
 */
export const ACCESS_TOKEN_MAX_TTL_SECONDS = 900;
