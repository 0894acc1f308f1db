import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { runAccessCommand } from '../../../../access/src/access-command';
import { notFound } from '../../../../common/src/domain-error';
import { type RequestContext, toMetadata } from '../../../../common/src/request-context';
import type { Sql } from '../../../../database/src/database';
import { EventStore } from '../../../../event-store/src/event-store';
import type { ToolAdded } from '../../catalog.events';
import { suggestionDecider } from '../suggestion.decider';
import { type SuggestionAccepted, suggestionStream } from '../suggestion.events';
import { lockIdentity } from '../suggestion-locks';
import { openSuggestionsFor } from '../suggestion-match';
import { identityOf, lockKeys } from '../tool-identity';
import { earlierRefusals } from './earlier-refusals';

export interface OpenedRequest {
  requestId: string;
  agentId: string;
}

/**
 * Accepting a suggestion happens inside the transaction that appends ToolAdded: the tool,
 * SuggestionAccepted and every backer's AccessRequested commit together or not at all.
 * Adding a tool by hand runs the same code, so it accepts a matching open suggestion too.
 */
@Injectable()
export class SuggestionAcceptance {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async acceptIn(
    tx: Sql,
    tool: ToolAdded,
    ctx: RequestContext,
    explicitId?: string,
  ): Promise<OpenedRequest[]> {
    const identity = identityOf({ name: tool.name, url: tool.url });
    // The same locks a suggestion takes: a suggest racing this add either lands first (and is
    // accepted here) or waits and then sees the tool in the catalog (409 with tool_id).
    await lockIdentity(tx, `suggest:${tool.org_id}`, lockKeys(identity));
    const ids = new Set(await openSuggestionsFor(tx, tool.org_id, identity));
    if (explicitId) ids.add(explicitId);
    const opened: OpenedRequest[] = [];
    const asked = new Set<string>();
    for (const id of [...ids].sort()) {
      const stream = suggestionStream(id);
      const history = await this.store.lockAndReadStream(tx, stream);
      const state = history.reduce(
        (s, e) => suggestionDecider.evolve(s, e),
        suggestionDecider.initialState(),
      );
      if (!state.exists || state.orgId !== tool.org_id) {
        if (id === explicitId) throw notFound('suggestion', id);
        continue;
      }
      // Only the suggestion the admin named must still be open; others may have closed meanwhile.
      if (state.status !== 'open' && id !== explicitId) continue;
      const excluded = await earlierRefusals(tx, tool.org_id, Object.keys(state.backers), identity);
      const events = suggestionDecider.decide(
        { kind: 'accept', memberId: ctx.actor.id, toolId: tool.tool_id, excluded },
        state,
      );
      const { events: stored } = await this.store.appendIn(
        tx,
        stream,
        history.length,
        events,
        toMetadata(ctx),
      );
      const accepted = stored[0];
      for (const agentId of (accepted.data as unknown as SuggestionAccepted).backers) {
        if (asked.has(agentId)) continue; // backed two matching suggestions: one request is enough
        asked.add(agentId);
        const requestId = randomUUID();
        const request = {
          kind: 'request' as const,
          requestId,
          orgId: tool.org_id,
          agentId,
          toolId: tool.tool_id,
          reason: state.backers[agentId],
          durationSeconds: null,
        };
        await runAccessCommand(tx, this.store, requestId, request, { ...ctx, causationId: accepted.eventId });
        opened.push({ requestId, agentId });
      }
    }
    return opened;
  }
}
