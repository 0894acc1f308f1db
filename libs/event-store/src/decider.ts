import type { EventMetadata, NewEvent, StoredEvent } from './event';
import { ConcurrencyError } from './errors';
import type { AppendResult, EventStore } from './event-store';

/** The domain as pure functions (Emmett): decide(command, state) → events; evolve(state, event). */
export interface Decider<State, Command, Event extends NewEvent = NewEvent> {
  initialState(): State;
  evolve(state: State, event: Pick<StoredEvent, 'type' | 'data'> & Partial<StoredEvent>): State;
  decide(command: Command, state: State): Event[];
}

export interface CommandOutcome<State> extends AppendResult {
  state: State;
}

/**
 * Load, decide, append. A version conflict means someone else changed the stream between our
 * read and our append; deciding again on the fresh state is always safe, so we retry.
 */
export async function handleWithDecider<State, Command>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command>,
  command: Command,
  metadata: EventMetadata,
  retries = 3,
): Promise<CommandOutcome<State>> {
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(streamId);
    const state = history.reduce((s, e) => decider.evolve(s, e), decider.initialState());
    const events = decider.decide(command, state);
    if (events.length === 0) {
      // Nothing changed (an idempotent repeat): no event, nothing to append.
      return { streamId, version: history.length, events: [], state };
    }
    try {
      const result = await store.append(streamId, history.length, events, metadata);
      return { ...result, state: result.events.reduce((s, e) => decider.evolve(s, e), state) };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= retries) throw error;
    }
  }
}
