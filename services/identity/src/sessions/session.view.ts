import { answerSchema } from '@platform/service-kit';
import { z } from 'zod';
import { USER_VIEW_EXAMPLE, UserViewSchema } from '../users/user.view';

const TOKENS = {
  accessToken: z.string().meta({ description: 'A JWT for `Authorization: Bearer`.' }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.int().min(1).meta({ description: 'Seconds until the access token expires.' }),
  user: UserViewSchema,
};
const EXAMPLE = {
  accessToken: 'eyJhbGciOiJFZERTQSIsImtpZCI6IjVmQ2gifQ.eyJzdWIiOiIzZjZjMmE5ZSJ9.c2lnbmF0dXJl',
  tokenType: 'Bearer' as const,
  expiresIn: 900,
  user: UserViewSchema.parse(USER_VIEW_EXAMPLE),
};

/** What login and refresh answer in body mode (DESIGN.md payload names). */
export const SessionSchema = answerSchema(
  'Session',
  z.object({ ...TOKENS, refreshToken: z.string().meta({ description: 'Opaque; spend it once at /refresh.' }) }),
  { ...EXAMPLE, refreshToken: 'k3Jx9QvU2mZ8r1Lw0aYbTn5c7dE4fGhS' },
);
export type Session = z.infer<typeof SessionSchema>;

/** Cookie mode's answer: the refresh token went into an HttpOnly cookie instead. */
export const CookieSessionSchema = answerSchema('CookieSession', z.object(TOKENS), EXAMPLE);
export type CookieSession = z.infer<typeof CookieSessionSchema>;

/** Login and refresh answer one or the other, as the request's session-cookie header asks. */
export const SessionAnswerSchema = answerSchema(
  'SessionAnswer',
  z.union([SessionSchema, CookieSessionSchema]),
  SessionSchema.parse({ ...EXAMPLE, refreshToken: 'k3Jx9QvU2mZ8r1Lw0aYbTn5c7dE4fGhS' }),
);

/** The public keys that verify access tokens (RFC 7517). */
export const JwksSchema = answerSchema(
  'Jwks',
  z.object({
    keys: z.array(
      z.object({
        kty: z.literal('OKP'),
        crv: z.literal('Ed25519'),
        x: z.string(),
        kid: z.string(),
        alg: z.string(),
        use: z.literal('sig'),
      }),
    ),
  }),
  {
    keys: [
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
        kid: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
        alg: 'EdDSA',
        use: 'sig',
      },
    ],
  },
);
