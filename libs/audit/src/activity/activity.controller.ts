import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { ActivityDto, ActivityQueryDto } from './activity.dto';
import { activity } from './activity.query';

@Controller('api/audit/activity')
export class ActivityController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'getAuditActivity',
    summary: 'Credential fetches and denials per time bucket, tool and agent',
    description:
      'Counted from the audit trail (which trails the log by a moment), for charts: a burst of ' +
      'denials from one agent or key stands out.',
    action: 'read',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: ActivityDto })
  get(@Query() q: ActivityQueryDto, @CurrentMember() member: MemberPrincipal): Promise<ActivityDto> {
    return activity(this.db, member.orgId, q);
  }
}
