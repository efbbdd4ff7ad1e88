import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '@platform/service-kit';
import { SessionsService } from '../sessions/sessions.service';
import { passwordChangedMail } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from '../security/password-hasher';
import { PasswordStrength } from '../security/password-strength';
import { toUserView, User, type UserView } from './user.entity';

/** The signed-in user's own account. */
@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
  ) {}

  async get(id: string): Promise<UserView> {
    return toUserView(await this.find(id));
  }

  async updateProfile(id: string, changes: { displayName?: string }): Promise<UserView> {
    const user = await this.find(id);
    if (changes.displayName !== undefined) user.displayName = changes.displayName;
    await this.em.flush();
    return toUserView(user);
  }

  /**
   * Needs the current password (403 when wrong: the caller is known, the action is refused). Every
   * other sign-in of the account is revoked; the session making the change (`keepSessionId`, the
   * access token's `sid`) stays signed in.
   */
  async changePassword(
    id: string,
    currentPassword: string,
    newPassword: string,
    keepSessionId?: string,
  ): Promise<void> {
    const user = await this.find(id);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword)))
      throw new ForbiddenError('Current password is incorrect');
    await this.strength.assertStrong(newPassword, user, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.em.transactional(async (tx) => {
      const fresh = await tx.findOneOrFail(User, id);
      fresh.passwordHash = passwordHash;
      await this.sessions.revokeAllOf(tx, id, keepSessionId);
      this.mail.queue(tx, fresh.email, passwordChangedMail(fresh.displayName, new Date()));
    });
    this.mail.sendPending();
  }

  private async find(id: string): Promise<User> {
    const user = await this.em.findOne(User, id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }
}
