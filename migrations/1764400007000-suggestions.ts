import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Suggestions1764400007000 implements MigrationInterface {
  name = 'Suggestions1764400007000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
