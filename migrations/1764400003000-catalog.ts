import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1764400003000 implements MigrationInterface {
  name = 'Catalog1764400003000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
