import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityOrgs1764400008000 implements MigrationInterface {
  name = 'IdentityOrgs1764400008000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
