// The platform's mail catcher (maildev) read through its REST API, as a person reads their inbox.

interface MaildevMessage {
  readonly to?: { readonly address?: string }[];
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
}

/** The first link in the newest mail to `to` that has a `?token=`; polls for up to `timeoutMs`. */
export async function linkFromMail(mailApi: string, to: string, timeoutMs = 20_000): Promise<URL> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    const response = await fetch(mailApi).catch(() => undefined);
    const messages = response?.ok ? ((await response.json()) as MaildevMessage[]) : [];
    const mine = messages.filter((m) => (m.to ?? []).some((t) => t.address?.toLowerCase() === to.toLowerCase()));
    seen = mine.length;
    for (const message of mine.reverse()) {
      const link = `${message.text ?? ''} ${message.html ?? ''}`.match(/https?:\/\/[^\s"'<>]+[?&]token=[^\s"'<>]+/);
      if (link) return new URL(link[0].replace(/&amp;/g, '&'));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail with a ?token= link reached ${to} within ${timeoutMs} ms (${seen} mail(s) to them)`);
}
