/** The logged-in staff member: loaded from /api/auth/me, set by the log-in form, cleared on log-out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from '../shared/api';
import type { ApiAnswer, ApiBody } from '../shared/api-contract';
import type { Role } from '../../src/domain/model/user.js';

/** The answer to GET /api/auth/me: the user, their organ, the session's CSRF token. */
export type Me = ApiAnswer<'/api/auth/me'>;

interface AuthState {
  me: Me | null;
  loading: boolean;
  login: (username: string, password: string, totp?: string) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  has: (role: Role) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const m = await api.get<Me>('/api/auth/me');
      setCsrfToken(m.csrfToken);
      setMe(m);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => { void refresh(); }, [refresh]);
  const login = useCallback(async (username: string, password: string, totp?: string) => {
    const body: ApiBody<'/api/auth/login'> = totp ? { username, password, totp } : { username, password };
    const r = await api.post<ApiAnswer<'/api/auth/login', 'post'>>('/api/auth/login', body);
    setCsrfToken(r.csrfToken);
    await refresh();
  }, [refresh]);
  const logout = useCallback(async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
  }, []);
  const has = useCallback((role: Role) => Boolean(me?.user.roles.includes(role)), [me]);
  return <AuthContext.Provider value={{ me, loading, login, logout, refresh, has }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** The logged-in user (only inside the authenticated layout). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('not logged in');
  return me;
}
