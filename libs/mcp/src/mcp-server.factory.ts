import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply } from 'fastify';
import { agentCatalog } from '../../access/src/agent-catalog/agent-catalog.read';
import { RequestAccessCommand } from '../../access/src/request-access/request-access.command';
import { VendCredentialCommand } from '../../access/src/vend-credential/vend-credential.command';
import type { AgentPrincipal } from '../../agents/src/auth/agent-principal';
import { SuggestToolCommand } from '../../catalog/src/suggestions/suggest-tool/suggest-tool.command';
import type { RequestContext } from '../../common/src/request-context';
import type { RateTierName } from '../../config/src/config';
import { Database } from '../../database/src/database';
import { INTERNAL_PROBLEM, jsonResult, problemOf, problemResult, sdkToolErrorResult } from './mcp-result';
import { McpRateLimiter } from './mcp-rate-limit';
import { GET_CREDENTIAL, LIST_TOOLS, REQUEST_ACCESS, SERVER_INSTRUCTIONS, SUGGEST_TOOL } from './mcp-tools';

/** The authenticated agent behind one MCP HTTP request. */
export interface McpCaller {
  agent: AgentPrincipal;
  /** channel 'mcp': every event a tool appends says it came through MCP. */
  ctx: RequestContext;
  reply: FastifyReply;
}

/**
 * One MCP server per HTTP request (stateless streamable HTTP), bound to the caller. Each tool
 * dispatches the command or read its HTTP route uses, under the same rate tier, so the rules,
 * the limits and the events are the same whichever channel an agent speaks.
 */
@Injectable()
export class McpServerFactory {
  private readonly logger = new Logger('mcp');

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Database) private readonly db: Database,
    @Inject(McpRateLimiter) private readonly limiter: McpRateLimiter,
  ) {}

  create(caller: McpCaller): McpServer {
    const { agent, ctx } = caller;
    const server = new McpServer(
      { name: 'keyledger', title: 'Keyledger', version: '1' },
      { instructions: SERVER_INSTRUCTIONS },
    );
    // The SDK answers its own argument validation through this (private, version-pinned) method;
    // test/mcp/mcp.e2e-spec.ts fails if an SDK upgrade stops calling it.
    Object.defineProperty(server, 'createToolError', { value: sdkToolErrorResult });
    const run = (tool: string, tier: RateTierName, work: () => Promise<unknown>) =>
      this.run(caller, tool, tier, work);

    server.registerTool('list_tools', LIST_TOOLS, () =>
      run('list_tools', 'read', async () => ({ tools: await agentCatalog(this.db, agent.orgId, agent.id) })),
    );
    server.registerTool('request_access', REQUEST_ACCESS, (args) =>
      run('request_access', 'request', () =>
        this.commands.execute(
          new RequestAccessCommand(agent, args.tool_id, args.reason, args.duration_seconds ?? null, ctx),
        ),
      ),
    );
    server.registerTool('get_credential', GET_CREDENTIAL, (args) =>
      run('get_credential', 'credential', () =>
        this.commands.execute(new VendCredentialCommand(agent, args.tool_id, ctx)),
      ),
    );
    server.registerTool('suggest_tool', SUGGEST_TOOL, (args) =>
      run('suggest_tool', 'request', () => this.commands.execute(new SuggestToolCommand(agent, args, ctx))),
    );
    return server;
  }

  private async run(
    caller: McpCaller,
    tool: string,
    tier: RateTierName,
    work: () => Promise<unknown>,
  ): Promise<CallToolResult> {
    try {
      await this.limiter.consume(tier, `agent:${caller.agent.id}`, caller.reply);
      return jsonResult(await work());
    } catch (error) {
      const known = problemOf(error);
      if (known) return problemResult(known);
      // Never hand an agent an internal message (SQL, stack): log it, answer a generic problem.
      this.logger.error({ err: error, reqId: caller.ctx.correlationId, tool }, 'MCP tool failed');
      return problemResult(INTERNAL_PROBLEM);
    }
  }
}
