import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@platform/service-kit';
import { SessionsService } from '../sessions/sessions.service';
import { IdentityConfig } from '../config/identity.config';
import { passwordChangedMail, passwordResetMail, webAppLink } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { OneTimeTokens } from '../security/one-time-tokens.service';
import { PasswordHasher } from '../security/password-hasher';
import { PasswordStrength } from '../security/password-strength';
import { normaliseEmail } from '../users/email-address';
import { User } from '../users/user.entity';

/** Reset links work for one hour, once; only the newest one of an account works. */
export const RESET_TTL_MS = 3_600_000;

const INVALID_LINK = 'Reset link is invalid, expired or already used';

@Injectable()
export class PasswordResetService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly tokens: OneTimeTokens,
    private readonly mail: MailService,
    private readonly sessions: SessionsService,
    private readonly config: IdentityConfig,
  ) {}

  /** Mails a reset link if the account exists; the caller's answer is the same either way. */
  async request(email: string): Promise<void> {
    const queued = await this.em.transactional(async (tx) => {
      const user = await tx.findOne(User, { emailNormalised: normaliseEmail(email) });
      if (!user) return false;
      const token = await this.tokens.issue(tx, user.id, 'reset-password', { ttlMs: RESET_TTL_MS, supersede: true });
      const link = webAppLink(this.config.PUBLIC_URL, 'reset-password', token);
      this.mail.queue(tx, user.email, passwordResetMail(user.displayName, link));
      return true;
    });
    if (queued) this.mail.sendPending();
  }

  /** Sets the new password and signs every session of the account out, in one transaction. */
  async confirm(token: string, newPassword: string): Promise<void> {
    const passwordHash = await this.hasher.hash(newPassword);
    await this.em.transactional(async (tx) => {
      const record = await this.tokens.spend(tx, token, 'reset-password', INVALID_LINK);
      const user = await tx.findOne(User, record.userId);
      if (!user) throw new InvalidInputError(INVALID_LINK);
      // Refused inside the transaction: the link stays unspent for a better password.
      await this.strength.assertStrong(newPassword, user, 'newPassword');
      user.passwordHash = passwordHash;
      // Receiving the reset mail proves the address as well as a verification link would.
      user.emailVerified = true;
      await this.sessions.revokeAllOf(tx, user.id);
      this.mail.queue(tx, user.email, passwordChangedMail(user.displayName, new Date()));
    });
    this.mail.sendPending();
  }
}
