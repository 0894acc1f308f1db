import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../../crypto/src/passwords';
import type { Sql } from '../../../database/src/database';
import type { Role } from '../identity.events';

export interface Membership {
  member_id: string;
  org_id: string;
  org_name: string;
  role: Role;
  display_name: string;
  /** The membership's own password, else the person's password for every org; null: OIDC only. */
  password_hash: string | null;
  /** The hash is the person's own (by email), not one an org's admin set for this membership. */
  personal: boolean;
}

/** At most this many distinct passwords are tried for one sign-in without `org`. */
const MAX_DISTINCT_HASHES = 3;

export function membershipsOf(sql: Sql, email: string): Promise<Membership[]> {
  return sql.query<Membership>(
    `SELECT m.id AS member_id, m.org_id, o.name AS org_name, m.role, m.display_name,
            coalesce(mc.password_hash, c.password_hash) AS password_hash,
            (mc.password_hash IS NULL AND c.password_hash IS NOT NULL) AS personal
     FROM members m
     JOIN orgs o ON o.id = m.org_id
     LEFT JOIN member_credentials mc ON mc.member_id = m.id
     LEFT JOIN credentials c ON c.email = lower(m.email)
     WHERE lower(m.email) = $1 AND m.status = 'active'
     ORDER BY m.created_at, m.id`,
    [email],
  );
}

/**
 * The first candidate membership whose password matches. Each distinct hash is verified once
 * (a person usually has one), the person's own first, so memberships other orgs added cannot
 * crowd it out; with no hash at all a dummy one is verified, so an unknown email costs the
 * same time as a wrong password.
 */
export async function matchPassword(candidates: Membership[], password: string): Promise<Membership | null> {
  const ordered = [...candidates.filter((m) => m.personal), ...candidates.filter((m) => !m.personal)];
  const hashes = [...new Set(ordered.map((m) => m.password_hash).filter((h): h is string => !!h))];
  if (hashes.length === 0) {
    await verifyPassword(DUMMY_PASSWORD_HASH, password);
    return null;
  }
  for (const hash of hashes.slice(0, MAX_DISTINCT_HASHES)) {
    if (await verifyPassword(hash, password)) return candidates.find((m) => m.password_hash === hash)!;
  }
  return null;
}
