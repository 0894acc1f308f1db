import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../../common/src/request-context';
import type { SuggestionDto } from '../suggestion.dto';

export class DismissSuggestionCommand extends Command<SuggestionDto> {
  constructor(
    readonly suggestionId: string,
    readonly reason: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
