import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../common/src/domain-error';
import { toMetadata } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { ConcurrencyError } from '../../../../event-store/src/errors';
import { EventStore } from '../../../../event-store/src/event-store';
import { suggestionDecider } from '../suggestion.decider';
import { suggestionStream } from '../suggestion.events';
import { lockIdentity } from '../suggestion-locks';
import { catalogMatch, cooldownLeft, openSuggestionMatch } from '../suggestion-match';
import { identityOf, lockKeys } from '../tool-identity';
import { SuggestToolCommand } from './suggest-tool.command';
import type { SuggestToolResponseDto } from './suggest-tool.dto';

const ATTEMPTS = 5;

/**
 * Back the open suggestion of the same tool, or open one. Under advisory locks on the tool's
 * identity keys the check ("is it in the catalog, cooling down, already suggested?") and the
 * append happen as one step, so concurrent suggestions of one tool pool into one.
 */
@CommandHandler(SuggestToolCommand)
export class SuggestToolHandler implements ICommandHandler<SuggestToolCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ agent, body, ctx }: SuggestToolCommand): Promise<SuggestToolResponseDto> {
    const identity = identityOf({ name: body.name, url: body.url });
    if (identity.name === '') {
      throw new DomainError('invalid', 'validation', 'name: must contain a letter or digit', {
        errors: [{ field: 'name', message: 'must contain a letter or digit' }],
      });
    }
    if (body.url && identity.domain === null) {
      throw new DomainError('invalid', 'validation', 'url: must be an http(s) URL or a domain', {
        errors: [{ field: 'url', message: 'must be an http(s) URL or a domain' }],
      });
    }
    const keys = lockKeys(identity);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          await lockIdentity(tx, `suggest:${agent.orgId}`, keys);
          const toolId = await catalogMatch(tx, agent.orgId, identity);
          if (toolId) {
            throw new DomainError(
              'conflict',
              'tool-exists',
              'this tool is already in the catalog: request access to it',
              {
                tool_id: toolId,
              },
            );
          }
          const retryAfter = await cooldownLeft(tx, agent.orgId, keys, new Date());
          if (retryAfter > 0) {
            throw new DomainError(
              'conflict',
              'suggestion-cooldown',
              `an admin dismissed this tool recently; suggest it again in ${retryAfter} seconds`,
              { retry_after: retryAfter },
            );
          }
          const open = await openSuggestionMatch(tx, agent.orgId, identity);
          const suggestionId = open ?? randomUUID();
          const stream = suggestionStream(suggestionId);
          const history = await this.store.lockAndReadStream(tx, stream);
          const state = history.reduce(
            (s, e) => suggestionDecider.evolve(s, e),
            suggestionDecider.initialState(),
          );
          const events = suggestionDecider.decide(
            {
              kind: 'suggest',
              suggestionId,
              orgId: agent.orgId,
              agentId: agent.id,
              name: body.name,
              url: body.url?.trim() || null,
              domain: identity.domain,
              nameKey: identity.name,
              reason: body.reason,
            },
            state,
          );
          if (events.length > 0)
            await this.store.appendIn(tx, stream, history.length, events, toMetadata(ctx));
          return { suggestion_id: suggestionId, status: 'open' as const, existing: open !== null };
        });
      } catch (error) {
        // A suggestion closed between our read and our lock, or a backstop index fired: decide again.
        const retryable =
          error instanceof ConcurrencyError ||
          (error instanceof DomainError && error.type === 'suggestion-closed');
        if (!retryable || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
