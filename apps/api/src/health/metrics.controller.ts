import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RateLimitCounter } from '../../../../libs/common/src/rate-limit/rate-limit.counter';
import { Database } from '../../../../libs/database/src/database';

/**
 * Prometheus text format for operators: memory, refused requests per rate tier (floods are
 * counted here rather than recorded one by one), and how far sealing lags behind the log.
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RateLimitCounter) private readonly refused: RateLimitCounter,
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
