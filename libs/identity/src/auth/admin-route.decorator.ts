import { applyDecorators, HttpCode, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { rolesAllowed } from '../../../authz/src/ability.factory';
import { ProblemDto } from '../../../common/src/http/problem.dto';
import { RateLimitGuard, RateTier } from '../../../common/src/rate-limit/rate-limit.guard';
import { MemberAuthGuard } from './member-auth.guard';
import { PoliciesGuard, RequirePolicy, type Policy } from './policies.guard';

export interface MemberRouteOptions extends Policy {
  operationId: string;
  summary: string;
  description?: string;
  tag?: 'admin' | 'audit';
  status?: number;
  /**
   * The rate tier, where the action alone does not tell: a write under a read permission, a
   * model call (`ai`), or `heavy` for work that walks the whole log.
   */
  tier?: 'read' | 'admin' | 'ai' | 'heavy';
}

/**
 * One decorator per member route: authentication, the CASL policy, and the OpenAPI operation
 * with the roles that may call it (computed from the same abilities) and its error responses.
 */
export function MemberRoute(options: MemberRouteOptions): MethodDecorator {
  const roles = rolesAllowed(options.action, options.subject);
  const decorators = [
    ApiTags(options.tag ?? 'admin'),
    ApiBearerAuth('member_jwt'),
    ApiOperation({
      operationId: options.operationId,
      summary: options.summary,
      description: `${options.description ? options.description + '\n\n' : ''}Roles: ${roles.join(', ')}.`,
    }),
    ApiExtension('x-required-roles', roles),
    ApiResponse({ status: 400, description: 'Invalid input', type: ProblemDto }),
    ApiResponse({ status: 401, description: 'Missing or invalid member token', type: ProblemDto }),
    ApiResponse({ status: 403, description: `Only ${roles.join(', ')} may do this`, type: ProblemDto }),
    ApiResponse({ status: 404, description: 'Not found in your org', type: ProblemDto }),
    ApiResponse({ status: 429, description: 'Rate limited', type: ProblemDto }),
    RequirePolicy({ action: options.action, subject: options.subject }),
    // Reads share the `read` tier; every change counts against the member's `admin` tier.
    RateTier(options.tier ?? (['read', 'export', 'verify'].includes(options.action) ? 'read' : 'admin')),
    UseGuards(MemberAuthGuard, PoliciesGuard, RateLimitGuard),
  ];
  if (options.status) decorators.push(HttpCode(options.status));
  return applyDecorators(...decorators);
}
