import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import {
  AccessRequestListDto,
  GrantListDto,
  ListGrantsQueryDto,
  ListRequestsQueryDto,
} from './list-access.dto';
import { listGrants, listRequests } from './list-access.read';

@Controller('api/admin')
export class ListAccessController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get('requests')
  @MemberRoute({
    operationId: 'listRequests',
    summary: 'The approval queue (pending by default), oldest first',
    action: 'read',
    subject: 'AccessRequest',
  })
  @ApiOkResponse({ type: AccessRequestListDto })
  requests(
    @Query() q: ListRequestsQueryDto,
    @CurrentMember() m: MemberPrincipal,
  ): Promise<AccessRequestListDto> {
    return listRequests(this.db, {
      orgId: m.orgId,
      limit: q.limit ?? 50,
      cursor: q.cursor,
      agentId: q.agent_id,
      toolId: q.tool_id,
      status: q.status ?? 'pending',
    });
  }

  @Get('grants')
  @MemberRoute({
    operationId: 'listGrants',
    summary: 'Grants (active by default), filtered by agent, tool and status',
    action: 'read',
    subject: 'Grant',
  })
  @ApiOkResponse({ type: GrantListDto })
  grants(@Query() q: ListGrantsQueryDto, @CurrentMember() m: MemberPrincipal): Promise<GrantListDto> {
    return listGrants(this.db, {
      orgId: m.orgId,
      limit: q.limit ?? 50,
      cursor: q.cursor,
      agentId: q.agent_id,
      toolId: q.tool_id,
      status: q.status ?? 'active',
    });
  }
}
