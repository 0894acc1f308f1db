import { Controller, Get, Header, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgentRoute, CurrentAgent } from '../../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../../agents/src/auth/agent-principal';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { Database } from '../../../database/src/database';
import { AgentToolDetailDto, AgentToolListDto, MeDto } from './agent-catalog.dto';
import { unknownTool } from '../access.read';
import { AgentCatalogCache } from './agent-catalog.cache';
import { agentCatalog, agentTool } from './agent-catalog.read';

/** What an agent sees of the catalog: every tool, with its own access to each. */
@Controller('api')
export class AgentCatalogController {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AgentCatalogCache) private readonly catalog: AgentCatalogCache,
  ) {}

  @Get('tools')
  @AgentRoute({
    operationId: 'listTools',
    summary: 'The tool catalog, with your access to each tool',
    tier: 'read',
  })
  @ApiOkResponse({ type: AgentToolListDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a listing you hold' })
  @ApiResponse({ status: 304, description: 'Nothing changed since the listing whose ETag you sent' })
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', 'private, no-cache')
  async list(
    @CurrentAgent() agent: AgentPrincipal,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const { body, etag } = await this.catalog.list(agent.orgId, agent.id);
    void reply.header('etag', etag);
    // RFC 9110 weak comparison: a proxy may have marked the tag weak (W/).
    if (ifNoneMatch?.split(',').some((tag) => [etag, '*'].includes(tag.trim().replace(/^W\//, '')))) {
      void reply.status(304);
      return '';
    }
    return body; // an AgentToolListDto, as UTF-8 JSON
  }

  @Get('tools/:toolId')
  @AgentRoute({
    operationId: 'getTool',
    summary: 'One tool, your access to it, and its usage instructions',
    tier: 'read',
  })
  @ApiOkResponse({ type: AgentToolDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'Unknown tool' })
  async get(
    @Param('toolId') toolId: string,
    @CurrentAgent() agent: AgentPrincipal,
  ): Promise<AgentToolDetailDto> {
    const tool = await agentTool(this.db, agent.orgId, agent.id, toolId);
    if (!tool) throw unknownTool(toolId);
    return tool;
  }

  @Get('me')
  @AgentRoute({
    operationId: 'getMe',
    summary: 'You: your id and name, and the tools you have, await, were refused, or may request',
    tier: 'read',
  })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentAgent() agent: AgentPrincipal): Promise<MeDto> {
    const [row] = await this.db.query<{ description: string }>(
      'SELECT description FROM agents WHERE id = $1',
      [agent.id],
    );
    const tools = await agentCatalog(this.db, agent.orgId, agent.id);
    const ref = (t: (typeof tools)[number]) => ({ tool_id: t.id, name: t.name });
    return {
      id: agent.id,
      name: agent.name,
      description: row?.description ?? '',
      status: 'active',
      org_id: agent.orgId,
      approved: tools
        .filter((t) => t.your_access === 'approved')
        .map((t) => ({ ...ref(t), grant_id: t.request_id!, expires_at: t.expires_at })),
      pending: tools
        .filter((t) => t.your_access === 'pending')
        .map((t) => ({ ...ref(t), request_id: t.request_id! })),
      denied: tools
        .filter((t) => ['denied', 'revoked', 'expired'].includes(t.your_access))
        .map((t) => ({ ...ref(t), status: t.your_access, reason: t.denial_reason })),
      available: tools.filter((t) => t.your_access !== 'approved' && t.your_access !== 'pending').map(ref),
    };
  }
}
