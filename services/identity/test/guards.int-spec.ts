import { createServer, type Server, type Socket, connect } from 'node:net';
import { startTestMailCatcher, type TestMailCatcher, waitFor } from '@platform/testing';
import request from 'supertest';
import { API, bearer, IdentityHarness, newEmail, PASSWORD } from './identity-harness';

/** Every public body endpoint, with a body it accepts, so each case below changes one thing. */
const ENDPOINTS: ReadonlyArray<{ path: string; valid: Record<string, unknown> }> = [
  { path: 'register', valid: { email: 'someone@example.test', password: PASSWORD, displayName: 'A' } },
  { path: 'verify-email', valid: { token: 'x'.repeat(43) } },
  { path: 'verify-email/resend', valid: { email: 'someone@example.test' } },
  { path: 'login', valid: { email: 'someone@example.test', password: PASSWORD } },
  { path: 'refresh', valid: { refreshToken: 'x'.repeat(43) } },
  { path: 'logout', valid: { refreshToken: 'x'.repeat(43) } },
  { path: 'password-reset/request', valid: { email: 'someone@example.test' } },
  { path: 'password-reset/confirm', valid: { token: 'x'.repeat(43), newPassword: PASSWORD } },
];

/** A port that refuses connections until `open()`, then forwards them to the real SMTP catcher. */
class SmtpGate {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}

  static async reserve(target: number): Promise<SmtpGate> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new SmtpGate(port, target);
  }

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/**
 * The edges, against the real database, SMTP catcher and HTTP: bad input, rate limits and an SMTP
 * outage, each on an identity of its own (own database and settings) sharing one SMTP catcher.
 */
describe('identity at the edges', () => {
  let catcher: TestMailCatcher;

  beforeAll(async () => {
    catcher = await startTestMailCatcher();
  });
  afterAll(() => catcher?.close());

  describe('every bad input gets a clear 4xx JSON answer, never a 500', () => {
    let harness: IdentityHarness;
    const http = () => harness.http();

    beforeAll(async () => {
      harness = await IdentityHarness.start({ mail: catcher });
    });
    afterAll(() => harness?.close());

    function expectClientError(response: { status: number; body: unknown }, status = 400): void {
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String) });
      expect((response.body as { message: string }).message.length).toBeGreaterThan(0);
    }

    it.each(ENDPOINTS)('POST $path refuses malformed bodies', async ({ path, valid }) => {
      const post = () => http().post(`${API}/${path}`);
      expectClientError(await post().set('content-type', 'application/json').send('{"email":'));
      expectClientError(await post().set('content-type', 'application/json').send(''));
      expectClientError(await post().send([valid]));
      expectClientError(await post().set('content-type', 'application/json').send('"text"'));
      expectClientError(await post().set('content-type', 'application/json').send('null'));
      expectClientError(await post().send({}));
      expectClientError(await post().send({ ...valid, extra: true }));
      for (const field of Object.keys(valid)) {
        for (const wrong of [null, 42, true, ['x'], { nested: 'x' }]) {
          expectClientError(await post().send({ ...valid, [field]: wrong }));
        }
        expectClientError(await post().send({ ...valid, [field]: 'x'.repeat(300) }));
      }
      // ~800 KB of nesting: refused before parsing, not a stack overflow (500).
      const deep = `{"${Object.keys(valid)[0]}":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
      const tooDeep = await post().set('content-type', 'application/json').send(deep);
      expectClientError(tooDeep);
      expect(tooDeep.body.message).toMatch(/nested too deeply/);
      expectClientError(await post().set('content-type', 'text/plain').send('hello'));
      expectClientError(await post().set('content-type', 'application/xml').send('<a/>'), 415);
    });

    it('names what is wrong', async () => {
      const register = (body: Record<string, unknown>) => http().post(`${API}/register`).send(body);
      const valid = { email: newEmail(), password: PASSWORD, displayName: 'Ada' };
      expect((await register({ ...valid, email: 'nope' })).body.message).toBe('email must be an e-mail address');
      expect((await register({ ...valid, password: 'short' })).body.message).toBe(
        'password must be at least 10 characters',
      );
      expect((await register({ ...valid, password: 'x'.repeat(257) })).body.message).toBe(
        'password must be at most 256 characters',
      );
      expect((await register({ ...valid, displayName: '   ' })).body.message).toBe('displayName must not be empty');
      expect((await register({ ...valid, roles: ['admin'] })).body.message).toBe('property roles should not exist');
      const json = await http().post(`${API}/login`).set('content-type', 'application/json').send('{"email":');
      expect(json.body.message).toMatch(/^Body is not valid JSON/);
      const missing = await http().post(`${API}/verify-email`).send({});
      expect(missing.body.message).toContain('token must be a string');
    });

    it('refuses malformed tokens, ids and queries on authenticated routes', async () => {
      const account = await harness.signedIn();
      const auth = bearer(account.accessToken);
      expectClientError(await http().post(`${API}/me/password`).set(auth).send({ currentPassword: PASSWORD }));
      expectClientError(
        await http()
          .post(`${API}/me/password`)
          .set(auth)
          .send({ currentPassword: 1, newPassword: 'brand new password' }),
      );
      expectClientError(await http().patch(`${API}/me`).set(auth).send({ displayName: 7 }));
      expectClientError(await http().patch(`${API}/me`).set(auth).send('[]').set('content-type', 'application/json'));
      expectClientError(await http().get(`${API}/me`).set({ authorization: 'Bearer' }), 401);
      expectClientError(
        await http()
          .get(`${API}/me`)
          .set({ authorization: `Bearer ${'x'.repeat(5000)}` }),
        401,
      );
      // Admin routes check the role before the input: a learner learns nothing about ids.
      expectClientError(
        await http()
          .put(`${API}/users/not-a-uuid/roles`)
          .set(auth)
          .send({ roles: ['admin'] }),
        403,
      );
    });

    it('answers unknown routes and methods with JSON 404', async () => {
      expectClientError(await http().get(`${API}/nope`), 404);
      expectClientError(await http().delete(`${API}/me`), 404);
    });

    it('refuses bodies above the size limit with 413', async () => {
      expectClientError(
        await http()
          .post(`${API}/register`)
          .send({ email: newEmail(), password: PASSWORD, displayName: 'x'.repeat(2_000_000) }),
        413,
      );
    });
  });

  describe('rate limits answer 429 JSON (limits lowered through the environment)', () => {
    let harness: IdentityHarness;
    const http = () => harness.http();

    beforeAll(async () => {
      harness = await IdentityHarness.start({
        mail: catcher,
        env: {
          LOGIN_RATE_LIMIT: '3',
          SIGNUP_RATE_LIMIT: '2',
          PASSWORD_RESET_RATE_LIMIT: '2',
          RATE_LIMIT_WINDOW_SECONDS: '60',
        },
      });
    });
    afterAll(() => harness?.close());

    const TOO_MANY = {
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many attempts: wait a minute and try again',
    };

    it('limits sign-in attempts per e-mail, whatever the client address', async () => {
      const email = newEmail();
      const attempt = (ip: string) =>
        http().post(`${API}/login`).set('x-forwarded-for', ip).send({ email, password: 'wrong-password-1' });
      expect([
        (await attempt('10.0.0.1')).status,
        (await attempt('10.0.0.2')).status,
        (await attempt('10.0.0.3')).status,
      ]).toEqual([401, 401, 401]);
      const limited = await attempt('10.0.0.4');
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual(TOO_MANY);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Case and spaces do not open a new bucket.
      const variant = await http()
        .post(`${API}/login`)
        .set('x-forwarded-for', '10.0.0.5')
        .send({ email: ` ${email.toUpperCase()} `, password: PASSWORD });
      expect(variant.status).toBe(429);
    });

    it('limits sign-in attempts per client address, whatever the e-mail', async () => {
      const attempt = () =>
        http().post(`${API}/login`).set('x-forwarded-for', '10.1.0.1').send({ email: newEmail(), password: PASSWORD });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      expect((await attempt()).status).toBe(429);
      // Another client is unaffected.
      const other = await http()
        .post(`${API}/login`)
        .set('x-forwarded-for', '10.1.0.2')
        .send({ email: newEmail(), password: PASSWORD });
      expect(other.status).toBe(401);
    });

    it('keys on the address the ingress added, not on one the client put in front of it', async () => {
      // The ingress appends the client's real address; entries to its left are the client's own.
      const attempt = (spoofed: string) =>
        http()
          .post(`${API}/login`)
          .set('x-forwarded-for', `${spoofed}, 10.4.0.1`)
          .send({ email: newEmail(), password: PASSWORD });
      for (const spoofed of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await attempt(spoofed)).status).toBe(401);
      expect((await attempt('192.0.2.4')).status).toBe(429);
    });

    it('counts attempts across replicas: a second instance on the same database shares the limits', async () => {
      const replica = await harness.startReplica();
      try {
        const email = newEmail();
        const attempt = (instance: 'first' | 'replica') =>
          (instance === 'first' ? http() : request(replica.getHttpServer()))
            .post(`${API}/login`)
            .set('x-forwarded-for', '10.5.0.1')
            .send({ email, password: 'wrong-password-1' });
        const statuses = [];
        for (const instance of ['first', 'replica', 'first', 'replica'] as const)
          statuses.push((await attempt(instance)).status);
        // Limit 3: in memory each instance would have allowed 3 of its own.
        expect(statuses).toEqual([401, 401, 401, 429]);
        expect((await attempt('first')).status).toBe(429);
      } finally {
        await replica.close();
      }
    });

    it('limits sign-ups per client address', async () => {
      const signUp = () =>
        http()
          .post(`${API}/register`)
          .set('x-forwarded-for', '10.2.0.1')
          .send({ email: newEmail(), password: PASSWORD, displayName: 'A' });
      expect([(await signUp()).status, (await signUp()).status, (await signUp()).status]).toEqual([201, 201, 429]);
    });

    it('limits reset requests per address and per e-mail, so nobody can flood one inbox', async () => {
      const email = newEmail();
      const request = (ip: string) =>
        http().post(`${API}/password-reset/request`).set('x-forwarded-for', ip).send({ email });
      expect([
        (await request('10.3.0.1')).status,
        (await request('10.3.0.2')).status,
        (await request('10.3.0.3')).status,
      ]).toEqual([202, 202, 429]);
    });

    it('does not limit routes outside these kinds', async () => {
      for (let i = 0; i < 10; i++) await http().get(`${API}/.well-known/jwks.json`).expect(200);
    });
  });

  describe('mail goes through an outbox: an SMTP outage delays mail but loses nothing', () => {
    let gate: SmtpGate;
    let harness: IdentityHarness;

    beforeAll(async () => {
      gate = await SmtpGate.reserve(Number(new URL(catcher.smtpUrl).port));
      harness = await IdentityHarness.start({
        mail: false,
        env: { SMTP_URL: `smtp://127.0.0.1:${gate.port}`, MAIL_RETRY_INTERVAL_MS: '200', MAIL_MAX_ATTEMPTS: '50' },
      });
    });
    afterAll(async () => {
      await harness?.close();
      await gate?.close();
    });

    it('keeps the sign-up and its mail while SMTP is down, and delivers the mail once it is back', async () => {
      const email = newEmail();
      const registered = await harness
        .http()
        .post(`${API}/register`)
        .send({ email, password: PASSWORD, displayName: 'Q' })
        .expect(201);

      const failing = await waitFor('a failed delivery attempt', async () => {
        const [row] = await harness.sql<{ attempts: number; sent_at: Date | null; last_error: string | null }>(
          `select attempts, sent_at, last_error from mail_messages where recipient = ?`,
          [email],
        );
        return row && row.attempts >= 1 ? row : undefined;
      });
      expect(failing.sent_at).toBeNull();
      expect(failing.last_error).toEqual(expect.any(String));
      // The account exists meanwhile (and cannot sign in before verifying).
      await harness.http().post(`${API}/login`).send({ email, password: PASSWORD }).expect(403);

      await gate.open();
      const [link, token] = await catcher.waitForMatch(
        email,
        /http:\/\/web\.test\/verify-email\?token=([A-Za-z0-9_-]+)/,
        20_000,
      );
      expect(link).toContain('/verify-email?token=');
      const verified = await harness.http().post(`${API}/verify-email`).send({ token }).expect(200);
      expect(verified.body.id).toBe(registered.body.id);

      // Once sent, the one-time link no longer sits in the database.
      const [sent] = await harness.sql<{ sent: boolean; text: string; html: string }>(
        `select sent_at is not null as sent, text, html from mail_messages where recipient = ?`,
        [email],
      );
      expect(sent).toEqual({ sent: true, text: '', html: '' });
    });
  });
});
