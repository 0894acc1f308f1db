import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import type { AppAbility } from '../../../../authz/src/subjects';
import { DomainError } from '../../../../common/src/domain-error';
import { ProblemDto } from '../../../../common/src/http/problem.dto';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import { CurrentAbility } from '../../../../identity/src/auth/member.decorator';
import { AddToolCommand } from '../../add-tool/add-tool.command';
import { AddToolDto } from '../../add-tool/add-tool.dto';
import { assertMaySetSecret } from '../../secret-policy';
import { ToolDto } from '../../tool.dto';
import { SuggestionDto } from '../suggestion.dto';
import { findSuggestion } from '../suggestion.read';

export class AcceptSuggestionResponseDto {
  @ApiProperty({ type: SuggestionDto }) suggestion!: SuggestionDto;
  @ApiProperty({ type: ToolDto }) tool!: ToolDto;
}

@Controller('api/admin/suggestions')
export class AcceptSuggestionController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Post(':id/accept')
  @MemberRoute({
    operationId: 'acceptSuggestion',
    summary: 'Create the suggested tool and open a pending request for each backing agent',
    description:
      'Takes the same fields as creating a tool. Backers whose earlier request for the tool was denied or revoked get no request.',
    action: 'accept',
    subject: 'Suggestion',
    status: 200,
  })
  @ApiOkResponse({ type: AcceptSuggestionResponseDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description: 'The suggestion is not open, or the tool name is taken',
  })
  async accept(
    @Param('id') id: string,
    @Body() body: AddToolDto,
    @Ctx() ctx: RequestContext,
    @CurrentAbility() ability: AppAbility,
  ): Promise<AcceptSuggestionResponseDto> {
    if (body.credential !== undefined) assertMaySetSecret(ability);
    // Checked here for a clear answer before a tool is created; checked again under lock.
    const before = await findSuggestion(this.db, ctx.orgId!, id);
    if (before.status !== 'open') {
      throw new DomainError('conflict', 'suggestion-closed', `the suggestion is ${before.status}, not open`);
    }
    const tool = await this.commands.execute(new AddToolCommand(body, ctx, id));
    return { suggestion: await findSuggestion(this.db, ctx.orgId!, id), tool };
  }
}
