import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { get, Me, session } from './api';

interface SessionState {
  me: Me | null;
  loading: boolean;
  signIn(token: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** The signed-in user, read from GET /me with the token kept in sessionStorage. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async (): Promise<void> => {
    if (!session.token()) {
      setMe(null);
      setLoading(false);
      return;
    }
    try {
      setMe(await get<Me>('/me'));
    } catch {
      session.clear();
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signIn = useCallback(
    async (token: string): Promise<void> => {
      session.save(token);
      await load();
    },
    [load],
  );
  const signOut = useCallback((): void => {
    session.clear();
    setMe(null);
  }, []);

  return (
    <SessionContext.Provider value={{ me, loading, signIn, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
