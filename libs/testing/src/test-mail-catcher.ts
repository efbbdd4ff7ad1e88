import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait-for';
import { freePort } from './free-port';

export interface CaughtMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly to: ReadonlyArray<{ address: string }>;
}

export interface TestMailCatcher {
  /** SMTP URL for the service under test. */
  readonly smtpUrl: string;
  /** All mails sent to `address` so far. */
  mailsTo(address: string): Promise<CaughtMail[]>;
  /** Waits (bounded) for a mail to `address` whose text or html matches `pattern`, and returns the match. */
  waitForMatch(address: string, pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  close(): Promise<void>;
}

/** maildev's CLI script; its package `exports` hide subpaths from require.resolve, so look it up by folder. */
function maildevCli(): string {
  const folder = (require.resolve.paths('maildev') ?? [])
    .map((base) => join(base, 'maildev'))
    .find((candidate) => existsSync(candidate));
  if (!folder) throw new Error('maildev is not installed (devDependency of @platform/testing)');
  return join(folder, 'dist', 'bin', 'maildev.js');
}

/**
 * A real SMTP catcher for black-box tests: maildev in a child process (it is ESM-only, which Jest's
 * CommonJS runtime cannot load in-process), read back through its REST API under /api/email.
 */
export async function startTestMailCatcher(): Promise<TestMailCatcher> {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      maildevCli(),
      '--smtp',
      String(smtpPort),
      '--web',
      String(webPort),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--silent',
    ],
    { stdio: 'ignore' },
  );
  const api = `http://127.0.0.1:${webPort}/api/email`;
  // Never outlive the test process, nor a start that failed.
  const killChild = (): void => void child.kill();
  process.once('exit', killChild);
  // maildev loads a web stack at start: on a loaded 2-core machine that alone took 14 s.
  await waitFor('maildev to answer', async () => (await fetch(api)).ok, 60_000, 100).catch((error: unknown) => {
    killChild();
    throw error;
  });

  const mailsTo = async (address: string): Promise<CaughtMail[]> => {
    const all = (await (await fetch(api)).json()) as CaughtMail[];
    return all.filter((mail) => mail.to.some((recipient) => recipient.address.toLowerCase() === address.toLowerCase()));
  };

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailsTo,
    waitForMatch: (address, pattern, timeoutMs = 10_000) =>
      waitFor(
        `a mail to ${address} matching ${pattern}`,
        async () => {
          for (const mail of (await mailsTo(address)).reverse()) {
            const match = `${mail.text ?? ''}\n${mail.html ?? ''}`.match(pattern);
            if (match) return match;
          }
          return undefined;
        },
        timeoutMs,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killChild);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
