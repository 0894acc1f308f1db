import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Database } from '../../../../libs/database/src/database';
import {
  RATE_LIMIT_STORE,
  type RateLimitStore,
} from '../../../../libs/common/src/rate-limit/rate-limit.store';
import { rateLimitReadiness, type RateLimitReadiness } from './rate-limit-health';

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
    let pending: boolean;
    try {
      pending = await this.db.pendingMigrations();
    } catch {
      throw new ServiceUnavailableException('the database is not reachable');
    }
    if (pending) throw new ServiceUnavailableException('migrations are pending: run `npm run migrate`');
    return {
      status: 'ready',
      database: 'ok',
      migrations: 'current',
      ...rateLimitReadiness(this.rateLimits.status()),
    };
  }
}
