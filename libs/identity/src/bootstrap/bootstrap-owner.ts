import { randomBytes, randomUUID } from 'node:crypto';
import { systemContext, toMetadata } from '../../../common/src/request-context';
import { hashPassword } from '../../../crypto/src/passwords';
import type { Database } from '../../../database/src/database';
import type { EventStore } from '../../../event-store/src/event-store';
import { memberDecider } from '../add-member/add-member.decider';
import { orgDecider } from '../create-org/create-org.decider';
import { memberStream, orgStream } from '../identity.events';

export interface BootstrapResult {
  created: boolean;
  orgId?: string;
  email?: string;
  /** Set only when the password was generated: print it once, never store it. */
  generatedPassword?: string;
}

/** Any constant: serialises first-start bootstrap across instances. */
const BOOTSTRAP_LOCK = 7_461_726_002;

/**
 * On the first start (no org at all) create the default org and its owner. Idempotent and
 * safe when several instances start at once.
 */
export async function bootstrapOwner(
  db: Database,
  store: EventStore,
  options: { email: string; password: string | null },
): Promise<BootstrapResult> {
  const generatedPassword = options.password ? undefined : randomBytes(15).toString('base64url');
  const password = options.password ?? generatedPassword!;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    const [existing] = await tx.query('SELECT id FROM orgs LIMIT 1');
    if (existing) return { created: false };
    const orgId = randomUUID();
    const memberId = randomUUID();
    const ctx = systemContext(orgId);
    const metadata = toMetadata(ctx);
    await store.appendIn(
      tx,
      orgStream(orgId),
      0,
      orgDecider.decide({ orgId, name: 'Default' }, orgDecider.initialState()),
      metadata,
    );
    const email = options.email.toLowerCase();
    await store.appendIn(
      tx,
      memberStream(memberId),
      0,
      memberDecider.decide({ memberId, orgId, email, role: 'owner' }, memberDecider.initialState()),
      metadata,
    );
    await tx.query(
      `INSERT INTO credentials (email, password_hash) VALUES ($1, $2)
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
      [email, passwordHash],
    );
    return { created: true, orgId, email, generatedPassword };
  });
}
