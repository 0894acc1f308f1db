import { EventStoreUnavailableError } from '../errors';

export interface GroupCommitOptions {
  /** How long the first item of a batch waits for others (0: until the current I/O turn ends). */
  windowMs: number;
  /** A batch is sent as soon as it holds this many items. */
  maxBatch: number;
  /** Batches being committed at once (each holds one pooled connection). */
  maxInFlight: number;
  /** No caller waits longer than this for its commit; it gets RecordTimeoutError instead. */
  timeoutMs: number;
}

/** The caller's record was not known to be committed in time; it may commit later. */
export class RecordTimeoutError extends EventStoreUnavailableError {
  constructor(timeoutMs: number) {
    super(new Error(`no commit within ${timeoutMs} ms`));
    this.name = 'RecordTimeoutError';
  }
}

/** The recorder is shutting down: the record was not taken. */
export class RecorderClosedError extends EventStoreUnavailableError {
  constructor() {
    super(new Error('the recorder is shutting down'));
    this.name = 'RecorderClosedError';
  }
}

interface Waiter<I, O> {
  item: I;
  settled: boolean;
  timer: NodeJS.Timeout;
  resolve(value: O): void;
  reject(error: Error): void;
}

/**
 * Group commit: items that arrive together are handed to `flush` as one batch, and each caller
 * is answered from that batch's result only after `flush` resolved (it resolves after the
 * commit). `flush` answers one result per item, in order; if it throws, every caller of the
 * batch gets the error (as EventStoreUnavailableError). A caller whose batch has not answered
 * within `timeoutMs` is failed; one still queued when it times out is never sent.
 */
export class GroupCommit<I, O> {
  private queue: Array<Waiter<I, O>> = [];
  private window: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /** Callers whose batch is being committed. */
  private readonly sent = new Set<Waiter<I, O>>();
  private closed = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    if (this.closed) return Promise.reject(new RecorderClosedError());
    return new Promise<O>((resolve, reject) => {
      const waiter: Waiter<I, O> = {
        item,
        settled: false,
        resolve,
        reject,
        timer: setTimeout(
          () => this.fail(waiter, new RecordTimeoutError(this.options.timeoutMs)),
          this.options.timeoutMs,
        ),
      };
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Items waiting to be sent and batches being committed (for metrics and tests). */
  get pending(): { queued: number; inFlight: number } {
    return { queued: this.queue.length, inFlight: this.inFlight.size };
  }

  /**
   * Stops taking items, sends what is queued and waits for every batch, up to `graceMs`;
   * callers still waiting then are failed with RecorderClosedError.
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + graceMs;
    while ((this.queue.length > 0 || this.inFlight.size > 0) && Date.now() < deadline) {
      this.clearTimer();
      while (this.queue.length > 0 && this.inFlight.size < this.options.maxInFlight) this.send();
      const left = deadline - Date.now();
      let expired: NodeJS.Timeout | undefined;
      await Promise.race([
        ...this.inFlight,
        new Promise((r) => {
          expired = setTimeout(r, Math.max(0, left));
        }),
      ]);
      clearTimeout(expired);
    }
    for (const waiter of [...this.queue, ...this.sent]) this.fail(waiter, new RecorderClosedError());
  }

  private schedule(): void {
    if (this.inFlight.size >= this.options.maxInFlight) return; // sent when a batch returns
    if (this.queue.length >= this.options.maxBatch) {
      this.clearTimer();
      this.send();
      return;
    }
    if (this.window || this.immediate) return;
    const fire = () => {
      this.clearTimer();
      if (this.inFlight.size < this.options.maxInFlight) this.send();
    };
    if (this.options.windowMs > 0) this.window = setTimeout(fire, this.options.windowMs);
    else this.immediate = setImmediate(fire);
  }

  private clearTimer(): void {
    if (this.window) clearTimeout(this.window);
    if (this.immediate) clearImmediate(this.immediate);
    this.window = null;
    this.immediate = null;
  }

  private send(): void {
    const batch = this.take();
    if (batch.length === 0) return;
    for (const w of batch) this.sent.add(w);
    const run = this.commit(batch).finally(() => {
      this.inFlight.delete(run);
      for (const w of batch) this.sent.delete(w);
      // Whatever queued while this batch committed has waited long enough: send it now.
      if (this.queue.length > 0 && this.inFlight.size < this.options.maxInFlight) {
        this.clearTimer();
        this.send();
      }
    });
    this.inFlight.add(run);
  }

  private take(): Array<Waiter<I, O>> {
    const batch: Array<Waiter<I, O>> = [];
    while (batch.length < this.options.maxBatch && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (!next.settled) batch.push(next);
    }
    return batch;
  }

  private async commit(batch: Array<Waiter<I, O>>): Promise<void> {
    let results: O[];
    try {
      results = await this.flush(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
      }
    } catch (error) {
      const failure =
        error instanceof EventStoreUnavailableError ? error : new EventStoreUnavailableError(error);
      for (const w of batch) this.fail(w, failure);
      return;
    }
    batch.forEach((w, i) => {
      if (w.settled) return;
      w.settled = true;
      clearTimeout(w.timer);
      w.resolve(results[i]);
    });
  }

  private fail(waiter: Waiter<I, O>, error: Error): void {
    if (waiter.settled) return;
    waiter.settled = true;
    clearTimeout(waiter.timer);
    const queued = this.queue.indexOf(waiter);
    if (queued >= 0) this.queue.splice(queued, 1);
    waiter.reject(error);
  }
}
