import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { findToolForAgent, latestAccess, yourAccess } from '../../../../access/src/access.read';
import { DomainError } from '../../../../common/src/domain-error';
import { toMetadata } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { ConcurrencyError } from '../../../../event-store/src/errors';
import { EventStore } from '../../../../event-store/src/event-store';
import { lockIdentity } from '../../suggestions/suggestion-locks';
import { instructionSuggestionDecider } from '../instruction-suggestion.decider';
import { instructionSuggestionStream } from '../instruction-suggestion.events';
import { lessonKey } from '../instruction-text';
import { SuggestInstructionsCommand } from './suggest-instructions.command';
import type { SuggestInstructionsResponseDto } from './suggest-instructions.dto';

/**
 * Only an agent that holds a live grant has used the tool, so only it may propose a
 * correction. The same lesson (normalised text) from several agents is one suggestion.
 */
@CommandHandler(SuggestInstructionsCommand)
export class SuggestInstructionsHandler implements ICommandHandler<SuggestInstructionsCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({
    agent,
    toolId,
    body,
    ctx,
  }: SuggestInstructionsCommand): Promise<SuggestInstructionsResponseDto> {
    const tool = await findToolForAgent(this.db, agent.orgId, toolId);
    const access = yourAccess(await latestAccess(this.db, agent.id, toolId));
    if (access !== 'approved' || tool.status !== 'active') {
      throw new DomainError(
        'forbidden',
        'no-access',
        `only an agent with an approved, unexpired grant for ${tool.name} may suggest instructions (yours: ${access})`,
        { reason: access === 'none' ? 'no_grant' : access, tool_id: toolId },
      );
    }
    const textKey = lessonKey(body.learned);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          await lockIdentity(tx, `instructions:${toolId}`, [textKey]);
          const [open] = await tx.query<{ id: string }>(
            `SELECT id FROM instruction_suggestions WHERE tool_id = $1 AND text_key = $2 AND status = 'open'`,
            [toolId, textKey],
          );
          const suggestionId = open?.id ?? randomUUID();
          const stream = instructionSuggestionStream(suggestionId);
          const history = await this.store.lockAndReadStream(tx, stream);
          const state = history.reduce(
            (s, e) => instructionSuggestionDecider.evolve(s, e),
            instructionSuggestionDecider.initialState(),
          );
          const events = instructionSuggestionDecider.decide(
            {
              kind: 'suggest',
              suggestionId,
              orgId: agent.orgId,
              toolId,
              agentId: agent.id,
              learned: body.learned,
              why: body.why,
              textKey,
            },
            state,
          );
          if (events.length > 0)
            await this.store.appendIn(tx, stream, history.length, events, toMetadata(ctx));
          return { suggestion_id: suggestionId, status: 'open' as const, existing: open !== undefined };
        });
      } catch (error) {
        const retryable =
          error instanceof ConcurrencyError ||
          (error instanceof DomainError && error.type === 'suggestion-closed');
        if (!retryable || attempt >= 5) throw error;
      }
    }
  }
}
