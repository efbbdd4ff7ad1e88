import { answerSchema } from '@platform/service-kit';
import { z } from 'zod';

/** 202 of a request that sends mail, or not, without saying which (no account enumeration). */
export const AcceptedSchema = answerSchema('Accepted', z.object({ status: z.literal('accepted') }), {
  status: 'accepted',
});

/** 202 of an admin's resend: the mail went out. */
export const SentSchema = answerSchema('Sent', z.object({ status: z.literal('sent') }), { status: 'sent' });
