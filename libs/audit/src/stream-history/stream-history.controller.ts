import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { StreamHistoryDto, StreamHistoryQueryDto } from './stream-history.dto';
import { streamHistory } from './stream-history.query';

@Controller('api/audit/streams')
export class StreamHistoryController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get(':streamId')
  @MemberRoute({
    operationId: 'getAuditStream',
    summary: 'One aggregate’s whole history (an agent, a tool, a grant, a member)',
    action: 'read',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: StreamHistoryDto })
  get(
    @Param('streamId') streamId: string,
    @Query() q: StreamHistoryQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<StreamHistoryDto> {
    return streamHistory(this.db, member.orgId, streamId, {
      after: q.after,
      limit: q.limit ?? 1000,
    });
  }
}
