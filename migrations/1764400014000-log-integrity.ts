import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrity a database superuser cannot forge (docs/adr/0014-keyed-log-integrity.md): a MAC
 * on every event row from the moment it commits and on every seal, checkpoints signed without
 * the installation-wide count, an append-only audit trail, and the credential fetch passing
 * its MAC in its one statement.
 */
export class LogIntegrity1764400014000 implements MigrationInterface {
  name = 'LogIntegrity1764400014000';

  async up(q: QueryRunner): Promise<void> {
    // No append or seal may run while the legacy bounds are taken: rows and seals before
    // them carry no MAC, every one after them must.
    await q.query('LOCK TABLE events, event_seals IN ACCESS EXCLUSIVE MODE');
    await q.query('ALTER TABLE events ADD COLUMN mac bytea');
    await q.query('ALTER TABLE event_seals ADD COLUMN mac bytea');
    // Every transaction that ever inserted an event has ended (the lock waited for it), so
    // every one that inserts from now on has an id at or above the snapshot's xmax.
    const [bounds] = (await q.query(`
      SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS transaction_id,
             coalesce((SELECT max(seq) FROM event_seals), 0)::text AS seal_seq`)) as Array<{
      transaction_id: string;
      seal_seq: string;
    }>;
    const tx = `'${BigInt(bounds.transaction_id).toString()}'::xid8`;
    const seq = BigInt(bounds.seal_seq).toString();
    await q.query(`
      CREATE FUNCTION keyledger_legacy_log(OUT transaction_id xid8, OUT seal_seq bigint)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${tx}, ${seq}::bigint $$`);
    await q.query(`
      ALTER TABLE events ADD CONSTRAINT events_mac_required
      CHECK ((mac IS NOT NULL AND length(mac) = 36) OR (mac IS NULL AND transaction_id < ${tx}))`);
    await q.query(`
      ALTER TABLE event_seals ADD CONSTRAINT event_seals_mac_required
      CHECK ((mac IS NOT NULL AND length(mac) = 36) OR (mac IS NULL AND seq <= ${seq}))`);

    // Version 2 signs {position, head_hash, signed_at}: the installation-wide seq stays out of
    // what every org's auditor is handed. Version 1 rows keep verifying with their seq.
    await q.query('ALTER TABLE signed_checkpoints ADD COLUMN payload_version smallint NOT NULL DEFAULT 1');
    await q.query('CREATE INDEX signed_checkpoints_seq ON signed_checkpoints (seq, id)');

    // What auditors read is append-only like the log; verification compares it with the log.
    // TRUNCATE stays with the owner, for `projections rebuild`.
    await q.query(`
      CREATE TRIGGER audit_events_append_only_rows BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION keyledger_append_only()`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyledger_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM keyledger_app;
        END IF;
      END $$`);

    await q.query(`
      CREATE TABLE audit_verifications (
        id            uuid PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('incremental', 'full')),
        -- Requests with the same key while one runs share it.
        share_key     text NOT NULL,
        status        text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        started_at    timestamptz NOT NULL DEFAULT now(),
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        from_seq      bigint,
        result        jsonb,
        -- Where the next incremental run starts, MACed by the service (docs/adr/0015).
        resume        jsonb,
        resume_mac    bytea,
        error         text
      )`);
    await q.query(`
      CREATE UNIQUE INDEX audit_verifications_running ON audit_verifications (share_key)
      WHERE status = 'running'`);
    await q.query(`
      CREATE INDEX audit_verifications_resumable ON audit_verifications (finished_at DESC)
      WHERE resume IS NOT NULL`);
    // Which orgs asked for a run: a run is shared, its answer is read per org, and only by them.
    await q.query(`
      CREATE TABLE audit_verification_requests (
        verification_id  uuid NOT NULL REFERENCES audit_verifications (id) ON DELETE CASCADE,
        org_id           text NOT NULL,
        PRIMARY KEY (verification_id, org_id)
      )`);
    await q.query(`
      CREATE TABLE audit_verification_orgs (
        verification_id  uuid NOT NULL REFERENCES audit_verifications (id) ON DELETE CASCADE,
        org_id           text NOT NULL,
        events           bigint NOT NULL,
        last_position    bigint,
        PRIMARY KEY (verification_id, org_id)
      )`);

    await q.query('DROP FUNCTION keyledger_vend(text, text, text, text, text, uuid, jsonb)');
    await q.query(VEND_WITH_MAC);
  }

  async down(): Promise<void> {
    return Promise.reject(new Error('Log integrity is never rolled back: the MACs are the evidence.'));
  }
}

/**
 * keyledger_vend of migration 1764400010000 (docs/adr/0008), with the MAC the service computed
 * for the event it states, and the grant's org checked against the one the service named.
 */
const VEND_WITH_MAC = `
  CREATE FUNCTION keyledger_vend(
    p_grant text, p_key text, p_agent text, p_tool text, p_scope text, p_event_id uuid, p_metadata jsonb,
    p_mac bytea
  ) RETURNS TABLE (
    secret_version integer, format text, org_id text, ciphertext bytea, iv bytea, tag bytea,
    wrapped_key bytea, wrap_iv bytea, wrap_tag bytea, kek_version integer,
    tool_name text, auth_type text, instructions text, expires_at timestamptz
  ) LANGUAGE plpgsql AS $$
  DECLARE
    v_stream text := 'access-' || p_grant;
    v_version integer;
    g record;
    s record;
  BEGIN
    -- The stream row first, as every append and every decision on the grant takes it.
    UPDATE streams SET version = streams.version + 1, updated_at = now()
      WHERE stream_id = v_stream RETURNING streams.version INTO v_version;
    IF NOT FOUND THEN RAISE EXCEPTION 'keyledger:refused:no_grant'; END IF;
    -- Share locks: a suspension or key revocation waits for this fetch to commit.
    SELECT r.status, r.expires_at, r.org_id, a.status AS agent_status, k.status AS key_status,
           t.status AS tool_status, t.name, t.auth_type, t.instructions
      INTO g
      FROM access_requests r
      JOIN agents a ON a.id = r.agent_id
      JOIN agent_keys k ON k.id = p_key AND k.agent_id = r.agent_id
      JOIN tools t ON t.id = r.tool_id
      WHERE r.id = p_grant AND r.agent_id = p_agent AND r.tool_id = p_tool
        AND r.org_id = p_metadata->>'org_id'
      FOR SHARE OF a, k;
    IF NOT FOUND THEN RAISE EXCEPTION 'keyledger:refused:no_grant'; END IF;
    IF g.agent_status <> 'active' THEN RAISE EXCEPTION 'keyledger:refused:suspended'; END IF;
    IF g.key_status <> 'active' THEN RAISE EXCEPTION 'keyledger:refused:revoked'; END IF;
    IF g.tool_status <> 'active' THEN RAISE EXCEPTION 'keyledger:refused:tool_retired'; END IF;
    IF g.status <> 'approved' THEN RAISE EXCEPTION 'keyledger:refused:%', g.status; END IF;
    IF g.expires_at IS NOT NULL AND g.expires_at <= clock_timestamp() THEN
      RAISE EXCEPTION 'keyledger:refused:expired';
    END IF;
    SELECT * INTO s FROM secret_versions sv
      WHERE sv.tool_id = p_tool AND sv.scope = p_scope AND sv.org_id = g.org_id
      ORDER BY sv.version DESC LIMIT 1;
    IF NOT FOUND THEN RAISE EXCEPTION 'keyledger:refused:no_secret'; END IF;
    INSERT INTO events (event_id, stream_id, stream_version, org_id, type, event_version, data, metadata, mac)
      VALUES (p_event_id, v_stream, v_version, g.org_id, 'CredentialVended', 1,
              jsonb_build_object('grant_id', p_grant, 'agent_id', p_agent, 'tool_id', p_tool,
                                 'key_id', p_key, 'secret_version', s.version),
              p_metadata, p_mac);
    RETURN QUERY SELECT s.version, s.format, s.org_id, s.ciphertext, s.iv, s.tag, s.wrapped_key,
      s.wrap_iv, s.wrap_tag, s.kek_version, g.name, g.auth_type, g.instructions, g.expires_at;
  END $$`;
