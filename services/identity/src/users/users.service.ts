import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IDENTITY_EVENTS, type Role } from '@platform/contracts';
import { Outbox } from '@platform/messaging';
import { ConflictError, ForbiddenError, NotFoundError, type Page } from '@platform/service-kit';
import { SessionsService } from '../auth/sessions.service';
import { PasswordHasher } from '../security/password-hasher';
import { toUserView, User, type UserView } from './user.entity';

export type UserPage = Page<UserView>;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly outbox: Outbox,
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

  /** Needs the current password; other sign-ins are signed out. */
  async changePassword(id: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.find(id);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword)))
      throw new ForbiddenError('Current password is incorrect');
    user.passwordHash = await this.hasher.hash(newPassword);
    await this.em.flush();
    await this.sessions.revokeAllOf(user.id);
  }

  async list(page: number, limit: number, search?: string): Promise<UserPage> {
    const where = search?.trim()
      ? {
          $or: [
            { emailNormalised: { $ilike: `%${escapeLike(search.trim())}%` } },
            { displayName: { $ilike: `%${escapeLike(search.trim())}%` } },
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

  /** Records the change as an event in the same transaction; an admin cannot drop their own admin role. */
  async setRoles(actorId: string, userId: string, roles: Role[]): Promise<UserView> {
    const user = await this.em.transactional(async (tx) => {
      const target = await tx.findOne(User, userId);
      if (!target) throw new NotFoundError('User', userId);
      const unique = [...new Set(roles)];
      if (actorId === userId && target.hasRole('admin') && !unique.includes('admin')) {
        throw new ConflictError('You cannot remove your own admin role');
      }
      const previousRoles = [...target.roles];
      target.roles = unique;
      this.outbox.record(tx, IDENTITY_EVENTS.userRolesChanged, {
        userId,
        roles: unique,
        previousRoles,
        changedBy: actorId,
      });
      return target;
    });
    return toUserView(user);
  }

  private async find(id: string): Promise<User> {
    const user = await this.em.findOne(User, id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }
}
