import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Approval policies per tool and per org (inline read models of ToolPolicyChanged, OrgPolicyChanged). */
export class ApprovalPolicies1764400009000 implements MigrationInterface {
  name = 'ApprovalPolicies1764400009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tool_policies (
        tool_id               text PRIMARY KEY,
        org_id                text NOT NULL,
        required_approvals    integer NOT NULL DEFAULT 1 CHECK (required_approvals BETWEEN 1 AND 10),
        max_duration_seconds  integer,
        auto_approve          jsonb,
        updated_at            timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE org_policies (
        org_id                text PRIMARY KEY,
        separation_of_duties  boolean NOT NULL DEFAULT true,
        updated_at            timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE org_policies, tool_policies');
  }
}
