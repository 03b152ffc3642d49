import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { whenSessionLost } from '../api/client';
import { currentSession, signOut as endSession, type Session } from '../api/session-api';

interface SessionState {
  /** undefined while the first GET /session is under way. */
  session: Session | null | undefined;
  /** True when the server ended the session (expired, revoked) rather than the person signing out. */
  lost: boolean;
  signedIn: (session: Session) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    let cancelled = false;
    currentSession().then(
      (found) => !cancelled && setSession(found),
      () => !cancelled && setSession(null),
    );
    whenSessionLost(() => {
      setLost(true);
      setSession(null);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  const signedIn = useCallback((next: Session) => {
    setLost(false);
    setSession(next);
  }, []);
  const signOut = useCallback(async () => {
    if (session) await endSession();
    setSession(null);
  }, [session]);
  const value = useMemo(() => ({ session, lost, signedIn, signOut }), [session, lost, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session: only for pages inside the shell, which renders them once signed in. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn outside a session');
  return session;
}
