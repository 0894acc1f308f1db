import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Database } from '../../../../libs/database/src/database';
import {
  RATE_LIMIT_STORE,
  type RateLimitStore,
} from '../../../../libs/common/src/rate-limit/rate-limit.store';
import { rateLimitReadiness, type RateLimitReadiness } from './rate-limit-health';
import { databaseNotReady } from './database-readiness';

/** Liveness and readiness for orchestrators; outside /api and the OpenAPI document. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RATE_LIMIT_STORE) private readonly rateLimits: RateLimitStore,
  ) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ready'; database: 'ok'; migrations: 'current' } & RateLimitReadiness> {
    const database = await databaseNotReady(this.db);
    if (database) throw new ServiceUnavailableException(database);
    return {
      status: 'ready',
      database: 'ok',
      migrations: 'current',
      ...rateLimitReadiness(this.rateLimits.status()),
    };
  }
}
