import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { decodeCursor } from '../../../common/src/http/cursor';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../auth/admin-route.decorator';
import type { MemberPrincipal } from '../auth/member-principal';
import { CurrentMember } from '../auth/member.decorator';
import { MemberListResponseDto } from '../members.dto';
import { listMembers } from '../members.read';
import { ListMembersQueryDto } from './list-members.dto';

/** Reads the inline read model; nothing here changes state. */
@Controller('api/admin/members')
export class ListMembersController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'listMembers',
    summary: 'List the members of your org, oldest first',
    action: 'read',
    subject: 'Member',
  })
  @ApiOkResponse({ type: MemberListResponseDto })
  list(
    @Query() query: ListMembersQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<MemberListResponseDto> {
    return listMembers(this.db, member.orgId, {
      limit: query.limit ?? 50,
      after: decodeCursor(query.cursor, ['created_at', 'id'] as const),
      status: query.status ?? 'active',
    });
  }
}
