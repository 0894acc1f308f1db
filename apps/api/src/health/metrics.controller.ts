import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RateLimitCounter } from '../../../../libs/common/src/rate-limit/rate-limit.counter';
import {
  RATE_LIMIT_STORE,
  type RateLimitStore,
} from '../../../../libs/common/src/rate-limit/rate-limit.store';
import { Database } from '../../../../libs/database/src/database';
import { RefusalTally } from '../../../../libs/event-store/src/refusal-tally/refusal-tally';
import { MetricsTokenGuard } from './metrics-token.guard';
import { rateLimitMetrics } from './rate-limit-health';

/**
 * Prometheus text format for operators: memory, refused requests per rate tier (floods are
 * counted here rather than recorded one by one), whether Redis answers, and how far sealing
 * lags behind the log. Opt-in, behind a bearer token (MetricsTokenGuard).
 */
@ApiExcludeController()
@Controller()
@UseGuards(MetricsTokenGuard)
export class MetricsController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RateLimitCounter) private readonly refused: RateLimitCounter,
    @Inject(RATE_LIMIT_STORE) private readonly rateLimits: RateLimitStore,
    @Inject(RefusalTally) private readonly refusals: RefusalTally,
  ) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const memory = process.memoryUsage();
    const [log] = await this.db.query<{ events: string; sealed: string }>(
      `SELECT (SELECT coalesce(max(position), 0) FROM events)::text AS events,
              (SELECT coalesce(max(position), 0) FROM event_seals)::text AS sealed`,
    );
    const lines = [
      '# HELP keyledger_process_resident_memory_bytes Resident set size.',
      '# TYPE keyledger_process_resident_memory_bytes gauge',
      `keyledger_process_resident_memory_bytes ${memory.rss}`,
      '# HELP keyledger_rate_limited_total Requests refused by a rate tier since start.',
      '# TYPE keyledger_rate_limited_total counter',
      ...Object.entries(this.refused.snapshot()).map(
        ([tier, n]) => `keyledger_rate_limited_total{tier="${tier}"} ${n}`,
      ),
      ...rateLimitMetrics(this.rateLimits.status()),
      '# HELP keyledger_refusals_dropped_total Refusals not counted: too many keys waiting for a flush.',
      '# TYPE keyledger_refusals_dropped_total counter',
      `keyledger_refusals_dropped_total ${this.refusals.dropped}`,
      '# HELP keyledger_log_head_position Newest event position.',
      '# TYPE keyledger_log_head_position gauge',
      `keyledger_log_head_position ${log.events}`,
      '# HELP keyledger_log_sealed_position Highest sealed event position.',
      '# TYPE keyledger_log_sealed_position gauge',
      `keyledger_log_sealed_position ${log.sealed}`,
    ];
    return lines.join('\n') + '\n';
  }
}
