import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's OIDC identity (issue 13): the issuer and its `sub` that signed in first
 * (MemberIdentityLinked). Later sign-ins match by this pair, not by email, and another `sub`
 * presenting the same email is refused. Columns of the inline `members` read model.
 */
export class MemberOidcIdentity1764400015000 implements MigrationInterface {
  name = 'MemberOidcIdentity1764400015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE members ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`);
    // Every request with an issuer's token looks its subject up first.
    await q.query(
      `CREATE INDEX members_oidc_subject ON members (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX members_oidc_subject');
    await q.query('ALTER TABLE members DROP COLUMN oidc_issuer, DROP COLUMN oidc_subject');
  }
}
