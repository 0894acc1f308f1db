import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../../../common/src/http/problem.dto';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import { InstructionSuggestionResponseDto } from '../instruction-suggestion.dto';
import { DecideInstructionSuggestionCommand } from './decide-instruction-suggestion.command';
import {
  AcceptInstructionSuggestionDto,
  DismissInstructionSuggestionDto,
} from './decide-instruction-suggestion.dto';

@Controller('api/admin/instruction-suggestions')
export class DecideInstructionSuggestionController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':id/accept')
  @MemberRoute({
    operationId: 'acceptInstructionSuggestion',
    summary: 'Take an agent’s lesson into the tool’s instructions (a new version)',
    description: 'Appends the lesson to the current instructions, or stores the edited `instructions` given.',
    action: 'accept',
    subject: 'Suggestion',
    status: 200,
  })
  @ApiOkResponse({ type: InstructionSuggestionResponseDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The suggestion is not open, or the tool is retired',
  })
  async accept(
    @Param('id') id: string,
    @Body() body: AcceptInstructionSuggestionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<InstructionSuggestionResponseDto> {
    const decision = { kind: 'accept' as const, instructions: body.instructions };
    return {
      instruction_suggestion: await this.commands.execute(
        new DecideInstructionSuggestionCommand(id, decision, ctx),
      ),
    };
  }

  @Post(':id/dismiss')
  @MemberRoute({
    operationId: 'dismissInstructionSuggestion',
    summary: 'Dismiss an instruction suggestion, with a reason',
    action: 'dismiss',
    subject: 'Suggestion',
    status: 200,
  })
  @ApiOkResponse({ type: InstructionSuggestionResponseDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The suggestion is not open' })
  async dismiss(
    @Param('id') id: string,
    @Body() body: DismissInstructionSuggestionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<InstructionSuggestionResponseDto> {
    const decision = { kind: 'dismiss' as const, reason: body.reason };
    return {
      instruction_suggestion: await this.commands.execute(
        new DecideInstructionSuggestionCommand(id, decision, ctx),
      ),
    };
  }
}
