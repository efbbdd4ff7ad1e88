import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { startIdentity, type IdentityUnderTest } from './identity-app';

const PREFIX = '/api/identity';
const PASSWORD = 'correct horse battery';

describe('identity over HTTP (real PostgreSQL, SMTP, HTTP)', () => {
  let identity: IdentityUnderTest;
  const http = () => request(identity.app.getHttpServer());
  const newEmail = () => `User.${randomUUID()}@Example.test`;

  beforeAll(async () => {
    identity = await startIdentity({ LOGIN_RATE_LIMIT: '1000', SIGNUP_RATE_LIMIT: '1000' });
  });
  afterAll(() => identity?.close());

  async function register(email = newEmail(), password = PASSWORD): Promise<{ email: string; id: string }> {
    const response = await http()
      .post(`${PREFIX}/register`)
      .send({ email: `  ${email} `, password, displayName: ' Ada ' })
      .expect(201);
    return { email, id: response.body.id };
  }

  async function verify(email: string): Promise<void> {
    const [, token] = await identity.mail.waitForMatch(email, /verify-email\?token=([A-Za-z0-9_-]+)/);
    await http().post(`${PREFIX}/verify-email`).send({ token }).expect(200);
  }

  async function signedIn(
    email = newEmail(),
  ): Promise<{ email: string; id: string; accessToken: string; refreshToken: string }> {
    const account = await register(email);
    await verify(email);
    const session = await http().post(`${PREFIX}/login`).send({ email, password: PASSWORD }).expect(200);
    return { ...account, accessToken: session.body.accessToken, refreshToken: session.body.refreshToken };
  }

  it('registers, mails a verification link to the web app, verifies and signs in', async () => {
    const email = newEmail();
    const registered = await http()
      .post(`${PREFIX}/register`)
      .send({ email, password: PASSWORD, displayName: 'Ada' })
      .expect(201);
    expect(registered.body).toEqual({
      id: expect.any(String),
      email,
      displayName: 'Ada',
      roles: ['learner'],
      emailVerified: false,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(registered.body)).not.toMatch(/hash/i);

    await http().post(`${PREFIX}/login`).send({ email, password: PASSWORD }).expect(403);
    const [link, token] = await identity.mail.waitForMatch(
      email,
      /http:\/\/web\.test\/verify-email\?token=([A-Za-z0-9_-]+)/,
    );
    expect(link).toContain('http://web.test/verify-email?token=');
    const verified = await http().post(`${PREFIX}/verify-email`).send({ token }).expect(200);
    expect(verified.body.emailVerified).toBe(true);
    const reused = await http().post(`${PREFIX}/verify-email`).send({ token }).expect(400);
    expect(reused.body.message).toMatch(/invalid, expired or already used/);

    const session = await http()
      .post(`${PREFIX}/login`)
      .send({ email: email.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(session.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 600,
      user: { email },
    });
    const header = decodeProtectedHeader(session.body.accessToken);
    const claims = decodeJwt(session.body.accessToken);
    expect(header.alg).toBe('EdDSA');
    expect(header.kid).toEqual(expect.any(String));
    expect(claims).toMatchObject({
      sub: registered.body.id,
      roles: ['learner'],
      iss: 'learning-platform-identity',
      aud: 'learning-platform',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(900);

    const jwks = await http().get(`${PREFIX}/.well-known/jwks.json`).expect(200);
    expect(jwks.body.keys).toEqual([
      expect.objectContaining({ kid: header.kid, alg: 'EdDSA', kty: 'OKP', crv: 'Ed25519' }),
    ]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
  });

  it('refuses duplicates case-insensitively and bad sign-up input with a clear 4xx', async () => {
    const email = newEmail();
    await register(email);
    const duplicate = await http()
      .post(`${PREFIX}/register`)
      .send({ email: email.toLowerCase(), password: PASSWORD, displayName: 'B' })
      .expect(409);
    expect(duplicate.body.message).toMatch(/already exists/);
    const short = await http()
      .post(`${PREFIX}/register`)
      .send({ email: newEmail(), password: 'short', displayName: 'B' })
      .expect(400);
    expect(short.body.message).toMatch(/password must be at least 10 characters/);
    const badEmail = await http()
      .post(`${PREFIX}/register`)
      .send({ email: 'nope', password: PASSWORD, displayName: 'B' })
      .expect(400);
    expect(badEmail.body.message).toMatch(/email must be an e-mail address/);
    const extra = await http()
      .post(`${PREFIX}/register`)
      .send({ email: newEmail(), password: PASSWORD, displayName: 'B', roles: ['admin'] })
      .expect(400);
    expect(extra.body.message).toMatch(/property roles should not exist/);
    await http().post(`${PREFIX}/register`).set('content-type', 'application/json').send('{"email":').expect(400);
    await http().post(`${PREFIX}/register`).send({ email: 5, password: [], displayName: {} }).expect(400);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const { email } = await signedIn();
    const wrong = await http().post(`${PREFIX}/login`).send({ email, password: 'wrong-password-1' }).expect(401);
    const unknown = await http()
      .post(`${PREFIX}/login`)
      .send({ email: newEmail(), password: 'wrong-password-1' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rotates refresh tokens and revokes the family when a spent one is replayed', async () => {
    const account = await signedIn();
    const first = await http().post(`${PREFIX}/refresh`).send({ refreshToken: account.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(account.refreshToken);
    const replay = await http().post(`${PREFIX}/refresh`).send({ refreshToken: account.refreshToken }).expect(401);
    expect(replay.body.message).toMatch(/already used/);
    // The whole family is gone, including the token issued by the legitimate refresh.
    await http().post(`${PREFIX}/refresh`).send({ refreshToken: first.body.refreshToken }).expect(401);
    await http().post(`${PREFIX}/refresh`).send({ refreshToken: 'made-up' }).expect(401);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const account = await signedIn();
    const results = await Promise.all(
      [0, 1].map(() => http().post(`${PREFIX}/refresh`).send({ refreshToken: account.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logs out by revoking the refresh token, idempotently', async () => {
    const account = await signedIn();
    await http().post(`${PREFIX}/logout`).send({ refreshToken: account.refreshToken }).expect(204);
    await http().post(`${PREFIX}/logout`).send({ refreshToken: account.refreshToken }).expect(204);
    await http().post(`${PREFIX}/refresh`).send({ refreshToken: account.refreshToken }).expect(401);
  });

  it('serves and edits /me with safe fields only', async () => {
    const account = await signedIn();
    const auth = { authorization: `Bearer ${account.accessToken}` };
    await http().get(`${PREFIX}/me`).expect(401);
    await http().get(`${PREFIX}/me`).set({ authorization: 'Bearer not-a-jwt' }).expect(401);
    const me = await http().get(`${PREFIX}/me`).set(auth).expect(200);
    expect(me.body.email).toBe(account.email);
    const renamed = await http().patch(`${PREFIX}/me`).set(auth).send({ displayName: 'Grace' }).expect(200);
    expect(renamed.body.displayName).toBe('Grace');
    await http()
      .patch(`${PREFIX}/me`)
      .set(auth)
      .send({ roles: ['admin'] })
      .expect(400);
    await http().patch(`${PREFIX}/me`).set(auth).send({ email: 'x@example.test' }).expect(400);
    await http().patch(`${PREFIX}/me`).set(auth).send({ displayName: '' }).expect(400);
  });

  it('changes the password only with the current one and signs other sessions out', async () => {
    const account = await signedIn();
    const auth = { authorization: `Bearer ${account.accessToken}` };
    await http()
      .post(`${PREFIX}/me/password`)
      .set(auth)
      .send({ currentPassword: 'wrong-password-1', newPassword: 'brand new password' })
      .expect(403);
    await http()
      .post(`${PREFIX}/me/password`)
      .set(auth)
      .send({ currentPassword: PASSWORD, newPassword: 'short' })
      .expect(400);
    await http()
      .post(`${PREFIX}/me/password`)
      .set(auth)
      .send({ currentPassword: PASSWORD, newPassword: 'brand new password' })
      .expect(204);
    await http().post(`${PREFIX}/refresh`).send({ refreshToken: account.refreshToken }).expect(401);
    await http().post(`${PREFIX}/login`).send({ email: account.email, password: PASSWORD }).expect(401);
    await http().post(`${PREFIX}/login`).send({ email: account.email, password: 'brand new password' }).expect(200);
  });

  it('resets a forgotten password through a single-use mailed link, with no hint for unknown e-mails', async () => {
    const account = await signedIn();
    await http().post(`${PREFIX}/password-reset/request`).send({ email: newEmail() }).expect(202);
    await http().post(`${PREFIX}/password-reset/request`).send({ email: account.email }).expect(202);
    const [, token] = await identity.mail.waitForMatch(account.email, /reset-password\?token=([A-Za-z0-9_-]+)/);
    await http().post(`${PREFIX}/password-reset/confirm`).send({ token, newPassword: 'short' }).expect(400);
    await http()
      .post(`${PREFIX}/password-reset/confirm`)
      .send({ token, newPassword: 'reset password 123' })
      .expect(204);
    await http()
      .post(`${PREFIX}/password-reset/confirm`)
      .send({ token, newPassword: 'reset password 456' })
      .expect(400);
    await http().post(`${PREFIX}/refresh`).send({ refreshToken: account.refreshToken }).expect(401);
    await http().post(`${PREFIX}/login`).send({ email: account.email, password: 'reset password 123' }).expect(200);
  });

  it('lets only admins list users and assign known roles, recording the change as an event', async () => {
    const learner = await signedIn();
    const admin = await http()
      .post(`${PREFIX}/login`)
      .send({ email: 'root@example.test', password: 'root-password-123' })
      .expect(200);
    const asAdmin = { authorization: `Bearer ${admin.body.accessToken}` };
    await http()
      .get(`${PREFIX}/users`)
      .set({ authorization: `Bearer ${learner.accessToken}` })
      .expect(403);
    await http()
      .put(`${PREFIX}/users/${learner.id}/roles`)
      .set({ authorization: `Bearer ${learner.accessToken}` })
      .send({ roles: ['admin'] })
      .expect(403);

    const page = await http().get(`${PREFIX}/users?page=1&limit=2`).set(asAdmin).expect(200);
    expect(page.body).toMatchObject({ page: 1, limit: 2, total: expect.any(Number) });
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    const search = await http()
      .get(`${PREFIX}/users?search=${encodeURIComponent(learner.email.toLowerCase())}`)
      .set(asAdmin)
      .expect(200);
    expect(search.body.items.map((u: { id: string }) => u.id)).toEqual([learner.id]);
    await http().get(`${PREFIX}/users?limit=1000`).set(asAdmin).expect(400);
    await http().get(`${PREFIX}/users?page=zero`).set(asAdmin).expect(400);

    await http()
      .put(`${PREFIX}/users/${learner.id}/roles`)
      .set(asAdmin)
      .send({ roles: ['wizard'] })
      .expect(400);
    await http()
      .put(`${PREFIX}/users/not-a-uuid/roles`)
      .set(asAdmin)
      .send({ roles: ['learner'] })
      .expect(400);
    await http()
      .put(`${PREFIX}/users/${randomUUID()}/roles`)
      .set(asAdmin)
      .send({ roles: ['learner'] })
      .expect(404);
    const promoted = await http()
      .put(`${PREFIX}/users/${learner.id}/roles`)
      .set(asAdmin)
      .send({ roles: ['learner', 'instructor'] })
      .expect(200);
    expect(promoted.body.roles).toEqual(['learner', 'instructor']);
    await http()
      .put(`${PREFIX}/users/${admin.body.user.id}/roles`)
      .set(asAdmin)
      .send({ roles: ['learner'] })
      .expect(409);

    const events = await identity.app
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute(`select type, payload from outbox_message where payload->>'userId' = ?`, [learner.id]);
    expect(events.map((e: { type: string }) => e.type).sort()).toEqual([
      'identity.user.registered',
      'identity.user.roles-changed',
    ]);
    const changed = events.find((e: { type: string }) => e.type === 'identity.user.roles-changed');
    expect(changed.payload).toMatchObject({
      roles: ['learner', 'instructor'],
      previousRoles: ['learner'],
      changedBy: admin.body.user.id,
    });
  });
});

describe('identity rate limits', () => {
  let identity: IdentityUnderTest;
  beforeAll(async () => {
    identity = await startIdentity({ LOGIN_RATE_LIMIT: '3', SIGNUP_RATE_LIMIT: '2' });
  });
  afterAll(() => identity?.close());

  it('answers 429 with a JSON message after too many logins for one e-mail', async () => {
    const http = () => request(identity.app.getHttpServer());
    const attempt = () =>
      http().post('/api/identity/login').send({ email: 'target@example.test', password: 'wrong-password-1' });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt().expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many attempts: wait a minute and try again',
    });
  });

  it('limits sign-ups and reset requests per client address', async () => {
    const http = () => request(identity.app.getHttpServer());
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await http().post('/api/identity/password-reset/request').send({ email: 'x@example.test' })).status,
      );
    expect(statuses).toEqual([202, 202, 429]);
  });
});

describe('identity mail delivery', () => {
  it('keeps a registration and its mail queued for retry when the SMTP server is down', async () => {
    // Port 9 (discard) refuses connections here: the mail stays queued, the sign-up still succeeds.
    const identity = await startIdentity({ SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const email = `down.${randomUUID()}@example.test`;
      await request(identity.app.getHttpServer())
        .post('/api/identity/register')
        .send({ email, password: PASSWORD, displayName: 'Q' })
        .expect(201);
      const queued = await identity.app
        .get(MikroORM)
        .em.fork()
        .getConnection()
        .execute(`select attempts, sent_at from mail_messages where recipient = ?`, [email]);
      expect(queued).toHaveLength(1);
      expect(queued[0].sent_at).toBeNull();
    } finally {
      await identity.close();
    }
  });
});
