import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Database } from '../../../../libs/database/src/database';
import { databaseNotReady } from './database-readiness';

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
    const database = await databaseNotReady(this.db);
    if (database) throw new ServiceUnavailableException(database);
    return { status: 'ready', database: 'ok', migrations: 'current' };
  }
}
