import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recorder's one statement (docs/adr/0022-group-commit-recorder.md): a batch of records,
 * checked and appended in one transaction and one round trip. keyledger_vend stays for
 * older instances during a rolling upgrade; nothing in this build calls it.
 */
export class GroupCommitRecorder1764400022000 implements MigrationInterface {
  name = 'GroupCommitRecorder1764400022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(RECORD_FUNCTION);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP FUNCTION keyledger_record(text[], uuid[], text[], text[], smallint[], jsonb[], jsonb[], bytea[], text[], text[], text[], text[])',
    );
  }
}

/**
 * One element per record in every array. `p_kind` is `grant` (checked under the grant, the
 * agent, the key and the tool; the database adds `secret_version` to its data) or `plain`
 * (appended as stated). A refused `grant` record appends nothing and answers its reason; the
 * others in the batch go on. Any error fails the whole statement: nothing of the batch commits.
 *
 * Locks, always in this order so that batches and decisions cannot deadlock:
 *   1. every stream row of the batch, sorted (a revoke holds its grant's row while it decides,
 *      docs/adr/0004);
 *   2. share locks on the agents and keys of guarded records, sorted (a suspension or a key
 *      revocation waits for the batch to commit; a later batch waits for them);
 *   3. then the check, in a statement of its own, so its snapshot is taken after every lock:
 *      whatever committed before a lock was granted is seen.
 */
const RECORD_FUNCTION = `
  CREATE FUNCTION keyledger_record(
    p_kind text[], p_event_id uuid[], p_stream text[], p_type text[], p_event_version smallint[],
    p_data jsonb[], p_metadata jsonb[], p_mac bytea[],
    p_grant text[], p_agent text[], p_key text[], p_tool text[]
  ) RETURNS TABLE (
    ord integer, refused text, event_position bigint, secret_version integer, scope text, format text,
    org_id text, ciphertext bytea, iv bytea, tag bytea, wrapped_key bytea, wrap_iv bytea, wrap_tag bytea,
    kek_version integer, tool_name text, auth_type text, instructions text, expires_at timestamptz
  ) LANGUAGE plpgsql AS $$
  DECLARE
    v_refused text[];
    v_version integer[];
    v_scope text[];
  BEGIN
    PERFORM 1 FROM streams s WHERE s.stream_id = ANY (p_stream) ORDER BY s.stream_id FOR NO KEY UPDATE;
    PERFORM 1 FROM agents a WHERE a.id = ANY (p_agent) ORDER BY a.id FOR SHARE;
    PERFORM 1 FROM agent_keys k WHERE k.id = ANY (p_key) ORDER BY k.id FOR SHARE;

    SELECT array_agg(c.refused ORDER BY c.n), array_agg(c.version ORDER BY c.n), array_agg(c.scope ORDER BY c.n)
      INTO v_refused, v_version, v_scope
      FROM (
        SELECT i.n, sv.version, sv.scope,
          CASE
            WHEN i.kind = 'plain' THEN NULL
            WHEN r.id IS NULL OR i.stream <> 'access-' || r.id THEN 'no_grant'
            WHEN a.status IS DISTINCT FROM 'active' THEN 'suspended'
            WHEN k.status IS DISTINCT FROM 'active' THEN 'revoked'
            WHEN t.status IS DISTINCT FROM 'active' THEN 'tool_retired'
            WHEN r.status <> 'approved' THEN r.status
            WHEN r.expires_at IS NOT NULL AND r.expires_at <= clock_timestamp() THEN 'expired'
            WHEN sv.version IS NULL THEN 'no_secret'
          END AS refused
        FROM unnest(p_kind, p_stream, p_metadata, p_grant, p_agent, p_key, p_tool)
          WITH ORDINALITY AS i(kind, stream, metadata, grant_id, agent_id, key_id, tool_id, n)
        LEFT JOIN access_requests r
          ON r.id = i.grant_id AND r.agent_id = i.agent_id AND r.tool_id = i.tool_id
         AND r.org_id = i.metadata->>'org_id'
        LEFT JOIN agents a ON a.id = r.agent_id
        LEFT JOIN agent_keys k ON k.id = i.key_id AND k.agent_id = r.agent_id
        LEFT JOIN tools t ON t.id = r.tool_id
        LEFT JOIN LATERAL (
          SELECT s.version, s.scope FROM secret_versions s
          WHERE s.tool_id = t.id AND s.org_id = r.org_id
            AND s.scope = CASE WHEN t.credential_mode = 'per_agent' THEN r.agent_id ELSE '' END
          ORDER BY s.version DESC LIMIT 1
        ) sv ON i.kind = 'grant'
      ) c;

    RETURN QUERY
    WITH i AS (
      SELECT x.*, v_refused[x.n] AS why, v_version[x.n] AS version, v_scope[x.n] AS sc
      FROM unnest(p_kind, p_event_id, p_stream, p_type, p_event_version, p_data, p_metadata, p_mac,
                  p_grant, p_tool)
        WITH ORDINALITY AS x(kind, event_id, stream, type, event_version, data, metadata, mac,
                             grant_id, tool_id, n)
    ),
    ok AS (
      SELECT i.*, row_number() OVER (PARTITION BY i.stream ORDER BY i.n)::integer AS k,
             count(*) OVER (PARTITION BY i.stream)::integer AS m
      FROM i WHERE i.why IS NULL
    ),
    bumped AS (
      INSERT INTO streams AS st (stream_id, version, org_id)
      SELECT DISTINCT ON (ok.stream) ok.stream, ok.m, ok.metadata->>'org_id' FROM ok ORDER BY ok.stream
      ON CONFLICT (stream_id) DO UPDATE SET version = st.version + excluded.version, updated_at = now()
      RETURNING st.stream_id, st.version
    ),
    appended AS (
      INSERT INTO events AS e (event_id, stream_id, stream_version, org_id, type, event_version, data, metadata, mac)
      SELECT ok.event_id, ok.stream, b.version - ok.m + ok.k, ok.metadata->>'org_id', ok.type, ok.event_version,
             CASE WHEN ok.kind = 'grant' THEN ok.data || jsonb_build_object('secret_version', ok.version)
                  ELSE ok.data END,
             ok.metadata, ok.mac
      FROM ok JOIN bumped b ON b.stream_id = ok.stream
      ORDER BY ok.n
      RETURNING e.event_id, e.position
    )
    SELECT i.n::integer, i.why, ap.position, s.version, s.scope, s.format, s.org_id, s.ciphertext, s.iv, s.tag,
           s.wrapped_key, s.wrap_iv, s.wrap_tag, s.kek_version, t.name, t.auth_type, t.instructions, r.expires_at
    FROM i
    LEFT JOIN appended ap ON ap.event_id = i.event_id
    LEFT JOIN access_requests r ON i.kind = 'grant' AND i.why IS NULL AND r.id = i.grant_id
    LEFT JOIN tools t ON t.id = r.tool_id
    LEFT JOIN secret_versions s ON s.tool_id = t.id AND s.scope = i.sc AND s.version = i.version
    ORDER BY i.n;
  END $$`;
