import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several orgs per person (issue 5). A password set by an org's admin belongs to that one
 * membership, not to the email: an admin of any org (and anyone may create one) must never
 * set or learn the password that opens another org. `credentials` (by email) stays for
 * passwords the person owns everywhere, such as the bootstrap owner's.
 */
export class IdentityOrgs1764400008000 implements MigrationInterface {
  name = 'IdentityOrgs1764400008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_credentials (
        member_id      text PRIMARY KEY,
        password_hash  text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // Member listing pages by (created_at, id) within an org; the owner count reads the same index.
    await q.query(`CREATE INDEX members_org_created ON members (org_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX members_org_created');
    await q.query('DROP TABLE member_credentials');
  }
}
