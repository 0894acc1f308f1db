import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Names for the audit trail's exports (libs/audit/src/names): the current name of each agent,
 * tool and member an org's log mentions. Filled here from the log as the projection would
 * (last event wins), so existing installations export names without a rebuild.
 */
export class AuditNames1764400021000 implements MigrationInterface {
  name = 'AuditNames1764400021000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_names (
        org_id  text COLLATE "C" NOT NULL,
        id      text COLLATE "C" NOT NULL,
        kind    text NOT NULL CHECK (kind IN ('agent', 'tool', 'member')),
        name    text NOT NULL,
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`
      INSERT INTO audit_names (org_id, id, kind, name)
      SELECT DISTINCT ON (org_id, id) org_id, id, kind, name FROM (
        SELECT e.org_id, e.position,
          CASE WHEN e.type LIKE 'Agent%' THEN e.data->>'agent_id'
               WHEN e.type LIKE 'Tool%' THEN e.data->>'tool_id'
               ELSE e.data->>'member_id' END AS id,
          CASE WHEN e.type LIKE 'Agent%' THEN 'agent' WHEN e.type LIKE 'Tool%' THEN 'tool' ELSE 'member' END AS kind,
          CASE e.type
            WHEN 'AgentRegistered' THEN e.data->>'name'
            WHEN 'ToolAdded' THEN e.data->>'name'
            WHEN 'AgentUpdated' THEN e.data->'changes'->>'name'
            WHEN 'ToolUpdated' THEN e.data->'changes'->>'name'
            WHEN 'MemberAdded' THEN coalesce(nullif(btrim(e.data->>'display_name'), ''), e.data->>'email')
            WHEN 'MemberUpdated' THEN e.data->>'display_name'
          END AS name
        FROM events e
        WHERE e.org_id IS NOT NULL
          AND e.type IN ('AgentRegistered', 'AgentUpdated', 'ToolAdded', 'ToolUpdated', 'MemberAdded', 'MemberUpdated')
      ) named
      WHERE id IS NOT NULL AND btrim(name) <> ''
      ORDER BY org_id, id, position DESC`);
    // The service role's rights come from the default privileges (migration 1764400000000).
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_names');
  }
}
