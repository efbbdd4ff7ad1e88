import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IDENTITY_EVENTS } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { ConflictError, InvalidInputError } from '@platform/service-kit';
import { SessionsService } from '../auth/sessions.service';
import { IdentityConfig } from '../config/identity.config';
import { passwordResetMail, verificationMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { OneTimeToken, type OneTimeTokenPurpose } from '../security/one-time-token.entity';
import { digestToken, newOpaqueToken } from '../security/opaque-token';
import { PasswordHasher } from '../security/password-hasher';
import { normaliseEmail } from '../users/email-address';
import { toUserView, User, type UserView } from '../users/user.entity';

const VERIFICATION_TTL_MS = 24 * 3_600_000;
const RESET_TTL_MS = 3_600_000;

@Injectable()
export class AccountsService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly mail: MailService,
    private readonly outbox: Outbox,
    private readonly sessions: SessionsService,
    private readonly config: IdentityConfig,
  ) {}

  /** The account, its verification mail and its event commit together or not at all. */
  async register(email: string, password: string, displayName: string): Promise<UserView> {
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.em.transactional(async (tx) => {
        const created = new User(email, displayName, passwordHash);
        tx.persist(created);
        this.queueLinkMail(tx, created, 'verify-email');
        this.outbox.record(tx, IDENTITY_EVENTS.userRegistered, {
          userId: created.id,
          email: created.email,
          displayName: created.displayName,
          roles: created.roles,
        });
        return created;
      });
      this.mail.sendPending();
      return toUserView(user);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new ConflictError('An account with this e-mail already exists');
      throw error;
    }
  }

  async verifyEmail(token: string): Promise<UserView> {
    const user = await this.em.transactional(async (tx) => {
      const record = await this.spend(
        tx,
        token,
        'verify-email',
        'Verification link is invalid, expired or already used',
      );
      const owner = await tx.findOneOrFail(User, record.userId);
      owner.emailVerified = true;
      return owner;
    });
    return toUserView(user);
  }

  /** Answers the same whether or not the account exists or is already verified. */
  async resendVerification(email: string): Promise<void> {
    await this.em.transactional(async (tx) => {
      const user = await tx.findOne(User, { emailNormalised: normaliseEmail(email) });
      if (user && !user.emailVerified) this.queueLinkMail(tx, user, 'verify-email');
    });
    this.mail.sendPending();
  }

  /** No hint whether the e-mail has an account. */
  async requestPasswordReset(email: string): Promise<void> {
    await this.em.transactional(async (tx) => {
      const user = await tx.findOne(User, { emailNormalised: normaliseEmail(email) });
      if (user) this.queueLinkMail(tx, user, 'reset-password');
    });
    this.mail.sendPending();
  }

  /** Sets the new password and signs every session of the account out. */
  async confirmPasswordReset(token: string, newPassword: string): Promise<void> {
    const passwordHash = await this.hasher.hash(newPassword);
    const userId = await this.em.transactional(async (tx) => {
      const record = await this.spend(tx, token, 'reset-password', 'Reset link is invalid, expired or already used');
      const user = await tx.findOneOrFail(User, record.userId);
      user.passwordHash = passwordHash;
      // Receiving the reset mail proves the address as well as a verification link would.
      user.emailVerified = true;
      return user.id;
    });
    await this.sessions.revokeAllOf(userId);
  }

  private queueLinkMail(tx: EntityManager, user: User, purpose: OneTimeTokenPurpose): void {
    const token = newOpaqueToken();
    tx.persist(
      new OneTimeToken(
        user.id,
        purpose,
        digestToken(token),
        purpose === 'verify-email' ? VERIFICATION_TTL_MS : RESET_TTL_MS,
      ),
    );
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const link = `${base}/${purpose === 'verify-email' ? 'verify-email' : 'reset-password'}?token=${encodeURIComponent(token)}`;
    const content =
      purpose === 'verify-email' ? verificationMail(user.displayName, link) : passwordResetMail(user.displayName, link);
    this.mail.queue(tx, user.email, content);
  }

  /** Marks a one-time token used with a guarded UPDATE, so it cannot be spent twice concurrently. */
  private async spend(
    tx: EntityManager,
    token: string,
    purpose: OneTimeTokenPurpose,
    failure: string,
  ): Promise<OneTimeToken> {
    const record = await tx.findOne(OneTimeToken, { tokenDigest: digestToken(token), purpose });
    if (!record || !record.isUsable()) throw new InvalidInputError(failure);
    const spent = await tx.nativeUpdate(OneTimeToken, { id: record.id, usedAt: null }, { usedAt: new Date() });
    if (spent !== 1) throw new InvalidInputError(failure);
    return record;
  }
}
