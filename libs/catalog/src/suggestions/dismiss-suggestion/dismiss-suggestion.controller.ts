import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../../../common/src/http/problem.dto';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import { SuggestionResponseDto } from '../suggestion.dto';
import { DismissSuggestionCommand } from './dismiss-suggestion.command';
import { DismissSuggestionDto } from './dismiss-suggestion.dto';

@Controller('api/admin/suggestions')
export class DismissSuggestionController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':id/dismiss')
  @MemberRoute({
    operationId: 'dismissSuggestion',
    summary: 'Dismiss a suggestion; the same tool cannot be suggested again for 24 hours',
    action: 'dismiss',
    subject: 'Suggestion',
    status: 200,
  })
  @ApiOkResponse({ type: SuggestionResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The suggestion is not open' })
  async dismiss(
    @Param('id') id: string,
    @Body() body: DismissSuggestionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<SuggestionResponseDto> {
    return { suggestion: await this.commands.execute(new DismissSuggestionCommand(id, body.reason, ctx)) };
  }
}
