import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { decodeCursor, encodeCursor } from '../../../../common/src/http/cursor';
import { Database } from '../../../../database/src/database';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import type { MemberPrincipal } from '../../../../identity/src/auth/member-principal';
import { CurrentMember } from '../../../../identity/src/auth/member.decorator';
import { SuggestionListDto } from '../suggestion.dto';
import { listSuggestions } from '../suggestion.read';
import { ListSuggestionsQueryDto } from './list-suggestions.dto';

/** Aggregated demand: one row per tool, with every backing agent and its reason. */
@Controller('api/admin/suggestions')
export class ListSuggestionsController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'listSuggestions',
    summary: 'Tools agents have suggested, most backed first',
    action: 'read',
    subject: 'Suggestion',
  })
  @ApiOkResponse({ type: SuggestionListDto })
  async list(
    @Query() query: ListSuggestionsQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<SuggestionListDto> {
    const { suggestions, next } = await listSuggestions(this.db, member.orgId, {
      status: query.status ?? 'open',
      limit: query.limit ?? 50,
      after: decodeCursor(query.cursor, ['backer_count', 'created_at', 'id'] as const),
    });
    return { suggestions, next_cursor: next ? encodeCursor(next) : null };
  }
}
