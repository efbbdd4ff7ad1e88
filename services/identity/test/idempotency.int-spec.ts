import { randomUUID } from 'node:crypto';
import { API, IdentityHarness, newEmail, PASSWORD } from './identity-harness';

describe('identity: register and verify-email with an Idempotency-Key (real PostgreSQL, SMTP, HTTP)', () => {
  let harness: IdentityHarness;

  beforeAll(async () => {
    harness = await IdentityHarness.start();
  });
  afterAll(() => harness?.close());

  const post = (path: string, body: object, key?: string) => {
    const req = harness.http().post(`${API}${path}`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  it('replays a retried sign-up (same account, one row, one mail) instead of answering 409', async () => {
    const email = newEmail();
    const key = randomUUID();
    const body = { email, password: PASSWORD, displayName: 'Ada' };
    const first = await post('/register', body, key).expect(201);
    const retry = await post('/register', body, key).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const users = await harness.sql<{ n: string }>('select count(*) as n from users where id = ?', [first.body.id]);
    expect(Number(users[0].n)).toBe(1);
    const events = await harness.sql<{ n: string }>(
      `select count(*) as n from outbox_message where type = 'identity.user.registered' and payload->>'userId' = ?`,
      [first.body.id],
    );
    expect(Number(events[0].n)).toBe(1);
    // The mail is sent once the request's transaction has committed, not at the next retry pass.
    const token = await harness.mailedToken(email, 'verify-email');
    expect(token).toBeTruthy();
    // Without a key, the same sign-up is what it always was: the address is taken.
    await post('/register', body).expect(409);
  });

  it('refuses the key with another body (422) and a malformed key (400), naming the header', async () => {
    const key = randomUUID();
    await post('/register', { email: newEmail(), password: PASSWORD, displayName: 'Ada' }, key).expect(201);
    const other = await post('/register', { email: newEmail(), password: PASSWORD, displayName: 'Bo' }, key).expect(
      422,
    );
    expect(other.body).toMatchObject({ statusCode: 422, message: expect.stringContaining('Idempotency-Key') });
    const bad = await post('/register', { email: newEmail(), password: PASSWORD, displayName: 'Cy' }, 'x'.repeat(201));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('Idempotency-Key');
  });

  it('replays a retried verify-email where the spent link alone would answer 400', async () => {
    const { email } = await harness.register();
    const token = await harness.mailedToken(email, 'verify-email');
    const key = randomUUID();
    const verified = await post('/verify-email', { token }, key).expect(200);
    expect(verified.body).toMatchObject({ emailVerified: true });
    const retry = await post('/verify-email', { token }, key).expect(200);
    expect(retry.body).toEqual(verified.body);
    await post('/verify-email', { token }).expect(400);
  });
});
