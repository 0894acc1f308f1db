import { Module } from '@nestjs/common';
import { AgentAuthGuard } from '../../agents/src/auth/agent-auth.guard';
import { McpAuthGuard } from './mcp-auth.guard';
import { McpController } from './mcp.controller';
import { McpRateLimiter } from './mcp-rate-limit';
import { McpServerFactory } from './mcp-server.factory';

const providers = [McpServerFactory, McpRateLimiter, McpAuthGuard, AgentAuthGuard];

/** MCP at /mcp: the agent API's use cases as tools for LLM agents (issue 8). */
@Module({
  controllers: [McpController],
  providers,
})
export class McpModule {}
