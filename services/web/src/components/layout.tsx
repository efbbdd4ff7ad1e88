import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, NavLink, Navigate, useLocation, useNavigate } from 'react-router';
import { errorMessage, type Role } from '../api';
import { useAuth } from '../auth/auth-context';
import { Loading } from './status';

/**
 * The page on which "Sign out" was clicked, until the next page: that page, if private, then sends
 * its visitor home rather than to sign in (its own redirect would race the sign-out's).
 */
const SignedOutFrom = createContext<string | null>(null);

function NavItem({ to, children, end }: { to: string; children: ReactNode; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end}>
        {children}
      </NavLink>
    </li>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, status, hasRole, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const [signedOutFrom, setSignedOutFrom] = useState<string | null>(null);
  const shownPath = useRef(location.pathname);

  // A new page: close the menu, name the tab, and (after the first page) move focus to the page's
  // heading, as a full page load would for screen-reader and keyboard users.
  useEffect(() => {
    setMenuOpen(false);
    setSignedOutFrom(null);
    const heading = mainRef.current?.querySelector('h1');
    if (heading) document.title = `${heading.textContent ?? ''} · Learning platform`;
    // Not on the first page (nor React's development re-run of this effect for it).
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    } else {
      mainRef.current?.focus();
    }
  }, [location.pathname]);

  const onSignOut = async () => {
    setSignOutError(null);
    setSignedOutFrom(location.pathname);
    try {
      await signOut();
    } catch (error) {
      // The device is signed out anyway; say that the server may still hold the session.
      setSignOutError(`Signed out on this device, but the server said: ${errorMessage(error)}`);
    }
    navigate('/');
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span aria-hidden="true">▶</span> Learning platform
          </Link>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <nav id="site-nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
            <ul>
              <NavItem to="/" end>
                Catalogue
              </NavItem>
              {user && <NavItem to="/my-learning">My learning</NavItem>}
              {hasRole('instructor', 'admin') && <NavItem to="/teach">Teach</NavItem>}
              {hasRole('moderator', 'admin') && <NavItem to="/moderation">Moderation</NavItem>}
              {hasRole('admin') && <NavItem to="/admin/users">Users</NavItem>}
            </ul>
            <ul className="account-nav">
              {status === 'restoring' && <li className="muted">Signing in…</li>}
              {user ? (
                <>
                  <NavItem to="/account">{user.displayName || user.email}</NavItem>
                  <li>
                    <button type="button" className="link-button" onClick={() => void onSignOut()}>
                      Sign out
                    </button>
                  </li>
                </>
              ) : (
                status === 'signed-out' && (
                  <>
                    <NavItem to="/sign-in">Sign in</NavItem>
                    <NavItem to="/sign-up">Sign up</NavItem>
                  </>
                )
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {signOutError && (
          <div className="notice notice-error" role="alert">
            {signOutError}
          </div>
        )}
        <SignedOutFrom.Provider value={signedOutFrom}>{children}</SignedOutFrom.Provider>
      </main>
      <footer className="site-footer">
        <p>Learning platform · learn at your own pace</p>
      </footer>
    </>
  );
}

/** Pages for signed-in people (with one of `roles`, if given); others are sent to sign in. */
export function RequireAuth({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { status, user, hasRole } = useAuth();
  const location = useLocation();
  const signedOutFrom = useContext(SignedOutFrom);
  if (status === 'restoring') return <Loading label="Restoring your session…" />;
  if (!user && signedOutFrom === location.pathname) return <Navigate to="/" replace />;
  if (!user) {
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (roles && !hasRole(...roles)) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>This page is for {roles.join(' or ')} accounts. Ask an administrator if you need access.</p>
      </section>
    );
  }
  return <>{children}</>;
}
