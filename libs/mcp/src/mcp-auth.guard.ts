import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgentAuthGuard } from '../../agents/src/auth/agent-auth.guard';
import { DomainError } from '../../common/src/domain-error';
import { McpRateLimiter } from './mcp-rate-limit';

/**
 * Before any MCP message is read: the `preauth` tier per IP (PreauthRateLimitGuard covers /api
 * only), then the agent key exactly as on the agent API. A bad or missing key answers 401 with
 * WWW-Authenticate, as MCP clients expect; a suspended agent answers 403 and is counted
 * (docs/adr/0013).
 */
@Injectable()
export class McpAuthGuard implements CanActivate {
  constructor(
    @Inject(McpRateLimiter) private readonly limiter: McpRateLimiter,
    @Inject(AgentAuthGuard) private readonly agentAuth: AgentAuthGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    await this.limiter.consume('preauth', `ip:${request.ip}`, reply);
    try {
      return await this.agentAuth.authenticate(context, 'mcp');
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated') {
        void reply.header('www-authenticate', 'Bearer realm="keyledger", error="invalid_token"');
      }
      throw error;
    }
  }
}
