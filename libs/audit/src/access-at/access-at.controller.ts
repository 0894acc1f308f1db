import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { AccessAtDto, AccessAtQueryDto } from './access-at.dto';
import { accessAt } from './access-at.query';

@Controller('api/audit/access')
export class AccessAtController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'getAccessAt',
    summary: 'Who could fetch which credential at an instant, past or present',
    action: 'read',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiOkResponse({ type: AccessAtDto })
  get(@Query() q: AccessAtQueryDto, @CurrentMember() member: MemberPrincipal): Promise<AccessAtDto> {
    return accessAt(this.db, member.orgId, q.at ? new Date(q.at) : new Date(), {
      agentId: q.agent_id,
      toolId: q.tool_id,
    });
  }
}
