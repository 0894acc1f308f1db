import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { decodeCursor, encodeCursor } from '../../../../common/src/http/cursor';
import { Database } from '../../../../database/src/database';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import type { MemberPrincipal } from '../../../../identity/src/auth/member-principal';
import { CurrentMember } from '../../../../identity/src/auth/member.decorator';
import { ListSuggestionsQueryDto } from '../../suggestions/list-suggestions/list-suggestions.dto';
import { findTool } from '../../tool.read';
import { InstructionSuggestionListDto } from '../instruction-suggestion.dto';
import { listInstructionSuggestions } from '../instruction-suggestion.read';

@Controller('api/admin/tools')
export class ListInstructionSuggestionsController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get(':id/instruction-suggestions')
  @MemberRoute({
    operationId: 'listInstructionSuggestions',
    summary: 'Corrections agents propose to a tool’s instructions, most backed first',
    action: 'read',
    subject: 'Suggestion',
  })
  @ApiOkResponse({ type: InstructionSuggestionListDto })
  async list(
    @Param('id') id: string,
    @Query() query: ListSuggestionsQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<InstructionSuggestionListDto> {
    await findTool(this.db, member.orgId, id); // 404 for another org's tool
    const { page, next } = await listInstructionSuggestions(
      this.db,
      id,
      query.status ?? 'open',
      query.limit ?? 50,
      decodeCursor(query.cursor, ['backer_count', 'created_at', 'id'] as const),
    );
    return { instruction_suggestions: page, next_cursor: next ? encodeCursor(next) : null };
  }
}
