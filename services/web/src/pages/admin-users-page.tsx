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

/** Disable/enable and, for an unconfirmed address, a new verification mail. */
function AccountActions({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const { user: me } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack-tight">
      <span className={`badge ${user.disabled ? 'badge-archived' : 'badge-published'}`}>
        {user.disabled ? 'Disabled' : 'Active'}
      </span>
      {user.id !== me?.id && (
        <button
          type="button"
          className={user.disabled ? 'small' : 'small danger'}
          disabled={busy}
          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
          onClick={() =>
            void run(async () => {
              if (!user.disabled && !window.confirm(`Disable ${user.email}? They are signed out and cannot sign in.`))
                return;
              onSaved(await api.identity.setDisabled(user.id, !user.disabled));
            })
          }
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
      )}
      {!user.emailVerified && (
        <button
          type="button"
          className="small"
          disabled={busy}
          aria-label={`Resend the verification mail to ${user.email}`}
          onClick={() =>
            void run(async () => {
              await api.identity.resendVerificationTo(user.id);
              setNotice('Verification mail sent.');
            })
          }
        >
          Resend verification mail
        </button>
      )}
      {notice && <SuccessMessage>{notice}</SuccessMessage>}
      <ErrorMessage error={error} />
    </div>
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
                  <th scope="col">Account</th>
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
                      <AccountActions user={user} onSaved={replace} />
                    </td>
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
