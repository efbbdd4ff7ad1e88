import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, http, type Role, type User } from '../api';

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
  const [status, setStatus] = useState<AuthStatus>(http.hasRefreshToken() ? 'restoring' : 'signed-out');

  // A reload keeps only the refresh token (sessionStorage): trade it for a new pair and the profile.
  useEffect(() => {
    if (!http.hasRefreshToken()) return;
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
          // The server could not be reached: keep the refresh token, show the app signed out.
          if (!cancelled) setStatus('signed-out');
        },
      );
    return () => {
      cancelled = true;
    };
  }, []);

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

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await api.identity.login({ email, password });
    http.startSession(session);
    setUser(session.user);
    setStatus('signed-in');
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    const refreshToken = http.refreshToken();
    try {
      if (refreshToken) await api.identity.logout(refreshToken);
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
