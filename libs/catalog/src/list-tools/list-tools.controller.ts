import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import { ToolDetailResponseDto, ToolListDto } from '../tool.dto';
import { ListToolsQueryDto } from './list-tools.dto';
import { GetToolQuery, ListToolsQuery } from './list-tools.query';

// Operation ids carry "Catalog": the agent API already owns listTools and getTool.
@Controller('api/admin/tools')
export class ListToolsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  @MemberRoute({
    operationId: 'listCatalogTools',
    summary: 'The tool catalog, by name, a page at a time',
    action: 'read',
    subject: 'Tool',
  })
  @ApiOkResponse({ type: ToolListDto })
  list(@Query() query: ListToolsQueryDto, @CurrentMember() member: MemberPrincipal): Promise<ToolListDto> {
    return this.queries.execute(
      new ListToolsQuery(member.orgId, query.status ?? 'active', query.limit ?? 50, query.cursor),
    );
  }

  @Get(':id')
  @MemberRoute({
    operationId: 'getCatalogTool',
    summary: 'One tool, with its usage instructions and their version history',
    action: 'read',
    subject: 'Tool',
  })
  @ApiOkResponse({ type: ToolDetailResponseDto })
  async get(
    @Param('id') id: string,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<ToolDetailResponseDto> {
    return { tool: await this.queries.execute(new GetToolQuery(member.orgId, id)) };
  }
}
