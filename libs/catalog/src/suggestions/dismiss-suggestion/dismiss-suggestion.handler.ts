import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toMetadata } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { EventStore } from '../../../../event-store/src/event-store';
import { suggestionDecider } from '../suggestion.decider';
import { suggestionStream } from '../suggestion.events';
import type { SuggestionDto } from '../suggestion.dto';
import { findSuggestion } from '../suggestion.read';
import { DismissSuggestionCommand } from './dismiss-suggestion.command';

/** SuggestionDismissed, which starts a 24-hour cooldown for the same tool. */
@CommandHandler(DismissSuggestionCommand)
export class DismissSuggestionHandler implements ICommandHandler<DismissSuggestionCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ suggestionId, reason, ctx }: DismissSuggestionCommand): Promise<SuggestionDto> {
    await findSuggestion(this.db, ctx.orgId!, suggestionId); // 404 for another org's id
    await this.db.transaction(async (tx) => {
      const stream = suggestionStream(suggestionId);
      const history = await this.store.lockAndReadStream(tx, stream);
      const state = history.reduce(
        (s, e) => suggestionDecider.evolve(s, e),
        suggestionDecider.initialState(),
      );
      const events = suggestionDecider.decide(
        { kind: 'dismiss', memberId: ctx.actor.id, reason, now: new Date() },
        state,
      );
      await this.store.appendIn(tx, stream, history.length, events, toMetadata(ctx));
    });
    return findSuggestion(this.db, ctx.orgId!, suggestionId);
  }
}
