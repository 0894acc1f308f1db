import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** What one vend needs to know, as the service has it after authenticating the agent. */
export interface Grant {
  grant_id: string;
  agent_id: string;
  org_id: string;
  key_id: string;
  key_hash: string;
  tool_id: string;
}

export type VendSql = (pool: Pool, g: Grant) => Promise<void>;

const metadata = (g: Grant) =>
  JSON.stringify({
    org_id: g.org_id,
    actor: { type: 'agent', id: g.agent_id, name: 'bench-agent' },
    correlation_id: randomUUID(),
    causation_id: null,
    ip: '127.0.0.1',
    user_agent: null,
    channel: 'http',
  });

// The statements the vend handler sent before it moved to keyledger_vend() (9 round trips,
// unnamed statements parsed and planned on every call), as captured by bench/vend-roundtrips.ts.
const AUTH = `SELECT k.id AS key_id, k.key_hash, a.id AS agent_id, a.org_id, a.name, a.status
  FROM agent_keys k JOIN agents a ON a.id = k.agent_id WHERE k.key_hash = $1 AND k.status = 'active'`;
const TOOL =
  'SELECT id, org_id, name, status, credential_mode, auth_type FROM tools WHERE id = $1 AND org_id = $2';
const LATEST =
  'SELECT * FROM access_requests WHERE agent_id = $1 AND tool_id = $2 ORDER BY requested_at DESC, id DESC LIMIT 1';
const SCOPE = 'SELECT credential_mode FROM tools WHERE id = $1';
const SECRET = `SELECT org_id, tool_id, scope, version, ciphertext, iv, tag, wrapped_key, wrap_iv, wrap_tag, kek_version, format
  FROM secret_versions WHERE tool_id = $1 AND scope = $2 AND org_id = $3 ORDER BY version DESC LIMIT 1`;
const APPEND = `
  WITH s AS (
    INSERT INTO streams AS st (stream_id, version, org_id) VALUES ($1, $3, $4)
    ON CONFLICT (stream_id) DO UPDATE SET version = st.version + $3, updated_at = now()
      WHERE $2::int IS NULL OR st.version = $2::int
    RETURNING version
  )
  INSERT INTO events (event_id, stream_id, stream_version, org_id, type, event_version, data, metadata)
  SELECT e.event_id, $1, s.version - $3 + e.ord::int, $4, e.type, e.event_version, e.data, $9::jsonb
  FROM s, unnest($5::uuid[], $6::text[], $7::int[], $8::jsonb[])
    WITH ORDINALITY AS e(event_id, type, event_version, data, ord)
  RETURNING position::text AS position, transaction_id::text AS transaction_id, event_id,
    stream_id, stream_version, org_id, type, event_version, data, metadata, occurred_at`;
const CHECK = `
  SELECT r.status, r.expires_at, a.status AS agent_status, k.status AS key_status, t.status AS tool_status,
         t.name AS tool_name, t.auth_type, t.credential_mode, t.instructions
  FROM access_requests r
  JOIN agents a ON a.id = r.agent_id
  JOIN agent_keys k ON k.id = $2 AND k.agent_id = r.agent_id
  JOIN tools t ON t.id = r.tool_id
  WHERE r.id = $1`;

async function serviceSequence(pool: Pool, g: Grant, lock: string): Promise<void> {
  await pool.query(AUTH, [g.key_hash]);
  await pool.query(TOOL, [g.tool_id, g.org_id]);
  await pool.query(LATEST, [g.agent_id, g.tool_id]);
  const tx = await pool.connect();
  try {
    await tx.query('START TRANSACTION');
    await tx.query(SCOPE, [g.tool_id]);
    const { rows } = await tx.query<{ version: number }>(SECRET, [g.tool_id, '', g.org_id]);
    const data = {
      grant_id: g.grant_id,
      agent_id: g.agent_id,
      tool_id: g.tool_id,
      key_id: g.key_id,
      secret_version: rows[0].version,
    };
    await tx.query(APPEND, [
      `access-${g.grant_id}`,
      null,
      1,
      g.org_id,
      [randomUUID()],
      ['CredentialVended'],
      [1],
      [JSON.stringify(data)],
      metadata(g),
    ]);
    await tx.query(CHECK + lock, [g.grant_id, g.key_id]);
    await tx.query('COMMIT');
  } finally {
    tx.release();
  }
}

// The same decision in one statement: lock and check the grant, agent, key and tool rows, read
// the newest secret, and append CredentialVended only if the check passed.
const ONE_STATEMENT = `
  WITH chk AS (${CHECK} FOR SHARE OF r, a, k, t),
  sec AS (
    SELECT version, ciphertext, iv, tag, wrapped_key, wrap_iv, wrap_tag, kek_version, format FROM secret_versions
    WHERE tool_id = $3 AND scope = '' AND org_id = $4 ORDER BY version DESC LIMIT 1
  ),
  ok AS (
    SELECT sec.version FROM chk, sec
    WHERE chk.status = 'approved' AND chk.agent_status = 'active' AND chk.key_status = 'active'
      AND chk.tool_status = 'active' AND (chk.expires_at IS NULL OR chk.expires_at > now())
  ),
  s AS (
    INSERT INTO streams AS st (stream_id, version, org_id) SELECT $5, 1, $4 FROM ok
    ON CONFLICT (stream_id) DO UPDATE SET version = st.version + 1, updated_at = now()
    RETURNING version
  ),
  e AS (
    INSERT INTO events (event_id, stream_id, stream_version, org_id, type, event_version, data, metadata)
    SELECT $6, $5, s.version, $4, 'CredentialVended', 1,
           $7::jsonb || jsonb_build_object('secret_version', ok.version), $8::jsonb
    FROM s, ok RETURNING position
  )
  SELECT chk.*, sec.*, e.position FROM chk LEFT JOIN sec ON true LEFT JOIN e ON true`;

async function oneStatement(pool: Pool, g: Grant): Promise<void> {
  await pool.query(AUTH, [g.key_hash]);
  const data = { grant_id: g.grant_id, agent_id: g.agent_id, tool_id: g.tool_id, key_id: g.key_id };
  const { rows } = await pool.query<{ position: string | null }>(ONE_STATEMENT, [
    g.grant_id,
    g.key_id,
    g.tool_id,
    g.org_id,
    `access-${g.grant_id}`,
    randomUUID(),
    JSON.stringify(data),
    metadata(g),
  ]);
  if (!rows[0]?.position) throw new Error('not vended');
}

// The current path (migration 1764400010000): named prepared statements, the vend in one call.
async function vendFunction(pool: Pool, g: Grant): Promise<void> {
  await pool.query({ name: 'auth', text: AUTH, values: [g.key_hash] });
  await pool.query({
    name: 'vend',
    text: 'SELECT * FROM keyledger_vend($1, $2, $3, $4, $5, $6, $7)',
    values: [g.grant_id, g.key_id, g.agent_id, g.tool_id, '', randomUUID(), metadata(g)],
  });
}

export const VARIANTS: Record<string, VendSql> = {
  'service statements (9 round trips, FOR SHARE)': (pool, g) =>
    serviceSequence(pool, g, ' FOR SHARE OF r, a, k, t'),
  'service statements without FOR SHARE': (pool, g) => serviceSequence(pool, g, ''),
  'key lookup + one CTE statement (2 round trips)': oneStatement,
  'key lookup + keyledger_vend(), prepared (2 round trips)': vendFunction,
};

/** Variants that need something the database may not have (older builds). */
export const NEEDS_FUNCTION: Record<string, string> = {
  'key lookup + keyledger_vend(), prepared (2 round trips)': 'keyledger_vend',
};
