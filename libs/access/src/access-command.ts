import type { RequestContext } from '../../common/src/request-context';
import { toMetadata } from '../../common/src/request-context';
import type { Sql } from '../../database/src/database';
import type { EventStore } from '../../event-store/src/event-store';
import { accessDecider, type AccessCommand, type AccessState } from './access.decider';
import { accessStream } from './access.events';

/**
 * Decide and append inside the caller's transaction (approval may store a per-agent secret in
 * the same commit). The stream row is locked before reading, so a decision waits for in-flight
 * credential fetches of the grant (which append to the same stream) and never races another
 * decision: a revoke always lands, after every fetch that began before it.
 */
export async function runAccessCommand(
  tx: Sql,
  store: EventStore,
  requestId: string,
  command: AccessCommand,
  ctx: RequestContext,
): Promise<{ state: AccessState; types: string[] }> {
  const history = await store.lockAndReadStream(tx, accessStream(requestId));
  const state = history.reduce((s, e) => accessDecider.evolve(s, e), accessDecider.initialState());
  const events = accessDecider.decide(command, state);
  if (events.length === 0) return { state, types: [] };
  const result = await store.appendIn(tx, accessStream(requestId), history.length, events, toMetadata(ctx));
  return {
    state: result.events.reduce((s, e) => accessDecider.evolve(s, e), state),
    types: events.map((e) => e.type),
  };
}
