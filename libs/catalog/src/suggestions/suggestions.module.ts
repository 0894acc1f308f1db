import { Module } from '@nestjs/common';
import { AgentsModule } from '../../../agents/src/agents.module';
import { IdentityModule } from '../../../identity/src/identity.module';
import { CatalogModule } from '../catalog.module';
import { DecideInstructionSuggestionController } from '../instruction-suggestions/decide-instruction-suggestion/decide-instruction-suggestion.controller';
import { DecideInstructionSuggestionHandler } from '../instruction-suggestions/decide-instruction-suggestion/decide-instruction-suggestion.handler';
import { ListInstructionSuggestionsController } from '../instruction-suggestions/list-instruction-suggestions/list-instruction-suggestions.controller';
import { SuggestInstructionsController } from '../instruction-suggestions/suggest-instructions/suggest-instructions.controller';
import { SuggestInstructionsHandler } from '../instruction-suggestions/suggest-instructions/suggest-instructions.handler';
import { AcceptSuggestionController } from './accept-suggestion/accept-suggestion.controller';
import { DismissSuggestionController } from './dismiss-suggestion/dismiss-suggestion.controller';
import { DismissSuggestionHandler } from './dismiss-suggestion/dismiss-suggestion.handler';
import { ListSuggestionsController } from './list-suggestions/list-suggestions.controller';
import { SuggestToolController } from './suggest-tool/suggest-tool.controller';
import { SuggestToolHandler } from './suggest-tool/suggest-tool.handler';

const commandHandlers = [
  SuggestToolHandler,
  DismissSuggestionHandler,
  SuggestInstructionsHandler,
  DecideInstructionSuggestionHandler,
];
const controllers = [
  SuggestToolController,
  ListSuggestionsController,
  AcceptSuggestionController,
  DismissSuggestionController,
  SuggestInstructionsController,
  ListInstructionSuggestionsController,
  DecideInstructionSuggestionController,
];

/**
 * Agent-driven catalog: tool suggestions and instruction suggestions. Acceptance itself lives
 * in CatalogModule (SuggestionAcceptance), because adding a tool by hand accepts too.
 */
@Module({
  imports: [IdentityModule, AgentsModule, CatalogModule],
  controllers,
  providers: [...commandHandlers],
})
export class SuggestionsModule {}
