import { createConnection } from 'node:net';
import { startTestMailCatcher, type TestMailCatcher } from '../src';

/** Speaks just enough SMTP to hand over one message: the catcher must be a real SMTP server. */
async function sendRawMail(smtpUrl: string, to: string, body: string): Promise<void> {
  const { hostname, port } = new URL(smtpUrl);
  const socket = createConnection({ host: hostname, port: Number(port) });
  const lines = [
    'EHLO test',
    'MAIL FROM:<sender@example.test>',
    `RCPT TO:<${to}>`,
    'DATA',
    `Subject: hi\r\nTo: ${to}\r\n\r\n${body}\r\n.`,
    'QUIT',
  ];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', () => {
      const next = lines.shift();
      if (next) socket.write(`${next}\r\n`);
      else resolve();
    });
    socket.once('close', () => resolve());
  });
}

describe('startTestMailCatcher', () => {
  let catcher: TestMailCatcher;
  beforeAll(async () => {
    catcher = await startTestMailCatcher();
  });
  afterAll(() => catcher.close());

  it('catches a mail sent over SMTP and finds a link token in it', async () => {
    await sendRawMail(catcher.smtpUrl, 'someone@example.test', 'open http://x/verify?token=abc123 now');
    const match = await catcher.waitForMatch('someone@example.test', /token=([a-z0-9]+)/);
    expect(match[1]).toBe('abc123');
  });
});
