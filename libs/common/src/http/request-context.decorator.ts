import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../../event-store/src/event';
import type { RequestContext } from '../request-context';

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
  orgId?: string;
}

export function contextOf(
  request: AuthenticatedRequest,
  channel: RequestContext['channel'] = 'http',
): RequestContext {
  const ua = request.headers['user-agent'];
  return {
    orgId: request.orgId ?? null,
    actor: request.actor ?? { type: 'system', id: 'anonymous', name: 'anonymous' },
    correlationId: String(request.id),
    causationId: null,
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
    channel,
  };
}

/** The caller, correlation id, IP and user agent of this request, for event metadata. */
export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext =>
  contextOf(host.switchToHttp().getRequest<AuthenticatedRequest>()),
);
