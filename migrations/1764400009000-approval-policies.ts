import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApprovalPolicies1764400009000 implements MigrationInterface {
  name = 'ApprovalPolicies1764400009000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
