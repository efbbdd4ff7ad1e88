import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, http, SESSION_FLAG_KEY, type Role, type User } from '../api';

export type AuthStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface Auth {
  readonly status: AuthStatus;
  readonly user: User | null;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  /** After PATCH /me. */
  setUser(user: User): void;
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<AuthStatus>(http.hasSession() ? 'restoring' : 'signed-out');

  /** A reload or a new tab holds no access token: trade identity's session cookie for one, and the profile. */
  const restore = useCallback(() => {
    let cancelled = false;
    http
      .refresh()
      .then(async (ok) => {
        if (!ok) return null;
        return api.identity.me();
      })
      .then(
        (me) => {
          if (cancelled) return;
          setUser(me);
          setStatus(me ? 'signed-in' : 'signed-out');
        },
        () => {
          // The server could not be reached: keep the session flag, show the app signed out.
          if (!cancelled) setStatus('signed-out');
        },
      );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => (http.hasSession() ? restore() : undefined), [restore]);

  // Identity refused a refresh somewhere in the app: the session is over.
  useEffect(
    () =>
      http.onSessionChange((pair) => {
        if (pair === null) {
          setUser(null);
          setStatus('signed-out');
        } else if (pair.user) {
          setUser(pair.user);
        }
      }),
    [],
  );

  // Another tab signed out (the flag is gone) or in (it is back): follow it.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_FLAG_KEY && event.key !== null) return;
      if (!http.hasSession()) http.endSession();
      else if (!http.hasAccessToken()) restore();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [restore]);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await api.identity.login({ email, password });
    http.startSession(session);
    setUser(session.user);
    setStatus('signed-in');
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.identity.logout();
    } finally {
      // Signed out on this device even when the server could not be told.
      http.endSession();
    }
  }, []);

  const value = useMemo<Auth>(
    () => ({
      status,
      user,
      signIn,
      signOut,
      setUser,
      hasRole: (...roles) => !!user && roles.some((role) => user.roles.includes(role)),
    }),
    [status, user, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}
