// Sign-up as a person does it (register, open the mail, follow the link, sign in) and sign-in.
import { randomUUID } from 'node:crypto';
import type { SessionAnswer, UserAnswer } from './api-types';
import type { HttpRecorder } from './http-recorder';
import { expectThat, type JourneyContext, type JourneyLog, statusText } from './journey-log';
import type { MailInbox } from './mail-inbox';

export interface Session {
  readonly userId: string;
  readonly accessToken: string;
}

export interface AccountDeps {
  readonly http: HttpRecorder;
  readonly log: JourneyLog;
  readonly inbox: MailInbox;
  readonly mailTimeoutMs: number;
}

export async function signIn(
  { http, log }: Pick<AccountDeps, 'http' | 'log'>,
  journey: JourneyContext,
  email: string,
  password: string,
  step = 'login',
): Promise<Session> {
  return log.step(journey, step, async () => {
    // A second sign-in only opens a second session: sent again after a lost answer.
    const response = await http.api<SessionAnswer>('POST', '/api/identity/login', {
      body: { email, password },
      repeatable: true,
    });
    expectThat(response.status === 200 && response.json?.accessToken, statusText('login', response));
    return { userId: String(response.json.user?.id), accessToken: response.json.accessToken };
  });
}

/** Registers `email`, confirms it from the mail catcher and returns the new user's id. */
export async function signUp(
  deps: AccountDeps,
  journey: JourneyContext,
  email: string,
  password: string,
): Promise<string> {
  const { http, log, inbox } = deps;
  const userId = await log.step(journey, 'register', async () => {
    const response = await http.api<UserAnswer>('POST', '/api/identity/register', {
      body: { email, password, displayName: journey.name },
      idempotencyKey: randomUUID(),
    });
    expectThat(response.status === 201 && response.json?.id, statusText('register', response));
    expectThat(response.json.emailVerified === false, `a new account is verified already: ${response.text}`);
    return response.json.id;
  });
  const token = await log.step(journey, 'verification-mail', () => inbox.token(email, deps.mailTimeoutMs));
  await log.step(journey, 'verify-email', async () => {
    const response = await http.api<UserAnswer>('POST', '/api/identity/verify-email', {
      body: { token },
      idempotencyKey: randomUUID(),
    });
    expectThat(response.status === 200 && response.json?.emailVerified === true, statusText('verify-email', response));
  });
  return userId;
}
