import { randomUUID } from 'node:crypto';
import { waitFor } from '@platform/testing';
import { API, bearer, IdentityHarness, newEmail, PASSWORD } from './identity-harness';

/** Disabling accounts, an admin's resend of the verification mail, and the mails people expect. */
describe('account administration and notice mails (real PostgreSQL, maildev, HTTP)', () => {
  let harness: IdentityHarness;
  const http = () => harness.http();

  beforeAll(async () => {
    harness = await IdentityHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const mailWithSubject = (email: string, subject: string) =>
    waitFor(`a mail “${subject}” to ${email}`, async () =>
      (await harness.mail.mailsTo(email)).find((mail) => mail.subject === subject),
    );

  it('disables an account (no sign-in, refresh tokens revoked) and enables it again; admins only', async () => {
    const admin = await harness.signedInAdmin();
    const target = await harness.signedIn();
    const other = await harness.signedIn();
    const path = `${API}/users/${target.id}/disabled`;

    await http().put(path).send({ disabled: true }).expect(401);
    await http().put(path).set(bearer(other.accessToken)).send({ disabled: true }).expect(403);
    await http().put(path).set(bearer(admin.accessToken)).send({ disabled: 'yes' }).expect(400);
    await http().put(path).set(bearer(admin.accessToken)).send({}).expect(400);
    await http()
      .put(`${API}/users/not-an-id/disabled`)
      .set(bearer(admin.accessToken))
      .send({ disabled: true })
      .expect(400);
    await http()
      .put(`${API}/users/${randomUUID()}/disabled`)
      .set(bearer(admin.accessToken))
      .send({ disabled: true })
      .expect(404);
    const selfRefused = await http()
      .put(`${API}/users/${admin.id}/disabled`)
      .set(bearer(admin.accessToken))
      .send({ disabled: true })
      .expect(409);
    expect(selfRefused.body.message).toMatch(/your own account/);

    const disabled = await http().put(path).set(bearer(admin.accessToken)).send({ disabled: true }).expect(200);
    expect(disabled.body).toMatchObject({ id: target.id, disabled: true });
    const login = await http().post(`${API}/login`).send({ email: target.email, password: PASSWORD }).expect(403);
    expect(login.body.message).toMatch(/disabled/);
    await http().post(`${API}/refresh`).send({ refreshToken: target.refreshToken }).expect(401);
    // A wrong password still says only that: the account's state is told to its owner alone.
    const wrong = await http()
      .post(`${API}/login`)
      .send({ email: target.email, password: 'not it at all' })
      .expect(401);
    expect(wrong.body.message).not.toMatch(/disabled/);
    const listed = await http()
      .get(`${API}/users`)
      .query({ search: target.email })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: target.id, disabled: true })]);

    const enabled = await http().put(path).set(bearer(admin.accessToken)).send({ disabled: false }).expect(200);
    expect(enabled.body.disabled).toBe(false);
    const again = await harness.login(target.email);
    await http().post(`${API}/refresh`).send({ refreshToken: again.refreshToken }).expect(200);
    // The sign-in that was revoked stays revoked.
    await http().post(`${API}/refresh`).send({ refreshToken: target.refreshToken }).expect(401);
  });

  it('refuses the rest of an access token’s life to a disabled or demoted account on identity’s own routes', async () => {
    const root = await harness.signedInAdmin();
    const rootAuth = bearer(root.accessToken);
    const made = await harness.signedIn();
    await http()
      .put(`${API}/users/${made.id}/roles`)
      .set(rootAuth)
      .send({ roles: ['admin'] })
      .expect(200);
    // A token that says admin, issued before the account was disabled.
    const rogue = bearer((await harness.login(made.email)).accessToken);
    await http().get(`${API}/users`).set(rogue).expect(200);

    await http().put(`${API}/users/${made.id}/disabled`).set(rootAuth).send({ disabled: true }).expect(200);
    const selfEnabled = await http().put(`${API}/users/${made.id}/disabled`).set(rogue).send({ disabled: false });
    expect(selfEnabled.status).toBe(403);
    expect(selfEnabled.body.message).toMatch(/disabled/);
    await http().put(`${API}/users/${root.id}/disabled`).set(rogue).send({ disabled: true }).expect(403);
    await http()
      .post(`${API}/me/password`)
      .set(rogue)
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase 42' })
      .expect(403);
    await http().patch(`${API}/me`).set(rogue).send({ displayName: 'Still here' }).expect(403);
    const [stored] = await harness.sql<{ disabled: boolean; display_name: string }>(
      'select disabled_at is not null as disabled, display_name from users where id = ?',
      [made.id],
    );
    expect(stored.disabled).toBe(true);
    expect(stored.display_name).not.toBe('Still here');
    await http().post(`${API}/login`).send({ email: made.email, password: PASSWORD }).expect(403);

    // Enabled again but demoted: the admin role in the old token counts for nothing any more.
    await http().put(`${API}/users/${made.id}/disabled`).set(rootAuth).send({ disabled: false }).expect(200);
    await http()
      .put(`${API}/users/${made.id}/roles`)
      .set(rootAuth)
      .send({ roles: ['learner'] })
      .expect(200);
    const regrant = await http()
      .put(`${API}/users/${made.id}/roles`)
      .set(rogue)
      .send({ roles: ['admin'] });
    expect(regrant.status).toBe(403);
    expect(regrant.body.message).toBe('Requires role admin');
    await http().get(`${API}/users`).set(rogue).expect(403);
    // Their own account stays theirs.
    await http().get(`${API}/me`).set(rogue).expect(200);
  });

  it('lets an admin resend the verification mail of an unconfirmed account, and only then', async () => {
    const admin = await harness.signedInAdmin();
    const learner = await harness.signedIn();
    const email = newEmail();
    const pending = await harness.register(email);
    const first = await harness.mailedToken(email, 'verify-email');
    const path = `${API}/users/${pending.id}/verification-mail`;

    await http().post(path).expect(401);
    await http().post(path).set(bearer(learner.accessToken)).expect(403);
    await http().post(`${API}/users/${randomUUID()}/verification-mail`).set(bearer(admin.accessToken)).expect(404);
    await http().post(path).set(bearer(admin.accessToken)).expect(202);
    const second = await harness.mailedTokenOtherThan(email, 'verify-email', first);
    await http().post(`${API}/verify-email`).send({ token: second }).expect(200);
    const verified = await http().post(path).set(bearer(admin.accessToken)).expect(409);
    expect(verified.body.message).toMatch(/already confirmed/);
  });

  it('mails “your password was changed” after a change and after a reset', async () => {
    const account = await harness.signedIn();
    await http()
      .post(`${API}/me/password`)
      .set(bearer(account.accessToken))
      .send({ currentPassword: PASSWORD, newPassword: 'another good password 7' })
      .expect(204);
    const changed = await mailWithSubject(account.email, 'Your password was changed');
    expect(changed.text).toMatch(/If it was not you/);
    expect(changed.text).not.toMatch(/another good password/);

    await http().post(`${API}/password-reset/request`).send({ email: account.email }).expect(202);
    const token = await harness.mailedToken(account.email, 'reset-password');
    await http()
      .post(`${API}/password-reset/confirm`)
      .send({ token, newPassword: 'a third good password 8' })
      .expect(204);
    await waitFor('a second password-changed mail', async () => {
      const mails = await harness.mail.mailsTo(account.email);
      return mails.filter((mail) => mail.subject === 'Your password was changed').length === 2;
    });
  });

  it('mails “your role changed” with what was added and removed, once per change', async () => {
    const admin = await harness.signedInAdmin();
    const account = await harness.signedIn();
    await http()
      .put(`${API}/users/${account.id}/roles`)
      .set(bearer(admin.accessToken))
      .send({ roles: ['learner', 'instructor'] })
      .expect(200);
    const mail = await mailWithSubject(account.email, 'Your role changed');
    expect(mail.text).toMatch(/now: learner, instructor/);
    expect(mail.text).toMatch(/Added: instructor\./);
    // The same roles again change nothing and mail nothing.
    await http()
      .put(`${API}/users/${account.id}/roles`)
      .set(bearer(admin.accessToken))
      .send({ roles: ['instructor', 'learner'] })
      .expect(200);
    await http()
      .put(`${API}/users/${account.id}/roles`)
      .set(bearer(admin.accessToken))
      .send({ roles: ['learner'] })
      .expect(200);
    await waitFor('the removal mail', async () => {
      const mails = (await harness.mail.mailsTo(account.email)).filter((m) => m.subject === 'Your role changed');
      return mails.length === 2 && /Removed: instructor\./.test(mails[1].text);
    });
    expect((await harness.mail.mailsTo(account.email)).filter((m) => m.subject === 'Your role changed')).toHaveLength(
      2,
    );
  });
});
