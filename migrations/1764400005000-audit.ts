import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Audit1764400005000 implements MigrationInterface {
  name = 'Audit1764400005000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
