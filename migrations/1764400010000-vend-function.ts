import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credential fetch in one round trip (docs/adr/0008-vend-in-one-statement.md): lock the
 * grant's stream row, check grant, agent and key under that lock, read the newest secret
 * version, append CredentialVended — or raise `keyledger:refused:<reason>` and change nothing.
 */
export class VendFunction1764400010000 implements MigrationInterface {
  name = 'VendFunction1764400010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION keyledger_vend(
        p_grant text, p_key text, p_agent text, p_tool text, p_scope text, p_event_id uuid, p_metadata jsonb
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
        INSERT INTO events (event_id, stream_id, stream_version, org_id, type, event_version, data, metadata)
          VALUES (p_event_id, v_stream, v_version, g.org_id, 'CredentialVended', 1,
                  jsonb_build_object('grant_id', p_grant, 'agent_id', p_agent, 'tool_id', p_tool,
                                     'key_id', p_key, 'secret_version', s.version),
                  p_metadata);
        RETURN QUERY SELECT s.version, s.format, s.org_id, s.ciphertext, s.iv, s.tag, s.wrapped_key,
          s.wrap_iv, s.wrap_tag, s.kek_version, g.name, g.auth_type, g.instructions, g.expires_at;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION keyledger_vend(text, text, text, text, text, uuid, jsonb)');
  }
}
