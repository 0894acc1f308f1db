import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Database } from '../../../../libs/database/src/database';

/** Liveness and readiness for orchestrators; outside /api and the OpenAPI document. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ready'; database: 'ok'; migrations: 'current' }> {
    let pending: boolean;
    try {
      pending = await this.db.pendingMigrations();
    } catch {
      throw new ServiceUnavailableException('the database is not reachable');
    }
    if (pending) throw new ServiceUnavailableException('migrations are pending: run `npm run migrate`');
    return { status: 'ready', database: 'ok', migrations: 'current' };
  }
}
