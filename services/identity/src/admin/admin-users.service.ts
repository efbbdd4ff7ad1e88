import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IDENTITY_EVENTS, type Role } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { ConflictError, NotFoundError, type Page } from '@platform/service-kit';
import { SessionsService } from '../sessions/sessions.service';
import { rolesChangedMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { RegistrationService } from '../registration/registration.service';
import { toUserView, User, type UserView } from '../users/user.entity';
import { assertRoleChangeAllowed, normaliseRoles, sameRoles } from './role-assignment';

export type UserPage = Page<UserView>;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Admins' view of all accounts. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly mail: MailService,
    private readonly sessions: SessionsService,
    private readonly registration: RegistrationService,
  ) {}

  /** Oldest first; `search` matches part of the e-mail or display name, case-insensitively. */
  async list(page: number, limit: number, search?: string): Promise<UserPage> {
    // In the form addresses are stored in (emailNormalised): a look-alike such as U+212A finds its plain letter.
    const term = search?.trim().normalize('NFKC');
    const where = term
      ? {
          $or: [
            { emailNormalised: { $ilike: `%${escapeLike(term)}%` } },
            { displayName: { $ilike: `%${escapeLike(term)}%` } },
          ],
        }
      : {};
    const [users, total] = await this.em.findAndCount(User, where, {
      orderBy: { createdAt: 'asc', id: 'asc' },
      limit,
      offset: (page - 1) * limit,
    });
    return { items: users.map(toUserView), total, page, limit };
  }

  /**
   * Replaces a user's roles and records `identity.user.roles-changed` in the same transaction (none
   * when nothing changes), and mails the user what changed. Takes effect in the user's next access
   * token (at most its lifetime later).
   */
  async setRoles(actorId: string, userId: string, roles: Role[]): Promise<UserView> {
    const user = await this.em.transactional(async (tx) => {
      const target = await tx.findOne(User, userId);
      if (!target) throw new NotFoundError('User', userId);
      const next = normaliseRoles(roles);
      assertRoleChangeAllowed(actorId, target, next);
      if (sameRoles(target.roles, next)) return target;
      const previousRoles = [...target.roles];
      target.roles = next;
      this.outbox.record(tx, IDENTITY_EVENTS.userRolesChanged, {
        userId,
        roles: [...next],
        previousRoles,
        changedBy: actorId,
      });
      this.mail.queue(tx, target.email, rolesChangedMail(target.displayName, next, previousRoles));
      return target;
    });
    this.mail.sendPending();
    return toUserView(user);
  }

  /**
   * A disabled account cannot sign in or refresh: its refresh tokens are revoked at once. Access
   * tokens already issued are verified locally by every service and stay valid until they expire
   * (ACCESS_TOKEN_TTL_SECONDS, 10 minutes by default). An admin cannot disable themselves (409).
   */
  async setDisabled(actorId: string, userId: string, disabled: boolean): Promise<UserView> {
    if (disabled && actorId === userId) throw new ConflictError('You cannot disable your own account');
    const user = await this.em.transactional(async (tx) => {
      const target = await tx.findOne(User, userId);
      if (!target) throw new NotFoundError('User', userId);
      if (disabled === (target.disabledAt !== null)) return target;
      target.disabledAt = disabled ? new Date() : null;
      if (disabled) await this.sessions.revokeAllOf(tx, userId);
      return target;
    });
    return toUserView(user);
  }

  resendVerification(userId: string): Promise<void> {
    return this.registration.resendVerificationTo(userId);
  }
}
