import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../../common/src/domain-error';
import { contextOf } from '../../../common/src/http/request-context.decorator';
import { toMetadata } from '../../../common/src/request-context';
import { keyHashesEqual, parseAgentKey } from '../../../crypto/src/agent-key';
import { Database } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { agentStream } from '../agents.events';
import type { AgentRequest } from './agent-principal';

/** The route records a suspended agent's refusal itself (as CredentialDenied). */
export const SUSPENDED_HANDLED = 'keyledger:suspended-handled';
export const SuspensionHandledByRoute = () => SetMetadata(SUSPENDED_HANDLED, true);

interface KeyRow {
  key_id: string;
  key_hash: string;
  agent_id: string;
  org_id: string;
  name: string;
  status: 'active' | 'suspended';
}

const MISSING =
  'send your agent API key as "Authorization: Bearer klk_…"; an admin issues keys in the Keyledger console';

/**
 * Agent keys: the checksum rejects typos before any lookup, the SHA-256 is looked up, then
 * compared in constant time. A suspended agent is refused on every route, and the refusal is
 * recorded so that a stolen key probing the API shows up in the audit log.
 */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Reflector) private readonly reflector: Reflector,
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
    const [row] = await this.db.prepared<KeyRow>(
      'keyledger_agent_key',
      `SELECT k.id AS key_id, k.key_hash, a.id AS agent_id, a.org_id, a.name, a.status
       FROM agent_keys k JOIN agents a ON a.id = k.agent_id
       WHERE k.key_hash = $1 AND k.status = 'active'`,
      [parsed.hash],
    );
    if (!row || !keyHashesEqual(row.key_hash, parsed.hash)) {
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
      await this.recordRefusal(request, row, channel);
      throw new DomainError(
        'forbidden',
        'agent-suspended',
        'this agent is suspended: every request is refused until an admin reactivates it in the Keyledger console',
      );
    }
    return true;
  }

  private async recordRefusal(request: AgentRequest, row: KeyRow, channel: 'http' | 'mcp'): Promise<void> {
    const ctx = contextOf(request, channel);
    await this.store.append(
      agentStream(row.agent_id),
      'any',
      [
        {
          type: 'AgentRequestRefused',
          data: {
            agent_id: row.agent_id,
            key_id: row.key_id,
            reason: 'suspended',
            method: request.method,
            path: request.url.split('?')[0],
          },
        },
      ],
      toMetadata(ctx),
    );
  }
}
