// The platform's mail catcher (maildev) read through its REST API, as a person reads their inbox.
import { waitFor } from '@platform/testing';

export interface CaughtMail {
  readonly to?: ReadonlyArray<{ readonly address?: string }>;
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
}

const TOKEN_LINK = /https?:\/\/[^\s"'<>]+[?&]token=[^\s"'<>]+/;

/** Mails to `to`, oldest first (none while the catcher does not answer). */
async function mailsTo(mailApi: string, to: string): Promise<CaughtMail[]> {
  const response = await fetch(mailApi).catch(() => undefined);
  const mails = response?.ok ? ((await response.json()) as CaughtMail[]) : [];
  return mails.filter((mail) => (mail.to ?? []).some((t) => t.address?.toLowerCase() === to.toLowerCase()));
}

function newestTokenLink(mails: readonly CaughtMail[]): URL | undefined {
  for (const mail of [...mails].reverse()) {
    const link = `${mail.text ?? ''} ${mail.html ?? ''}`.match(TOKEN_LINK);
    if (link) return new URL(link[0].replace(/&amp;/g, '&'));
  }
  return undefined;
}

/** The first link in the newest mail to `to` that has a `?token=`; polls for up to `timeoutMs`. */
export function linkFromMail(mailApi: string, to: string, timeoutMs = 20_000): Promise<URL> {
  return waitFor(
    `a mail with a ?token= link to ${to}`,
    async () => newestTokenLink(await mailsTo(mailApi, to)),
    timeoutMs,
    250,
  );
}

/** The newest ?token= link mailed to `to` once it differs from `previous` (a re-sent one). */
export function newLinkFromMail(mailApi: string, to: string, previous: string, timeoutMs = 20_000): Promise<URL> {
  return waitFor(
    `a second ?token= link to ${to}`,
    async () => {
      const link = newestTokenLink(await mailsTo(mailApi, to));
      return link && link.href !== previous ? link : undefined;
    },
    timeoutMs,
    250,
  );
}

/** The mail to `to` with this subject, once it arrives. */
export function mailWithSubject(mailApi: string, to: string, subject: string, timeoutMs = 20_000): Promise<CaughtMail> {
  return waitFor(
    `a mail “${subject}” to ${to}`,
    async () => (await mailsTo(mailApi, to)).find((mail) => mail.subject === subject),
    timeoutMs,
    250,
  );
}
