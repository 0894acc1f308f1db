import { randomUUID } from 'node:crypto';
import type { EventMetadata } from './event';

/** Metadata for tests and scripts: a system actor with a fresh correlation id. */
export function systemMetadata(
  orgId: string | null = null,
  overrides: Partial<EventMetadata> = {},
): EventMetadata {
  return {
    org_id: orgId,
    actor: { type: 'system', id: 'system', name: 'Keyledger' },
    correlation_id: randomUUID(),
    causation_id: null,
    ip: null,
    user_agent: null,
    channel: 'system',
    ...overrides,
  };
}
