import { createPublicKey, randomUUID } from 'node:crypto';
import { waitFor } from '@platform/testing';
import { managementListenerOf } from '@platform/service-kit';
import request from 'supertest';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from 'jose';
import { HousekeepingService } from '../src/housekeeping/housekeeping.service';
import { Migration20261204030000 } from '../src/migrations/Migration20261204030000';
import { ADMIN, API, bearer, IdentityHarness, newEmail, PASSWORD } from './identity-harness';

/**
 * What users do, end to end over HTTP against one identity (real PostgreSQL, SMTP catcher,
 * RabbitMQ): sign-up to sign-out, profile and passwords, administration. One service for the
 * whole file keeps the run short; every test makes its own accounts.
 */
describe('identity', () => {
  let harness: IdentityHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await IdentityHarness.start({ tapEvents: true });
  });
  afterAll(() => harness?.close());

  describe('sign-up, verification and sessions', () => {
    it('registers, mails a link to the web app, verifies, signs in, serves /me, rotates, revokes reuse and logs out', async () => {
      const email = newEmail();
      const registered = await http()
        .post(`${API}/register`)
        .send({ email: `  ${email} `, password: PASSWORD, displayName: ' Ada ' })
        .expect(201);
      expect(registered.body).toEqual({
        id: expect.any(String),
        email,
        displayName: 'Ada',
        roles: ['learner'],
        emailVerified: false,
        disabled: false,
        createdAt: expect.any(String),
      });
      expect(JSON.stringify(registered.body)).not.toMatch(/hash|normalised/i);

      // The event went out through the outbox relay to the broker, with a full envelope.
      const event = await harness.publishedEvent('identity.user.registered', registered.body.id);
      expect(event).toMatchObject({
        id: expect.any(String),
        version: 1,
        source: 'identity',
        occurredAt: expect.any(String),
        correlationId: expect.any(String),
        payload: { userId: registered.body.id, email, displayName: 'Ada', roles: ['learner'] },
      });

      // Unverified: the right password is told to verify first (403), a wrong one learns nothing (401).
      const unverified = await http().post(`${API}/login`).send({ email, password: PASSWORD }).expect(403);
      expect(unverified.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Confirm your e-mail address first: we sent you a link',
      });
      await http().post(`${API}/login`).send({ email, password: 'wrong-password-1' }).expect(401);

      const token = await harness.mailedToken(email, 'verify-email');
      const [mail] = await harness.mail.mailsTo(email);
      expect(mail.subject).toBe('Confirm your e-mail address');
      expect(mail.text).toContain(`http://web.test/verify-email?token=${token}`);
      expect(mail.html).toContain(`href="http://web.test/verify-email?token=${token}"`);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Only a digest is stored: the token itself is nowhere in the database.
      const stored = await harness.sql(`select token_digest from one_time_tokens where user_id = ?`, [
        registered.body.id,
      ]);
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(token);

      const verified = await http().post(`${API}/verify-email`).send({ token }).expect(200);
      expect(verified.body).toMatchObject({ id: registered.body.id, emailVerified: true });
      const reused = await http().post(`${API}/verify-email`).send({ token }).expect(400);
      expect(reused.body.message).toBe('Verification link is invalid, expired or already used');

      const session = await http()
        .post(`${API}/login`)
        .send({ email: email.toUpperCase(), password: PASSWORD })
        .expect(200);
      expect(session.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        tokenType: 'Bearer',
        expiresIn: 600,
        user: expect.objectContaining({ id: registered.body.id, email, emailVerified: true }),
      });

      // The access token verifies against the published JWKS, as every other service will do it.
      const jwks = await http().get(`${API}/.well-known/jwks.json`).expect(200);
      expect(jwks.headers['cache-control']).toBe('public, max-age=300');
      const header = decodeProtectedHeader(session.body.accessToken);
      expect(header).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
      expect(jwks.body.keys).toEqual([
        { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: header.kid, alg: 'EdDSA', use: 'sig' },
      ]);
      const { payload } = await jwtVerify(session.body.accessToken, await importJWK(jwks.body.keys[0], 'EdDSA'), {
        issuer: 'learning-platform-identity',
        audience: 'learning-platform',
      });
      expect(payload).toMatchObject({
        sub: registered.body.id,
        roles: ['learner'],
        email,
        name: 'Ada',
        sid: expect.any(String),
      });
      expect(Number(payload.exp) - Number(payload.iat)).toBe(600);
      expect(createPublicKey({ key: jwks.body.keys[0], format: 'jwk' }).asymmetricKeyType).toBe('ed25519');

      const me = await http().get(`${API}/me`).set(bearer(session.body.accessToken)).expect(200);
      expect(me.body).toEqual(verified.body);

      // Rotation: a refresh spends the token and hands out a new pair of the same sign-in.
      const rotated = await http().post(`${API}/refresh`).send({ refreshToken: session.body.refreshToken }).expect(200);
      expect(rotated.body.refreshToken).not.toBe(session.body.refreshToken);
      expect(decodeJwt(rotated.body.accessToken).sid).toBe(payload.sid);
      const next = await http().post(`${API}/refresh`).send({ refreshToken: rotated.body.refreshToken }).expect(200);

      // Replaying a spent token revokes the whole family, including the newest, legitimate token.
      const replay = await http().post(`${API}/refresh`).send({ refreshToken: session.body.refreshToken }).expect(401);
      expect(replay.body.message).toBe('Refresh token was already used: this sign-in has been revoked, sign in again');
      await http().post(`${API}/refresh`).send({ refreshToken: next.body.refreshToken }).expect(401);

      // Another sign-in is unaffected; logout revokes it, idempotently.
      const other = await harness.login(email);
      await http().post(`${API}/logout`).send({ refreshToken: other.refreshToken }).expect(204);
      await http().post(`${API}/logout`).send({ refreshToken: other.refreshToken }).expect(204);
      await http().post(`${API}/logout`).send({ refreshToken: 'never-issued' }).expect(204);
      const afterLogout = await http().post(`${API}/refresh`).send({ refreshToken: other.refreshToken }).expect(401);
      expect(afterLogout.body.message).toBe('Refresh token is invalid or expired');
    });

    it('refuses common and trivial passwords at sign-up, with advice', async () => {
      const email = newEmail();
      for (const password of ['password12', '1234567890', ' '.repeat(10), 'qwertyuiop', email]) {
        const refused = await http().post(`${API}/register`).send({ email, password, displayName: 'Ada' }).expect(400);
        expect(refused.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: expect.stringMatching(/^password is too easy to guess: \S/),
        });
      }
      await harness.register(email, 'smoke-test-password-1'); // what ../shared/contract-smoke.mjs uses
    });

    it('keeps the web app’s refresh token in an HttpOnly, SameSite=Strict cookie on request, rotating it', async () => {
      const { email } = await harness.signedIn();
      const cookieMode = { 'x-session-cookie': '1', 'sec-fetch-site': 'same-origin' };
      const cookieOf = (response: { headers: Record<string, unknown> }): string => {
        const [header] = response.headers['set-cookie'] as string[];
        expect(header).toMatch(
          /^platform_refresh=[^;]*; Max-Age=\d+; Path=\/api\/identity; HttpOnly; SameSite=Strict$/,
        );
        return header.split(';')[0];
      };
      const login = await http().post(`${API}/login`).set(cookieMode).send({ email, password: PASSWORD }).expect(200);
      expect(login.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 600,
        user: expect.objectContaining({ email }),
      });
      const first = cookieOf(login);
      expect(first).not.toBe('platform_refresh=');

      const refreshed = await http().post(`${API}/refresh`).set(cookieMode).set('cookie', first).send({}).expect(200);
      expect(refreshed.body.refreshToken).toBeUndefined();
      await http().get(`${API}/me`).set(bearer(refreshed.body.accessToken)).expect(200);
      const second = cookieOf(refreshed);
      expect(second).not.toBe(first);

      // Not from another site or origin, even with the cookie (CSRF), and not without the cookie.
      for (const foreign of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
        await http()
          .post(`${API}/refresh`)
          .set({ ...cookieMode, ...foreign })
          .set('cookie', second)
          .send({})
          .expect(403);
      }
      await http()
        .post(`${API}/refresh`)
        .set({ 'x-session-cookie': '1', origin: 'http://evil.test' })
        .set('cookie', second)
        .send({})
        .expect(403);
      const missing = await http().post(`${API}/refresh`).set(cookieMode).send({}).expect(401);
      expect(missing.body.message).toBe('No session cookie: sign in again');

      // A spent cookie presented again revokes the sign-in and clears the cookie.
      const reused = await http().post(`${API}/refresh`).set(cookieMode).set('cookie', first).send({}).expect(401);
      expect(cookieOf(reused)).toBe('platform_refresh=');
      await http().post(`${API}/refresh`).set(cookieMode).set('cookie', second).send({}).expect(401);

      // Logout revokes the cookie's sign-in and clears it.
      const again = await http().post(`${API}/login`).set(cookieMode).send({ email, password: PASSWORD }).expect(200);
      const cookie = cookieOf(again);
      const out = await http().post(`${API}/logout`).set(cookieMode).set('cookie', cookie).send({}).expect(204);
      expect(cookieOf(out)).toBe('platform_refresh=');
      await http().post(`${API}/refresh`).set(cookieMode).set('cookie', cookie).send({}).expect(401);

      // Without the header: the JSON contract, no cookie.
      const plain = await http().post(`${API}/login`).send({ email, password: PASSWORD }).expect(200);
      expect(plain.body.refreshToken).toEqual(expect.any(String));
      expect(plain.headers['set-cookie']).toBeUndefined();
      await http().post(`${API}/refresh`).set('cookie', cookie).send({}).expect(400);
    });

    it('refuses a second account for the same address, whatever its case and spaces', async () => {
      const { email } = await harness.register();
      const duplicate = await http()
        .post(`${API}/register`)
        .send({ email: ` ${email.toLowerCase()} `, password: PASSWORD, displayName: 'B' })
        .expect(409);
      expect(duplicate.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'An account with this e-mail already exists',
      });
    });

    it('refuses look-alike addresses before the uniqueness check, wherever an address comes in', async () => {
      const victim = `kim.${randomUUID()}@example.test`;
      const lookAlike = victim.replace('k', '\u212A'); // KELVIN SIGN, which toLowerCase folds to k
      const expected = {
        statusCode: 400,
        error: 'Bad Request',
        message: 'email contains U+212A, a look-alike of "k": type the address with plain characters',
      };
      // Before the victim has an account: the attacker cannot take the address...
      const squat = await http()
        .post(`${API}/register`)
        .send({ email: lookAlike, password: PASSWORD, displayName: 'Mallory' })
        .expect(400);
      expect(squat.body).toEqual(expected);
      await harness.register(victim);
      // ...and after it, neither sign in with it, nor ask for its reset or verification mails.
      for (const [path, body] of [
        ['login', { email: lookAlike, password: PASSWORD }],
        ['password-reset/request', { email: lookAlike }],
        ['verify-email/resend', { email: lookAlike }],
        ['register', { email: lookAlike, password: PASSWORD, displayName: 'Mallory' }],
      ] as const) {
        const response = await http().post(`${API}/${path}`).send(body);
        expect([path, response.status, response.body]).toEqual([path, 400, expected]);
      }
      // A domain typed in Unicode or in punycode is the same address.
      const unicode = `ada.${randomUUID()}@exämple.test`;
      await harness.register(unicode);
      const punycode = unicode.replace('exämple', 'xn--exmple-cua');
      await http().post(`${API}/register`).send({ email: punycode, password: PASSWORD, displayName: 'B' }).expect(409);
    });

    it('re-keys accounts stored in the old form (lower case only) to the new one, by migration', async () => {
      const email = `ada.${randomUUID()}@exämple.test`;
      const { id } = await harness.register(email);
      await harness.sql('update users set email_normalised = ? where id = ?', [email.toLowerCase(), id]);
      const orm = harness.identity.orm;
      await orm.em.fork().transactional(async (em) => {
        const migration = new Migration20261204030000(orm.em.getDriver(), orm.config);
        migration.setTransactionContext(em.getTransactionContext()!);
        await migration.up();
      });
      const [row] = await harness.sql<{ email_normalised: string }>('select email_normalised from users where id = ?', [
        id,
      ]);
      expect(row.email_normalised).toBe(email.replace('exämple', 'xn--exmple-cua').toLowerCase());
    });

    it('answers a wrong password and an unknown account alike', async () => {
      const { email } = await harness.signedIn();
      const wrong = await http().post(`${API}/login`).send({ email, password: 'wrong-password-1' }).expect(401);
      const unknown = await http().post(`${API}/login`).send({ email: newEmail(), password: PASSWORD }).expect(401);
      expect(wrong.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'E-mail or password is incorrect',
      });
      expect(unknown.body).toEqual(wrong.body);
    });

    it('re-sends verification links without saying whether the address exists', async () => {
      const { email } = await harness.register();
      await harness.mailedToken(email, 'verify-email');
      const known = await http().post(`${API}/verify-email/resend`).send({ email }).expect(202);
      const unknown = await http().post(`${API}/verify-email/resend`).send({ email: newEmail() }).expect(202);
      expect(unknown.body).toEqual(known.body);
      await waitFor('a second verification mail', async () => (await harness.mail.mailsTo(email)).length === 2);
      // The newest link works (and so, within 24 h, would the first: verifying twice does no harm).
      await harness.verify(email);
      // Verified accounts get no more links.
      await http().post(`${API}/verify-email/resend`).send({ email }).expect(202);
      const links = await harness.sql<{ count: string }>(
        `select count(*) from one_time_tokens t join users u on u.id = t.user_id where u.email = ?`,
        [email],
      );
      expect(Number(links[0].count)).toBe(2);
    });

    it('refuses expired verification links and expired refresh tokens', async () => {
      const account = await harness.register();
      const token = await harness.mailedToken(account.email, 'verify-email');
      await harness.sql(`update one_time_tokens set expires_at = now() - interval '1 second' where user_id = ?`, [
        account.id,
      ]);
      const expired = await http().post(`${API}/verify-email`).send({ token }).expect(400);
      expect(expired.body.message).toBe('Verification link is invalid, expired or already used');

      const signedIn = await harness.signedIn();
      await harness.sql(`update refresh_tokens set expires_at = now() - interval '1 second' where user_id = ?`, [
        signedIn.id,
      ]);
      await http().post(`${API}/refresh`).send({ refreshToken: signedIn.refreshToken }).expect(401);
    });

    it('lets only one of two concurrent refreshes with the same token win, and revokes the family', async () => {
      const account = await harness.signedIn();
      const results = await Promise.all(
        [0, 1].map(() => http().post(`${API}/refresh`).send({ refreshToken: account.refreshToken })),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
      const winner = results.find((result) => result.status === 200)!;
      await http().post(`${API}/refresh`).send({ refreshToken: winner.body.refreshToken }).expect(401);
    });

    it('refuses access tokens that are missing, malformed, forged, expired, of another key or audience', async () => {
      await http().get(`${API}/me`).expect(401);
      await http().get(`${API}/me`).set({ authorization: 'Bearer not-a-jwt' }).expect(401);
      await http().get(`${API}/me`).set({ authorization: 'Basic abc' }).expect(401);
      const { accessToken } = await harness.signedIn();
      const [head, body] = accessToken.split('.');
      const forged = `${head}.${body}.${'A'.repeat(86)}`;
      const refused = await http().get(`${API}/me`).set(bearer(forged)).expect(401);
      expect(refused.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid access token' });

      // Signed with identity's own key, yet not acceptable.
      const { kid } = decodeProtectedHeader(accessToken);
      const admin = await harness.signedInAdmin();
      const mint = (audience: string, expiresAt: number | string, keyId = kid!, subject = admin.id) =>
        new SignJWT({ roles: ['admin'], email: 'x@example.test' })
          .setProtectedHeader({ alg: 'EdDSA', kid: keyId })
          .setSubject(subject)
          .setIssuer('learning-platform-identity')
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime(expiresAt)
          .sign(IdentityHarness.signingKey);
      await http()
        .get(`${API}/users`)
        .set(bearer(await mint('another-audience', '5m')))
        .expect(401);
      const expired = await http()
        .get(`${API}/users`)
        .set(bearer(await mint('learning-platform', Math.floor(Date.now() / 1000) - 60)))
        .expect(401);
      expect(expired.body.message).toBe('Access token expired');
      await http()
        .get(`${API}/users`)
        .set(bearer(await mint('learning-platform', '5m', 'unknown-kid')))
        .expect(401);
      // Well signed, but naming no account: identity checks its callers' accounts (CurrentAccountInterceptor).
      await http()
        .get(`${API}/users`)
        .set(bearer(await mint('learning-platform', '5m', kid!, randomUUID())))
        .expect(401);
      // The control: the same token with the right audience, kid, lifetime and account passes the guard.
      await http()
        .get(`${API}/users`)
        .set(bearer(await mint('learning-platform', '5m')))
        .expect(200);
    });
  });

  describe('profile, passwords and administration', () => {
    it('edits the display name only: roles, e-mail and any other field are refused', async () => {
      const account = await harness.signedIn();
      const auth = bearer(account.accessToken);
      const renamed = await http().patch(`${API}/me`).set(auth).send({ displayName: '  Grace ' }).expect(200);
      expect(renamed.body).toMatchObject({ displayName: 'Grace', email: account.email, roles: ['learner'] });
      for (const body of [
        { roles: ['admin'] },
        { email: 'x@example.test' },
        { emailVerified: true },
        { id: randomUUID() },
      ]) {
        const refused = await http().patch(`${API}/me`).set(auth).send(body).expect(400);
        expect(refused.body.message).toBe(`property ${Object.keys(body)[0]} should not exist`);
      }
      await http().patch(`${API}/me`).set(auth).send({ displayName: '' }).expect(400);
      const blank = await http().patch(`${API}/me`).set(auth).send({ displayName: '\u200b\u3164\u2800' }).expect(400);
      expect(blank.body.message).toBe('displayName must contain a visible character');
      await http()
        .patch(`${API}/me`)
        .set(auth)
        .send({ displayName: 'x'.repeat(101) })
        .expect(400);
      expect((await http().get(`${API}/me`).set(auth).expect(200)).body).toMatchObject({
        displayName: 'Grace',
        roles: ['learner'],
      });
    });

    it('changes the password with the current one only, keeping this sign-in and revoking the others', async () => {
      const account = await harness.signedIn();
      const otherDevice = await harness.login(account.email);
      const auth = bearer(account.accessToken);
      const wrong = await http()
        .post(`${API}/me/password`)
        .set(auth)
        .send({ currentPassword: 'wrong-password-1', newPassword: 'brand new password' })
        .expect(403);
      expect(wrong.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Current password is incorrect' });
      const weak = await http()
        .post(`${API}/me/password`)
        .set(auth)
        .send({ currentPassword: PASSWORD, newPassword: 'short' })
        .expect(400);
      expect(weak.body.message).toBe('newPassword must be at least 10 characters');
      for (const newPassword of ['password12', '1234567890', ' '.repeat(10), account.email]) {
        const guessable = await http()
          .post(`${API}/me/password`)
          .set(auth)
          .send({ currentPassword: PASSWORD, newPassword })
          .expect(400);
        expect(guessable.body.message).toMatch(/^newPassword is too easy to guess: \S/);
      }

      await http()
        .post(`${API}/me/password`)
        .set(auth)
        .send({ currentPassword: PASSWORD, newPassword: 'brand new password' })
        .expect(204);
      await http().post(`${API}/refresh`).send({ refreshToken: otherDevice.refreshToken }).expect(401);
      await http().post(`${API}/refresh`).send({ refreshToken: account.refreshToken }).expect(200);
      await http().post(`${API}/login`).send({ email: account.email, password: PASSWORD }).expect(401);
      await harness.login(account.email, 'brand new password');
    });

    it('resets a forgotten password through a single-use mailed link, signing every session out', async () => {
      const account = await harness.signedIn();
      const unknown = await http().post(`${API}/password-reset/request`).send({ email: newEmail() }).expect(202);
      const known = await http()
        .post(`${API}/password-reset/request`)
        .send({ email: account.email.toUpperCase() })
        .expect(202);
      expect(known.body).toEqual(unknown.body);
      const firstLink = await harness.mailedToken(account.email, 'reset-password');

      // A newer request retires the older link.
      await http().post(`${API}/password-reset/request`).send({ email: account.email }).expect(202);
      const token = await harness.mailedTokenOtherThan(account.email, 'reset-password', firstLink);
      await http()
        .post(`${API}/password-reset/confirm`)
        .send({ token: firstLink, newPassword: 'reset password 123' })
        .expect(400);

      const weak = await http().post(`${API}/password-reset/confirm`).send({ token, newPassword: 'short' }).expect(400);
      expect(weak.body.message).toBe('newPassword must be at least 10 characters');
      // A guessable password is refused and the link stays usable.
      const guessable = await http()
        .post(`${API}/password-reset/confirm`)
        .send({ token, newPassword: 'password12' })
        .expect(400);
      expect(guessable.body.message).toMatch(/^newPassword is too easy to guess: .*common/);
      await http().post(`${API}/password-reset/confirm`).send({ token, newPassword: 'reset password 123' }).expect(204);
      const again = await http()
        .post(`${API}/password-reset/confirm`)
        .send({ token, newPassword: 'reset password 456' })
        .expect(400);
      expect(again.body.message).toBe('Reset link is invalid, expired or already used');

      await http().post(`${API}/refresh`).send({ refreshToken: account.refreshToken }).expect(401);
      await http().post(`${API}/login`).send({ email: account.email, password: PASSWORD }).expect(401);
      await harness.login(account.email, 'reset password 123');
    });

    it('refuses a reset link after its hour', async () => {
      const account = await harness.signedIn();
      await http().post(`${API}/password-reset/request`).send({ email: account.email }).expect(202);
      const token = await harness.mailedToken(account.email, 'reset-password');
      await harness.sql(
        `update one_time_tokens set expires_at = now() - interval '1 second' where user_id = ? and purpose = 'reset-password'`,
        [account.id],
      );
      await http().post(`${API}/password-reset/confirm`).send({ token, newPassword: 'reset password 123' }).expect(400);
      const lifetime = await harness.sql<{ minutes: number }>(
        `select round(extract(epoch from (expires_at - now())) / 60) as minutes from one_time_tokens
          where user_id = ? and purpose = 'verify-email'`,
        [account.id],
      );
      expect(Number(lifetime[0].minutes)).toBeGreaterThan(23 * 60);
    });

    it('lets only admins list accounts, page through them and search', async () => {
      const learner = await harness.signedIn();
      const admin = await harness.signedInAdmin();
      await http().get(`${API}/users`).expect(401);
      const forbidden = await http().get(`${API}/users`).set(bearer(learner.accessToken)).expect(403);
      expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Requires role admin' });

      const asAdmin = bearer(admin.accessToken);
      const first = await http().get(`${API}/users?page=1&limit=2`).set(asAdmin).expect(200);
      expect(first.body).toEqual({ items: expect.any(Array), total: expect.any(Number), page: 1, limit: 2 });
      expect(first.body.items).toHaveLength(2);
      // Oldest first: the first admin, created at start.
      expect(first.body.items[0]).toEqual({
        id: admin.id,
        email: ADMIN.email,
        displayName: 'Administrator',
        roles: expect.arrayContaining(['admin']),
        emailVerified: true,
        disabled: false,
        createdAt: expect.any(String),
      });
      const second = await http().get(`${API}/users?page=2&limit=2`).set(asAdmin).expect(200);
      expect(second.body.items.map((u: { id: string }) => u.id)).not.toContain(admin.id);
      const beyond = await http().get(`${API}/users?page=1000&limit=100`).set(asAdmin).expect(200);
      expect(beyond.body).toMatchObject({ items: [], page: 1000, limit: 100 });

      const found = await http()
        .get(`${API}/users`)
        .query({ search: learner.email.toLowerCase().slice(0, 30) })
        .set(asAdmin)
        .expect(200);
      expect(found.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: learner.id })] });
      const wildcard = await http().get(`${API}/users`).query({ search: '%' }).set(asAdmin).expect(200);
      expect(wildcard.body.total).toBe(0);

      for (const query of [
        'limit=1000',
        'limit=0',
        'page=0',
        'page=zero',
        'page=1.5',
        'page=1&page=2',
        'unknown=1',
        'page=5e17',
        'page=1e300',
      ]) {
        const refused = await http().get(`${API}/users?${query}`).set(asAdmin).expect(400);
        expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      }
    });

    it('assigns known roles, records each change as an event, and never lets an admin drop their own admin role', async () => {
      const learner = await harness.signedIn();
      const admin = await harness.signedInAdmin();
      const asAdmin = bearer(admin.accessToken);
      await http()
        .put(`${API}/users/${learner.id}/roles`)
        .set(bearer(learner.accessToken))
        .send({ roles: ['admin'] })
        .expect(403);

      const unknownRole = await http()
        .put(`${API}/users/${learner.id}/roles`)
        .set(asAdmin)
        .send({ roles: ['learner', 'wizard'] })
        .expect(400);
      expect(unknownRole.body.message).toBe('each role must be one of learner, instructor, moderator, admin');
      await http().put(`${API}/users/${learner.id}/roles`).set(asAdmin).send({ roles: [] }).expect(400);
      await http().put(`${API}/users/${learner.id}/roles`).set(asAdmin).send({ roles: 'admin' }).expect(400);
      const badId = await http()
        .put(`${API}/users/not-a-uuid/roles`)
        .set(asAdmin)
        .send({ roles: ['learner'] })
        .expect(400);
      expect(badId.body.message).toBe('id must be a UUID');
      const missing = randomUUID();
      const notFound = await http()
        .put(`${API}/users/${missing}/roles`)
        .set(asAdmin)
        .send({ roles: ['learner'] })
        .expect(404);
      expect(notFound.body.message).toBe(`User ${missing} not found`);

      const promoted = await http()
        .put(`${API}/users/${learner.id}/roles`)
        .set(asAdmin)
        .send({ roles: ['instructor', 'learner', 'instructor'] })
        .expect(200);
      expect(promoted.body.roles).toEqual(['learner', 'instructor']);
      const event = await harness.publishedEvent('identity.user.roles-changed', learner.id);
      expect(event.payload).toEqual({
        userId: learner.id,
        roles: ['learner', 'instructor'],
        previousRoles: ['learner'],
        changedBy: admin.id,
      });
      // The same roles again change nothing and record nothing.
      await http()
        .put(`${API}/users/${learner.id}/roles`)
        .set(asAdmin)
        .send({ roles: ['learner', 'instructor'] })
        .expect(200);
      const recorded = await harness.sql(
        `select type from outbox_message where payload->>'userId' = ? order by occurred_at`,
        [learner.id],
      );
      expect(recorded.map((row) => row.type)).toEqual(['identity.user.registered', 'identity.user.roles-changed']);

      // The new role is in the next access token.
      const refreshed = await http().post(`${API}/refresh`).send({ refreshToken: learner.refreshToken }).expect(200);
      await http().get(`${API}/users`).set(bearer(refreshed.body.accessToken)).expect(403);
      expect(refreshed.body.user.roles).toEqual(['learner', 'instructor']);

      const selfDemotion = await http()
        .put(`${API}/users/${admin.id}/roles`)
        .set(asAdmin)
        .send({ roles: ['learner'] })
        .expect(409);
      expect(selfDemotion.body.message).toBe('You cannot remove your own admin role');
      await http()
        .put(`${API}/users/${admin.id}/roles`)
        .set(asAdmin)
        .send({ roles: ['admin', 'moderator'] })
        .expect(200);
      await http()
        .put(`${API}/users/${admin.id}/roles`)
        .set(asAdmin)
        .send({ roles: ['admin'] })
        .expect(200);
    });

    it('purges rows that can no longer do anything, keeping those that still guard a sign-in', async () => {
      const account = await harness.signedIn();
      await http().post(`${API}/refresh`).send({ refreshToken: account.refreshToken }).expect(200);
      // The spent token expired 40 days ago (its family is over); the current one 10 days ago, so a
      // replay of it must still be recognised as reuse for a while.
      await harness.sql(
        `update refresh_tokens set expires_at = now() - (case when spent_at is null then interval '10 days' else interval '40 days' end)
          where user_id = ?`,
        [account.id],
      );
      await harness.sql(`update mail_messages set sent_at = now() - interval '31 days' where recipient = ?`, [
        account.email,
      ]);
      const purged = await harness.identity.app.get(HousekeepingService).purge();
      expect(purged).toMatchObject({ refreshTokens: expect.any(Number), mails: expect.any(Number) });
      const left = await harness.sql<{ spent: boolean }>(
        `select spent_at is not null as spent from refresh_tokens where user_id = ?`,
        [account.id],
      );
      expect(left).toEqual([{ spent: false }]);
      expect(await harness.sql(`select id from mail_messages where recipient = ?`, [account.email])).toEqual([]);
    });

    it('creates the first admin once, however often the service starts', async () => {
      // A second instance on the same database, as a restart or another replica would be.
      const replica = await harness.startReplica();
      try {
        expect((await request(managementListenerOf(replica).httpServer).get(`${API}/health/ready`)).status).toBe(200);
      } finally {
        await replica.close();
      }
      const admins = await harness.sql(`select email, email_verified from users where email_normalised = ?`, [
        ADMIN.email,
      ]);
      expect(admins).toEqual([{ email: ADMIN.email, email_verified: true }]);
    });
  });
});
