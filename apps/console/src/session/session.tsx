import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Api, createApi, unwrap } from '../api/client';
import type { OrgMembership, Role } from '../api/types';
import { abilityFor, type AppAbility } from './ability';

/**
 * A signed-in member. It lives in React state only: no localStorage, no sessionStorage, no
 * cookie, so a script injected into another tab cannot lift it and a reload signs out.
 */
export interface Session {
  token: string;
  expiresAt: number;
  email: string;
  memberId: string;
  orgId: string;
  role: Role;
  orgs: OrgMembership[];
}

interface SessionValue {
  session: Session | null;
  api: Api;
  ability: AppAbility;
  /** Why the member was signed out (expiry, a refused token), shown on the sign-in page. */
  notice: string | null;
  /** The email of the last session, to prefill the sign-in form. */
  lastEmail: string;
  signIn: (email: string, password: string, org?: string) => Promise<void>;
  signOut: (notice?: string) => void;
}

const SessionContext = createContext<SessionValue | null>(null);
const EXPIRED = 'Your session expired. Sign in again to continue.';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [lastEmail, setLastEmail] = useState('');

  const signOut = useCallback((why?: string) => {
    setSession(null);
    setNotice(why ?? null);
  }, []);

  const signIn = useCallback(async (email: string, password: string, org?: string) => {
    const answer = await unwrap(createApi().POST('/api/auth/login', { body: { email, password, org } }));
    setLastEmail(email);
    setNotice(null);
    setSession({
      token: answer.access_token,
      expiresAt: Date.now() + answer.expires_in * 1000,
      email,
      memberId: answer.member_id,
      orgId: answer.org_id,
      role: answer.role,
      orgs: answer.orgs,
    });
  }, []);

  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(() => signOut(EXPIRED), Math.max(0, session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, signOut]);

  const api = useMemo(
    () => createApi({ token: session?.token, onUnauthorized: () => signOut(EXPIRED) }),
    [session?.token, signOut],
  );
  const toolScope = useToolScope(api, session);
  const value = useMemo<SessionValue>(() => {
    const ability = abilityFor(session?.memberId ?? 'anonymous', session?.role ?? 'viewer', toolScope);
    return { session, api, ability, notice, lastEmail, signIn, signOut };
  }, [session, api, toolScope, notice, lastEmail, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Matches no tool: while an approver's scope loads, no decision button shows. */
const UNKNOWN_SCOPE = ['(loading)'];

/** An approver may be limited to some tools: the console then offers Approve for those only. */
function useToolScope(api: Api, session: Session | null): string[] | null {
  const [scope, setScope] = useState<string[] | null>(null);
  useEffect(() => {
    setScope(session?.role === 'approver' ? UNKNOWN_SCOPE : null);
    if (session?.role !== 'approver') return;
    let live = true;
    void (async () => {
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const answer = await unwrap(
          api.GET('/api/admin/members', { params: { query: { limit: 200, cursor } } }),
        );
        const me = answer.members.find((m) => m.id === session.memberId);
        if (me || !answer.next_cursor) {
          if (live) setScope(me?.tool_scope ?? null);
          return;
        }
        cursor = answer.next_cursor;
      }
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, session]);
  return scope;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in member's session; only used below the sign-in gate. */
export function useSignedIn(): SessionValue & { session: Session } {
  const value = useSession();
  if (!value.session) throw new Error('useSignedIn without a session');
  return value as SessionValue & { session: Session };
}

export const useApi = (): Api => useSession().api;
export const useAbility = (): AppAbility => useSession().ability;
