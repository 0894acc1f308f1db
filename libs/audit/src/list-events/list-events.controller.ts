import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { filtersOf } from './audit-filters';
import { AuditEventListDto, ListAuditEventsQueryDto } from './list-events.dto';
import { listAuditEvents } from './list-events.query';

@Controller('api/audit/events')
export class ListEventsController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'listAuditEvents',
    summary: 'The org’s audit trail, filtered, oldest or newest first',
    description:
      'Events in the order the log committed them, so paging with `after` never skips one; ' +
      '`order=desc` reads the same order backwards, newest first. ' +
      'Served from the audit read model, which trails the log by a moment.',
    action: 'read',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: AuditEventListDto })
  list(
    @Query() q: ListAuditEventsQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<AuditEventListDto> {
    return listAuditEvents(this.db, member.orgId, filtersOf(q), {
      after: q.after,
      limit: q.limit ?? 100,
      order: q.order,
    });
  }
}
