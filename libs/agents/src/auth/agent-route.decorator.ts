import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RateTierName } from '../../../config/src/config';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { RateLimitGuard, RateTier } from '../../../common/src/rate-limit/rate-limit.guard';
import { AgentAuthGuard } from './agent-auth.guard';
import type { AgentPrincipal, AgentRequest } from './agent-principal';

export interface AgentRouteOptions {
  operationId: string;
  summary: string;
  description?: string;
  status?: number;
  /** The rate tier, keyed by this agent (DESIGN.md). */
  tier: RateTierName;
}

/** One decorator per agent route: the agent key, and the OpenAPI operation with its errors. */
export function AgentRoute(options: AgentRouteOptions): MethodDecorator {
  const decorators = [
    ApiTags('agent'),
    ApiBearerAuth('agent_key'),
    ApiOperation({
      operationId: options.operationId,
      summary: options.summary,
      description: options.description,
    }),
    ApiResponse({
      status: 401,
      description: 'Missing, malformed, unknown or revoked agent key',
      type: ProblemDto,
    }),
    ApiResponse({ status: 403, description: 'The agent is suspended or holds no grant', type: ProblemDto }),
    ApiResponse({ status: 429, description: 'Rate limited; see Retry-After', type: ProblemDto }),
    RateTier(options.tier),
    UseGuards(AgentAuthGuard, RateLimitGuard),
  ];
  if (options.status) decorators.push(HttpCode(options.status));
  return applyDecorators(...decorators);
}

export const CurrentAgent = createParamDecorator(
  (_data: unknown, host: ExecutionContext): AgentPrincipal =>
    host.switchToHttp().getRequest<AgentRequest>().agent!,
);
