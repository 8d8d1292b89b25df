import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, setUnauthorizedHandler } from '../api/client';
import type { Session } from '../api/types';

export interface LoginInput {
  tenant: string;
  username: string;
  password: string;
}

interface AuthValue {
  /** undefined while the first /auth/me is in flight, null when signed out. */
  session: Session | null | undefined;
  login: (input: LoginInput) => Promise<Session>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      setSession(await api.get<Session>('/auth/me'));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setSession(null);
      else throw err;
    }
  }, []);

  useEffect(() => {
    // An expired session mid-use: drop it and let RequireAuth send the user to /login.
    setUnauthorizedHandler(() => setSession(null));
    refresh().catch(() => setSession(null));
  }, [refresh]);

  const login = useCallback(async (input: LoginInput) => {
    const signedIn = await api.post<Session>('/auth/login', input);
    // /auth/me adds the permissions list; the login answer alone is enough to proceed.
    const me = await api.get<Session>('/auth/me').catch(() => signedIn);
    setSession(me);
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setSession(null);
    }
  }, []);

  const value = useMemo(() => ({ session, login, logout, refresh }), [session, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in session; only call below <RequireAuth>. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession called without a session');
  return session;
}
