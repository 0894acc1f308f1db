import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../../libs/common/src/domain-error';
import { CONFIG } from '../../../../libs/common/src/tokens';
import type { KeyledgerConfig } from '../../../../libs/config/src/config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/metrics` is opt-in (issue 13, finding 15): without KEYLEDGER_METRICS_TOKEN it answers 404,
 * as if it did not exist; with it, only `Authorization: Bearer <token>` reads it (compared in
 * constant time), anything else gets 401.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(CONFIG) config: KeyledgerConfig) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.expected) throw new NotFoundException();
    const header = request.headers.authorization;
    const given = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (given && timingSafeEqual(digest(given), this.expected)) return true;
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('www-authenticate', 'Bearer realm="keyledger-metrics"');
    throw new DomainError(
      'unauthenticated',
      'unauthenticated',
      'send the metrics token (KEYLEDGER_METRICS_TOKEN) as "Authorization: Bearer <token>"',
    );
  }
}
