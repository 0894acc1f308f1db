import { Controller, Delete, Get, Inject, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAgent } from '../../agents/src/auth/agent-route.decorator';
import type { AgentPrincipal } from '../../agents/src/auth/agent-principal';
import { problem } from '../../common/src/http/problem';
import { contextOf } from '../../common/src/http/request-context.decorator';
import { McpAuthGuard } from './mcp-auth.guard';
import { copyRateHeaders } from './mcp-rate-limit';
import { McpServerFactory } from './mcp-server.factory';

/**
 * MCP over streamable HTTP at /mcp, stateless: every POST carries its own agent key and gets a
 * fresh server and transport, so any instance can answer any call and nothing outlives the request.
 * JSON-RPC, not REST: outside the OpenAPI document, whose description points here.
 */
@ApiExcludeController()
@Controller('mcp')
@UseGuards(McpAuthGuard)
export class McpController {
  private readonly logger = new Logger('mcp');

  constructor(@Inject(McpServerFactory) private readonly servers: McpServerFactory) {}

  @Post()
  async call(
    @CurrentAgent() agent: AgentPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const server = this.servers.create({ agent, ctx: contextOf(request, 'mcp'), reply });
    // JSON answers rather than an SSE stream: tool calls are short, and rate-limit headers set
    // while a tool runs still reach the response.
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.setHeader('x-request-id', String(request.id));
    // Any answer may carry a credential (get_credential) and JSON-RPC batches mix tools, so no
    // MCP answer may be stored by a cache, as for GET /api/tools/{toolId}/credentials.
    reply.raw.setHeader('cache-control', 'no-store, private');
    copyRateHeaders(reply);
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      this.logger.error({ err: error, reqId: request.id }, 'MCP request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(
          JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }),
        );
      }
    }
  }

  /** Stateless: no server-initiated stream to open (clients accept 405 here)... */
  @Get()
  stream(@Res() reply: FastifyReply): void {
    refuse(reply);
  }

  /** ...and no session to end. */
  @Delete()
  end(@Res() reply: FastifyReply): void {
    refuse(reply);
  }
}

function refuse(reply: FastifyReply): void {
  void reply
    .status(405)
    .header('allow', 'POST')
    .header('content-type', 'application/problem+json')
    .send(
      problem(405, 'method-not-allowed', 'MCP here is stateless streamable HTTP: POST JSON-RPC messages'),
    );
}
