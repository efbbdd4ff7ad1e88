import { ConflictError } from '@platform/service-kit';
import { assertRoleChangeAllowed, normaliseRoles, sameRoles } from './role-assignment';

describe('role assignment', () => {
  it('stores each role once, in the platform order', () => {
    expect(normaliseRoles(['admin', 'learner', 'admin', 'instructor'])).toEqual(['learner', 'instructor', 'admin']);
    expect(sameRoles(['admin', 'learner'], ['learner', 'admin', 'learner'])).toBe(true);
    expect(sameRoles(['learner'], ['learner', 'moderator'])).toBe(false);
  });

  it('refuses an admin dropping their own admin role (409), and allows everything else', () => {
    const admin = { id: 'a', roles: ['admin' as const] };
    expect(() => assertRoleChangeAllowed('a', admin, ['learner'])).toThrow(ConflictError);
    expect(() => assertRoleChangeAllowed('a', admin, ['admin', 'instructor'])).not.toThrow();
    expect(() => assertRoleChangeAllowed('b', admin, ['learner'])).not.toThrow();
  });
});
