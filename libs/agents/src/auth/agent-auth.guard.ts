import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../common/src/domain-error';
import { callerKey, rateTierOf } from '../../../common/src/rate-limit/rate-limit.guard';
import { RateLimiter } from '../../../common/src/rate-limit/rate-limiter';
import { keyHashesEqual, parseAgentKey } from '../../../crypto/src/agent-key';
import { Database } from '../../../database/src/database';
import { RefusalTally } from '../../../event-store/src/refusal-tally/refusal-tally';
import { AgentKeyCache, type AgentKeyRow } from './agent-key-cache';
import type { AgentRequest } from './agent-principal';
import { countRefusal } from './agent-refusals';

/** The route records a suspended agent's refusal itself (as CredentialDenied). */
export const SUSPENDED_HANDLED = 'keyledger:suspended-handled';
export const SuspensionHandledByRoute = () => SetMetadata(SUSPENDED_HANDLED, true);

const MISSING =
  'send your agent API key as "Authorization: Bearer klk_…"; an admin issues keys in the Keyledger console';

/**
 * Agent keys: the checksum rejects typos before any lookup, the SHA-256 is looked up, then
 * compared in constant time. A suspended agent is refused on every route, after the route's
 * rate tier; refusals to a suspended agent and to a revoked key are counted into one event
 * per key and window (docs/adr/0013), so a stolen key probing the API shows up in the audit
 * log without a flood growing it.
 */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(RefusalTally) private readonly refusals: RefusalTally,
    @Inject(AgentKeyCache) private readonly keys: AgentKeyCache,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    return this.authenticate(context, 'http');
  }

  /** The key check of both channels; `channel` is what a recorded refusal says it came through. */
  async authenticate(context: ExecutionContext, channel: 'http' | 'mcp'): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AgentRequest>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header)) {
      throw new DomainError('unauthenticated', 'missing-agent-key', MISSING);
    }
    const token = header.replace(/^Bearer\s+/i, '');
    const parsed = parseAgentKey(token);
    if (!parsed.ok) {
      throw new DomainError(
        'unauthenticated',
        'invalid-agent-key',
        parsed.reason === 'checksum'
          ? 'the API key fails its checksum: it was mistyped or truncated'
          : 'the API key is not a Keyledger agent key (klk_…)',
      );
    }
    // Revoked keys too: a revoked key that is still used is a leak worth seeing. Cached per
    // instance; the credential fetch checks the key again in its recording transaction.
    const row = await this.keys.lookup(parsed.hash, async () => {
      const [found] = await this.db.prepared<AgentKeyRow>(
        'keyledger_agent_key_any_status',
        `SELECT k.id AS key_id, k.key_hash, k.status AS key_status, a.id AS agent_id, a.org_id, a.name, a.status
         FROM agent_keys k JOIN agents a ON a.id = k.agent_id
         WHERE k.key_hash = $1`,
        [parsed.hash],
      );
      return found;
    });
    const known = row !== undefined && keyHashesEqual(row.key_hash, parsed.hash);
    if (!known || row.key_status !== 'active') {
      if (known) countRefusal(this.refusals, request, row, 'key_revoked', channel);
      throw new DomainError(
        'unauthenticated',
        'invalid-agent-key',
        'the API key is unknown or has been revoked',
      );
    }
    request.agent = { id: row.agent_id, orgId: row.org_id, name: row.name, keyId: row.key_id };
    request.orgId = row.org_id;
    request.actor = { type: 'agent', id: row.agent_id, name: row.name };
    if (row.status === 'suspended') {
      if (this.reflector.get<boolean | undefined>(SUSPENDED_HANDLED, context.getHandler())) {
        request.agent.suspended = true;
        return true;
      }
      // Rate-limit first: a flood is answered 429 and counted in metrics, not tallied.
      const tier = rateTierOf(this.reflector, context);
      if (tier) {
        await this.limiter.consume(
          tier,
          callerKey(request),
          context.switchToHttp().getResponse<FastifyReply>(),
        );
      }
      countRefusal(this.refusals, request, row, 'suspended', channel);
      throw new DomainError(
        'forbidden',
        'agent-suspended',
        'this agent is suspended: every request is refused until an admin reactivates it in the Keyledger console',
      );
    }
    return true;
  }
}
