import { randomUUID } from 'node:crypto';
import type { RunningApp } from './app';
import { call, loginAs } from './http';

export type Role = 'owner' | 'admin' | 'approver' | 'auditor' | 'viewer';

/** Generous tiers for tests that sign many members in from one IP; rate-limit tests set their own. */
export const ROOMY_RATES = {
  KEYLEDGER_RATE_LOGIN: '10000/15m',
  KEYLEDGER_RATE_ADMIN: '10000/1m',
  KEYLEDGER_RATE_READ: '10000/1m',
  KEYLEDGER_RATE_REQUEST: '10000/1h',
  KEYLEDGER_RATE_CREDENTIAL: '10000/1m',
  KEYLEDGER_RATE_PREAUTH: '100000/1m',
  KEYLEDGER_RATE_HEAVY: '10000/1h',
};

export interface SignedIn {
  email: string;
  password: string;
  token: string;
  memberId: string;
  orgId: string;
}

/** Adds a member through the members API (as `by`, an owner or admin) and signs them in. */
export async function addMember(
  api: RunningApp,
  byToken: string,
  role: Role,
  fields: Record<string, unknown> = {},
): Promise<SignedIn> {
  const email = (fields.email as string | undefined) ?? `${role}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `password-${randomUUID()}`;
  const res = await call(api.url, 'POST', '/api/admin/members', {
    token: byToken,
    body: { email, role, password, ...fields },
  });
  if (res.status !== 201) throw new Error(`add ${role} failed: ${res.status} ${res.text}`);
  const orgId = orgOf(byToken);
  const login = await loginAs(api.url, email, password, orgId);
  return { email, password, token: login.access_token, memberId: res.body.member.id, orgId };
}

/** The org a member token is scoped to (its `org` claim). */
export function orgOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { org: string };
  return payload.org;
}

/** A new org created by `token`'s person over the API; answers its owner's token in it. */
export async function createOrg(
  api: RunningApp,
  token: string,
  email: string,
  password: string,
  name?: string,
) {
  const res = await call(api.url, 'POST', '/api/orgs', {
    token,
    body: { name: name ?? `Org ${randomUUID().slice(0, 8)}` },
  });
  if (res.status !== 201) throw new Error(`create org failed: ${res.status} ${res.text}`);
  const login = await loginAs(api.url, email, password, res.body.org.id);
  return {
    orgId: res.body.org.id as string,
    memberId: res.body.member_id as string,
    token: login.access_token,
  };
}
