import type { Sql } from '../../database/src/database';
import type { StoredEvent } from './event';

/**
 * A read model built purely from the log. Inline projections run inside the append's
 * transaction (authorization-critical state: grants, agents, keys); async ones catch up
 * from a checkpoint that is written in the same transaction as their rows.
 */
export interface Projection {
  readonly name: string;
  readonly mode: 'inline' | 'async';
  /** Event types this projection reads; others are never passed to `apply`. */
  readonly handles: readonly string[];
  /** Tables this projection owns; a rebuild empties them before replaying the log. */
  readonly tables: readonly string[];
  apply(tx: Sql, events: readonly StoredEvent[]): Promise<void>;
}

export class ProjectionRegistry {
  private readonly projections: Projection[] = [];

  register(...projections: Projection[]): this {
    for (const p of projections) {
      if (this.projections.some((q) => q.name === p.name)) {
        throw new Error(`projection ${p.name} is registered twice`);
      }
      this.projections.push(p);
    }
    return this;
  }

  all(): readonly Projection[] {
    return this.projections;
  }

  inline(): Projection[] {
    return this.projections.filter((p) => p.mode === 'inline');
  }

  async(): Projection[] {
    return this.projections.filter((p) => p.mode === 'async');
  }

  /** Feeds each projection the events it handles, in order. */
  static async feed(tx: Sql, projection: Projection, events: readonly StoredEvent[]): Promise<void> {
    const mine = events.filter((e) => projection.handles.includes(e.type));
    if (mine.length > 0) await projection.apply(tx, mine);
  }
}
