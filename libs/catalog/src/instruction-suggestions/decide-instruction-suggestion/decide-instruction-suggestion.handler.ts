import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../common/src/domain-error';
import { type RequestContext, toMetadata } from '../../../../common/src/request-context';
import { Database, type Sql } from '../../../../database/src/database';
import { EventStore } from '../../../../event-store/src/event-store';
import type { ToolUpdated } from '../../catalog.events';
import { ToolCommandRunner } from '../../tool-command';
import { findTool } from '../../tool.read';
import {
  type InstructionSuggestionCommand,
  instructionSuggestionDecider,
} from '../instruction-suggestion.decider';
import { instructionSuggestionStream } from '../instruction-suggestion.events';
import type { InstructionSuggestionDto } from '../instruction-suggestion.dto';
import { findInstructionSuggestion } from '../instruction-suggestion.read';
import { appendLesson } from '../instruction-text';
import { DecideInstructionSuggestionCommand } from './decide-instruction-suggestion.command';

/**
 * Accepting writes a new instructions version (ToolUpdated, through the catalog's command) and
 * InstructionSuggestionAccepted in one transaction; vending reads the tools row, so the next
 * credential fetch carries the new text. Dismissing only closes the suggestion.
 */
@CommandHandler(DecideInstructionSuggestionCommand)
export class DecideInstructionSuggestionHandler implements ICommandHandler<DecideInstructionSuggestionCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ToolCommandRunner) private readonly tools: ToolCommandRunner,
  ) {}

  async execute({
    suggestionId,
    decision,
    ctx,
  }: DecideInstructionSuggestionCommand): Promise<InstructionSuggestionDto> {
    const orgId = ctx.orgId!;
    const suggestion = await findInstructionSuggestion(this.db, orgId, suggestionId);
    if (suggestion.status !== 'open') {
      throw new DomainError(
        'conflict',
        'suggestion-closed',
        `the suggestion is ${suggestion.status}, not open`,
      );
    }
    if (decision.kind === 'dismiss') {
      await this.db.transaction((tx) =>
        this.decide(
          tx,
          suggestionId,
          { kind: 'dismiss', memberId: ctx.actor.id, reason: decision.reason },
          ctx,
        ),
      );
      return findInstructionSuggestion(this.db, orgId, suggestionId);
    }
    const tool = await findTool(this.db, orgId, suggestion.tool_id);
    const instructions = decision.instructions ?? appendLesson(tool.instructions, suggestion.learned);
    const { appended, tool: after } = await this.tools.run(
      ctx,
      {
        kind: 'update',
        toolId: tool.id,
        orgId,
        fields: { instructions },
        instructionsSource: { kind: 'suggestion', suggestion_id: suggestionId },
      },
      undefined,
      async (tx, stored) => {
        const updated = stored.find((e) => e.type === 'ToolUpdated')?.data as unknown as
          ToolUpdated | undefined;
        const version = updated?.instructions_version ?? tool.instructions_version;
        await this.decide(
          tx,
          suggestionId,
          { kind: 'accept', memberId: ctx.actor.id, instructionsVersion: version },
          ctx,
        );
      },
    );
    if (appended.length === 0) {
      // The text already read so: no new version, but the suggestion is still settled.
      await this.db.transaction((tx) =>
        this.decide(
          tx,
          suggestionId,
          { kind: 'accept', memberId: ctx.actor.id, instructionsVersion: after.instructions_version },
          ctx,
        ),
      );
    }
    return findInstructionSuggestion(this.db, orgId, suggestionId);
  }

  private async decide(tx: Sql, id: string, command: InstructionSuggestionCommand, ctx: RequestContext) {
    const stream = instructionSuggestionStream(id);
    const history = await this.store.lockAndReadStream(tx, stream);
    const state = history.reduce(
      (s, e) => instructionSuggestionDecider.evolve(s, e),
      instructionSuggestionDecider.initialState(),
    );
    const events = instructionSuggestionDecider.decide(command, state);
    await this.store.appendIn(tx, stream, history.length, events, toMetadata(ctx));
  }
}
