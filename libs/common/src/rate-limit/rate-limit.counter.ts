import { Injectable } from '@nestjs/common';

/** Refused requests per tier: a flood is a number in metrics, not a million audit events. */
@Injectable()
export class RateLimitCounter {
  private readonly counts = new Map<string, number>();

  refused(tier: string, _key: string): void {
    this.counts.set(tier, (this.counts.get(tier) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
