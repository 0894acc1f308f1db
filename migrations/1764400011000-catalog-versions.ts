import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many tool events each org's catalog has taken: an instance that keeps an org's catalog
 * in memory (libs/access/src/agent-catalog/agent-catalog.cache.ts) reads this one row with
 * every listing and reloads the tools only when it moved, so every instance serves what the log
 * says. A count, not the latest position: two tool changes committing out of position order
 * would leave the greater position in place while the second one lands unseen.
 */
export class CatalogVersions1764400011000 implements MigrationInterface {
  name = 'CatalogVersions1764400011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_versions (
        org_id    text PRIMARY KEY,
        version   bigint NOT NULL
      )`);
    await q.query(`
      INSERT INTO catalog_versions (org_id, version)
      SELECT org_id, count(*) FROM events
      WHERE org_id IS NOT NULL AND type IN ('ToolAdded', 'ToolUpdated', 'ToolSecretRotated', 'ToolRetired')
      GROUP BY org_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE catalog_versions');
  }
}
