import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IDENTITY_EVENTS } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { ConflictError, InvalidInputError, NotFoundError, runAfterCommit } from '@platform/service-kit';
import { IdentityConfig } from '../config/identity.config';
import { verificationMail, webAppLink } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { OneTimeTokens } from '../security/one-time-tokens.service';
import { PasswordHasher } from '../security/password-hasher';
import { PasswordStrength } from '../security/password-strength';
import { normaliseEmail } from '../users/email-address';
import { toUserView, User, type UserView } from '../users/user.entity';

/** Verification links work for 24 hours. */
export const VERIFICATION_TTL_MS = 24 * 3_600_000;

const INVALID_LINK = 'Verification link is invalid, expired or already used';

/** Sign-up and e-mail verification. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly tokens: OneTimeTokens,
    private readonly mail: MailService,
    private readonly outbox: Outbox,
    private readonly config: IdentityConfig,
  ) {}

  /** The account, its verification mail and its `identity.user.registered` event commit together or not at all. */
  async register(email: string, password: string, displayName: string): Promise<UserView> {
    await this.strength.assertStrong(password, { email, displayName });
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.em.transactional(async (tx) => {
        const created = new User(email, displayName, passwordHash);
        tx.persist(created);
        await this.queueVerificationMail(tx, created);
        this.outbox.record(tx, IDENTITY_EVENTS.userRegistered, {
          userId: created.id,
          email: created.email,
          displayName: created.displayName,
          roles: [...created.roles],
        });
        return created;
      });
      runAfterCommit(() => this.mail.sendPending());
      return toUserView(user);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new ConflictError('An account with this e-mail already exists');
      throw error;
    }
  }

  async verifyEmail(token: string): Promise<UserView> {
    const user = await this.em.transactional(async (tx) => {
      const record = await this.tokens.spend(tx, token, 'verify-email', INVALID_LINK);
      const owner = await tx.findOne(User, record.userId);
      if (!owner) throw new InvalidInputError(INVALID_LINK);
      owner.emailVerified = true;
      return owner;
    });
    return toUserView(user);
  }

  /** Answers alike whether the account exists, is verified or not: nothing to learn about addresses. */
  async resendVerification(email: string): Promise<void> {
    const queued = await this.em.transactional(async (tx) => {
      const user = await tx.findOne(User, { emailNormalised: normaliseEmail(email) });
      if (!user || user.emailVerified) return false;
      await this.queueVerificationMail(tx, user);
      return true;
    });
    if (queued) this.mail.sendPending();
  }

  /** An admin's resend for one account: 409 once it is verified (nothing to confirm). */
  async resendVerificationTo(userId: string): Promise<void> {
    await this.em.transactional(async (tx) => {
      const user = await tx.findOne(User, userId);
      if (!user) throw new NotFoundError('User', userId);
      if (user.emailVerified) throw new ConflictError('This e-mail address is already confirmed');
      await this.queueVerificationMail(tx, user);
    });
    this.mail.sendPending();
  }

  private async queueVerificationMail(tx: EntityManager, user: User): Promise<void> {
    const token = await this.tokens.issue(tx, user.id, 'verify-email', { ttlMs: VERIFICATION_TTL_MS });
    const link = webAppLink(this.config.PUBLIC_URL, 'verify-email', token);
    this.mail.queue(tx, user.email, verificationMail(user.displayName, link));
  }
}
