import { ROLES, type Role } from '@platform/contracts';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, type User } from '../api';
import { useAuth } from '../auth/auth-context';
import { Pagination } from '../components/pagination';
import { EmptyState, ErrorMessage, Loading, SuccessMessage } from '../components/status';
import { useLoad } from '../components/use-load';

const PAGE_SIZE = 20;

function RoleEditor({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const { user: me } = useAuth();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const changed = roles.length !== user.roles.length || roles.some((role) => !user.roles.includes(role));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      onSaved(await api.identity.setRoles(user.id, roles));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void save(event)} className="role-editor">
      <fieldset>
        <legend className="visually-hidden">Roles of {user.email}</legend>
        {ROLES.map((role) => {
          const inputId = `role-${user.id}-${role}`;
          return (
            <span className="choice" key={role}>
              <input
                type="checkbox"
                id={inputId}
                checked={roles.includes(role)}
                // An admin cannot take away their own admin role by accident.
                disabled={role === 'admin' && user.id === me?.id}
                onChange={() =>
                  setRoles((current) =>
                    current.includes(role) ? current.filter((r) => r !== role) : [...current, role],
                  )
                }
              />
              <label htmlFor={inputId}>{role}</label>
            </span>
          );
        })}
      </fieldset>
      <button type="submit" disabled={!changed || saving} aria-label={`Save roles of ${user.email}`}>
        {saving ? 'Saving…' : 'Save'}
      </button>
      {saved && !changed && <SuccessMessage>Saved.</SuccessMessage>}
      <ErrorMessage error={error} />
    </form>
  );
}

export function AdminUsersPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [query, setQuery] = useState(search);
  const users = useLoad(() => api.identity.listUsers({ search, page, limit: PAGE_SIZE }), [search, page]);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setParams(query.trim() ? { search: query.trim() } : {});
  };

  const replace = (updated: User) => {
    if (!users.data) return;
    users.setData({ ...users.data, items: users.data.items.map((u) => (u.id === updated.id ? updated : u)) });
  };

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users and roles</h1>
      <form role="search" className="search-form" onSubmit={onSearch}>
        <label htmlFor="user-search">Search users</label>
        <input id="user-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        <button type="submit">Search</button>
      </form>
      {users.loading && <Loading label="Loading users…" />}
      <ErrorMessage error={users.error} />
      {users.data &&
        !users.loading &&
        (users.data.items.length === 0 ? (
          <EmptyState>
            <p>No users found.</p>
          </EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="users-table">
              <caption className="visually-hidden">Users and their roles</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Confirmed</th>
                  <th scope="col">Roles</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <th scope="row">{user.displayName}</th>
                    <td>{user.email}</td>
                    <td>{user.emailVerified ? 'yes' : 'no'}</td>
                    <td>
                      <RoleEditor key={user.id} user={user} onSaved={replace} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {users.data && (
        <Pagination
          page={users.data.page ?? page}
          limit={users.data.limit ?? PAGE_SIZE}
          total={users.data.total}
          onPage={(next) => setParams({ ...(search ? { search } : {}), page: String(next) })}
        />
      )}
    </section>
  );
}
