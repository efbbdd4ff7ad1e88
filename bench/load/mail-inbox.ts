// The platform's mail catcher (maildev's REST API, `…/api/email`), read as the learner reads their
// inbox: the newest mail to them with a `?token=` link.
import { delay } from './http-recorder';

interface CaughtMail {
  readonly id?: string;
  readonly to?: ReadonlyArray<{ readonly address?: string }>;
  readonly text?: string;
  readonly html?: string;
}

const TOKEN = /[?&]token=([A-Za-z0-9._~%-]+)/;

/** The token of a verification or reset link in a mail's text or HTML. */
export function tokenInMail(mail: CaughtMail): string | undefined {
  const match = `${mail.text ?? ''} ${mail.html ?? ''}`.replace(/&amp;/g, '&').match(TOKEN);
  return match ? decodeURIComponent(match[1]) : undefined;
}

export class MailInbox {
  constructor(
    /** e.g. http://localhost:1080/api/email */
    private readonly mailApi: string,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Waits (bounded) for the link token mailed to `address`, then deletes that mail from the
   * catcher (the link is single-use, and repeated runs would otherwise pile up the inbox).
   */
  async token(address: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    while (Date.now() < deadline) {
      // maildev filters on any field with dot notation; the client-side filter keeps other catchers working.
      const response = await fetch(`${this.mailApi}?to.address=${encodeURIComponent(address)}`, {
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(10_000)]),
      }).catch(() => undefined);
      const mails = response?.ok ? ((await response.json()) as CaughtMail[]) : [];
      const mine = mails.filter((mail) => (mail.to ?? []).some((to) => to.address?.toLowerCase() === address));
      seen = mine.length;
      for (const mail of mine.reverse()) {
        const token = tokenInMail(mail);
        if (!token) continue;
        if (mail.id) await fetch(`${this.mailApi}/${mail.id}`, { method: 'DELETE' }).catch(() => undefined);
        return token;
      }
      await delay(250, this.signal);
    }
    throw new Error(`no mail with a ?token= link reached ${address} within ${timeoutMs} ms (${seen} mail(s) to them)`);
  }
}
