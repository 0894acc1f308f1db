import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764400006000 implements MigrationInterface {
  name = 'Notifications1764400006000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
