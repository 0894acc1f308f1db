import { randomBytes, randomUUID } from 'node:crypto';
import type { EventMetadata } from './event';
import { LogMac } from './log-mac';

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

/**
 * The log's MAC keys for tests that append without a running service. A test that shares a
 * database with a running instance passes that instance's master keys instead.
 */
export const TEST_LOG_MAC = new LogMac([randomBytes(32)]);
