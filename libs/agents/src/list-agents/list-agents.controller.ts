import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { decodeCursor } from '../../../common/src/http/cursor';
import { Database } from '../../../database/src/database';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { AgentListResponseDto, AgentResponseDto, ListAgentsQueryDto } from '../agents.dto';
import { findAgent, listAgents } from '../agents.read';

/** Reads straight from the inline read model; nothing here changes state. */
@Controller('api/admin/agents')
export class ListAgentsController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'listAgents',
    summary: 'List the org’s agents, oldest first',
    action: 'read',
    subject: 'Agent',
  })
  @ApiOkResponse({ type: AgentListResponseDto })
  list(
    @Query() query: ListAgentsQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<AgentListResponseDto> {
    return listAgents(this.db, member.orgId, {
      limit: query.limit ?? 50,
      after: decodeCursor(query.cursor, ['created_at', 'id'] as const),
      status: query.status,
    });
  }

  @Get(':agentId')
  @MemberRoute({
    operationId: 'getAgent',
    summary: 'One agent with its keys (never the key values)',
    action: 'read',
    subject: 'Agent',
  })
  @ApiOkResponse({ type: AgentResponseDto })
  async get(
    @Param('agentId') agentId: string,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<AgentResponseDto> {
    return { agent: await findAgent(this.db, member.orgId, agentId) };
  }
}
