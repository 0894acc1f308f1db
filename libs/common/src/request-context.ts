import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata } from '../../event-store/src/event';

/**
 * Where a command came from. Controllers build it from the request; commands carry it to
 * handlers, which stamp it on every event (STYLE.md principle 4).
 */
export interface RequestContext {
  orgId: string | null;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  ip: string | null;
  userAgent: string | null;
  channel: 'http' | 'mcp' | 'cli' | 'system' | 'slack';
  /** More metadata the channel knows (Slack: the clicking user's team and user id). */
  extra?: Record<string, string>;
}

export function toMetadata(ctx: RequestContext, orgId: string | null = ctx.orgId): EventMetadata {
  return {
    org_id: orgId,
    actor: ctx.actor,
    correlation_id: ctx.correlationId,
    causation_id: ctx.causationId,
    ip: ctx.ip,
    user_agent: ctx.userAgent,
    channel: ctx.channel,
    ...ctx.extra,
  };
}

export function systemContext(
  orgId: string | null,
  channel: RequestContext['channel'] = 'system',
): RequestContext {
  return {
    orgId,
    actor: { type: 'system', id: 'system', name: 'Keyledger' },
    correlationId: randomUUID(),
    causationId: null,
    ip: null,
    userAgent: null,
    channel,
  };
}
