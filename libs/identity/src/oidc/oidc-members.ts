import { type RequestContext, toMetadata } from '../../../common/src/request-context';
import type { Database } from '../../../database/src/database';
import type { EventStore } from '../../../event-store/src/event-store';
import { type MemberRow, SELECT_PRINCIPAL, toPrincipal } from '../auth/member-lookup';
import type { MemberPrincipal } from '../auth/member-principal';
import { type MemberIdentityLinked, memberStream } from '../identity.events';

/** What a verified token from the configured issuer says about its holder. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** Verified by the issuer (`email_verified: true`). */
  email: string;
  /** The org the token names, if any. */
  org: string | null;
}

export type OidcResolution =
  { member: MemberPrincipal } | { refused: 'unknown' } | { refused: 'subject-mismatch'; memberId: string };

type Candidate = MemberRow & { oidc_issuer: string | null; oidc_subject: string | null };

/**
 * A member is bound to the issuer's subject at their first sign-in (MemberIdentityLinked), and
 * from then on found by it: an email the issuer hands to someone else later (a reassigned
 * mailbox, an account recreated under a new `sub`) opens nothing (issue 13). Until bound, the
 * verified email finds the membership, in the org the token names or the person's oldest; a
 * membership bound to another subject of this issuer, or a person whose other membership is,
 * refuses the token. A binding made under another issuer (the operator changed
 * KEYLEDGER_OIDC_ISSUER) is replaced at the next sign-in.
 */
export async function resolveOidcMember(
  db: Database,
  store: EventStore,
  identity: OidcIdentity,
  ctx: RequestContext,
): Promise<OidcResolution> {
  const [bound] = await db.query<MemberRow>(
    `${SELECT_PRINCIPAL} WHERE oidc_issuer = $1 AND oidc_subject = $2 AND status = 'active'
       AND ($3::text IS NULL OR org_id = $3) ORDER BY created_at, id LIMIT 1`,
    [identity.issuer, identity.subject, identity.org],
  );
  if (bound) return { member: toPrincipal(bound) };

  const email = identity.email.trim().toLowerCase();
  const memberships = await db.query<Candidate>(
    `SELECT id, org_id, email, display_name, role, tool_scope, oidc_issuer, oidc_subject FROM members
     WHERE lower(email) = $1 AND status = 'active' ORDER BY created_at, id`,
    [email],
  );
  const candidate = memberships.find((m) => identity.org === null || m.org_id === identity.org);
  if (!candidate) return { refused: 'unknown' };
  const boundElsewhere = memberships.find(
    (m) =>
      m.oidc_issuer === identity.issuer && m.oidc_subject !== null && m.oidc_subject !== identity.subject,
  );
  if (boundElsewhere) return { refused: 'subject-mismatch', memberId: boundElsewhere.id };

  // Bind under the member stream's lock: of two first sign-ins with different subjects, the
  // second sees the first one's binding and is refused.
  return db.transaction(async (tx) => {
    const history = await store.lockAndReadStream(tx, memberStream(candidate.id));
    const [now] = await tx.query<Candidate>(
      `SELECT id, org_id, email, display_name, role, tool_scope, oidc_issuer, oidc_subject FROM members
       WHERE id = $1 AND status = 'active'`,
      [candidate.id],
    );
    if (!now) return { refused: 'unknown' } as const;
    if (now.oidc_issuer === identity.issuer && now.oidc_subject !== null) {
      return now.oidc_subject === identity.subject
        ? { member: toPrincipal(now) }
        : ({ refused: 'subject-mismatch', memberId: now.id } as const);
    }
    const linked: MemberIdentityLinked = {
      member_id: now.id,
      org_id: now.org_id,
      issuer: identity.issuer,
      subject: identity.subject,
    };
    const actor = { type: 'member' as const, id: now.id, name: now.display_name };
    await store.appendIn(
      tx,
      memberStream(now.id),
      history.length,
      [{ type: 'MemberIdentityLinked', data: { ...linked } }],
      toMetadata({ ...ctx, orgId: now.org_id, actor }),
    );
    return { member: toPrincipal(now) };
  });
}
