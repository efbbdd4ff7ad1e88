import { ROLES } from '@platform/contracts';
import { answerFields, answerSchema, namedPageSchema } from '@platform/service-kit';
import { z } from 'zod';

/** The user the documents' examples show (also inside the session answers' examples). */
export const USER_VIEW_EXAMPLE = {
  id: '3f6c2a9e-8d41-4b7a-9c55-1e2f3a4b5c6d',
  email: 'ada@example.org',
  displayName: 'Ada Lovelace',
  roles: ['learner' as const],
  emailVerified: true,
  disabled: false,
  createdAt: '2026-11-20T09:30:00.000Z',
};

/** What clients see of a user (DESIGN.md payload names); never the hash or the normalised e-mail. */
export const UserViewSchema = answerSchema(
  'UserView',
  z.object({
    id: answerFields.id(),
    // No `format: email`: that is RFC 5321's ASCII address, and identity takes internationalised ones.
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    emailVerified: z.boolean(),
    disabled: z.boolean().meta({ description: 'Set by an admin: the account cannot sign in.' }),
    createdAt: answerFields.timestamp(),
  }),
  USER_VIEW_EXAMPLE,
);
export type UserView = z.infer<typeof UserViewSchema>;

export const UserPageSchema = namedPageSchema(UserViewSchema);
