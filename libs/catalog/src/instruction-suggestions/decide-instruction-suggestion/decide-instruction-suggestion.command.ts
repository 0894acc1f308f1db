import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../../common/src/request-context';
import type { InstructionSuggestionDto } from '../instruction-suggestion.dto';

export type InstructionDecision =
  { kind: 'accept'; instructions?: string } | { kind: 'dismiss'; reason: string };

export class DecideInstructionSuggestionCommand extends Command<InstructionSuggestionDto> {
  constructor(
    readonly suggestionId: string,
    readonly decision: InstructionDecision,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
