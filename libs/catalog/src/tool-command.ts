import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/src/domain-error';
import { type RequestContext, toMetadata } from '../../common/src/request-context';
import { Database, type Sql } from '../../database/src/database';
import { ConcurrencyError } from '../../event-store/src/errors';
import type { NewEvent, StoredEvent } from '../../event-store/src/event';
import { EventStore } from '../../event-store/src/event-store';
import {
  type Credential,
  type ToolAdded,
  type ToolSecretRotated,
  type ToolUpdated,
  toolStream,
} from './catalog.events';
import { SecretVault } from './secrets/secret-vault';
import { type ToolCommand, toolDecider } from './tool.decider';
import { findTool, type ToolRow } from './tool.read';

/** What a tool command does before it reaches the decider: the secret stays out of it. */
export type ToolIntent =
  | Omit<Extract<ToolCommand, { kind: 'add' }>, 'secret'>
  | Omit<Extract<ToolCommand, { kind: 'update' }>, 'secret'>
  | { kind: 'set-secret'; toolId: string; orgId: string }
  | Extract<ToolCommand, { kind: 'retire' }>;

/** More work that must commit with the tool's events (accepting a matching suggestion). */
export type AlsoInTransaction = (tx: Sql, stored: StoredEvent[]) => Promise<void>;

export interface ToolOutcome {
  tool: ToolRow;
  /** The events this command appended (none when it changed nothing). */
  appended: StoredEvent[];
}

const RETRIES = 3;

/**
 * Load, decide, append, read back — like handleWithDecider, plus what a tool needs: the
 * secret is encrypted into `secret_versions` inside the append's transaction (so a version
 * row exists exactly when its ToolSecretRotated event does), and names are unique per org.
 */
@Injectable()
export class ToolCommandRunner {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SecretVault) private readonly vault: SecretVault,
  ) {}

  async run(
    ctx: RequestContext,
    intent: ToolIntent,
    credential?: Credential,
    also?: AlsoInTransaction,
  ): Promise<ToolOutcome> {
    const secret = credential === undefined ? undefined : { fingerprint: this.vault.fingerprint(credential) };
    const command = { ...intent, ...(secret && { secret }) } as ToolCommand;
    const streamId = toolStream(intent.toolId);
    let appended: StoredEvent[] = [];
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const state = history.reduce((s, e) => toolDecider.evolve(s, e), toolDecider.initialState());
      const events = toolDecider.decide(command, state);
      if (events.length === 0) break;
      await this.assertNameFree(intent, decidedName(events));
      try {
        ({ events: appended } = await this.store.append(
          streamId,
          history.length,
          events,
          toMetadata(ctx),
          async (tx, stored) => {
            await this.storeSecrets(tx, intent.orgId, stored, credential);
            if (also) await also(tx, stored);
          },
        ));
        break;
      } catch (error) {
        // A lost race on the stream, or on the unique-name index: decide again on fresh state.
        if (!(error instanceof ConcurrencyError) || attempt >= RETRIES) throw error;
      }
    }
    return { tool: await findTool(this.db, intent.orgId, intent.toolId), appended };
  }

  private async storeSecrets(tx: Sql, orgId: string, stored: StoredEvent[], credential?: Credential) {
    for (const event of stored) {
      if (event.type !== 'ToolSecretRotated') continue;
      // Fail closed: an event announcing a version that has no encrypted row must not commit.
      if (credential === undefined) throw new Error('a secret rotation was decided without a credential');
      const d = event.data as unknown as ToolSecretRotated;
      await this.vault.store(tx, {
        orgId,
        toolId: d.tool_id,
        scope: d.scope,
        version: d.version,
        credential,
      });
    }
  }

  private async assertNameFree(intent: ToolIntent, name: string | undefined): Promise<void> {
    if (name === undefined) return;
    const [clash] = await this.db.query<{ id: string }>(
      `SELECT id FROM tools WHERE org_id = $1 AND lower(name) = lower($2) AND status = 'active' AND id <> $3`,
      [intent.orgId, name, intent.toolId],
    );
    if (clash) {
      throw new DomainError('conflict', 'tool-name-taken', `an active tool named "${name}" already exists`, {
        tool_id: clash.id,
      });
    }
  }
}

function decidedName(events: NewEvent[]): string | undefined {
  for (const e of events) {
    if (e.type === 'ToolAdded') return (e.data as unknown as ToolAdded).name;
    if (e.type === 'ToolUpdated') return (e.data as unknown as ToolUpdated).changes.name;
  }
  return undefined;
}
