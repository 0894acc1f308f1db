/** An append stated a stream version that is no longer current (optimistic concurrency). */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'any',
    readonly actualVersion: number | null,
  ) {
    super(
      `stream ${streamId} is at version ${actualVersion ?? 'none'}, the append expected ${expectedVersion}`,
    );
    this.name = 'ConcurrencyError';
  }
}

/** The log could not be written; callers that must fail closed map this to 503. */
export class EventStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the event store could not record the event', { cause });
    this.name = 'EventStoreUnavailableError';
  }
}
