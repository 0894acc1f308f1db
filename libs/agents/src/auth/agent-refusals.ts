import { contextOf } from '../../../common/src/http/request-context.decorator';
import { toMetadata } from '../../../common/src/request-context';
import type { RefusalTally } from '../../../event-store/src/refusal-tally/refusal-tally';
import { agentStream, type AgentRequestsRefused } from '../agents.events';
import type { AgentRequest } from './agent-principal';

export interface RefusedKey {
  key_id: string;
  agent_id: string;
  org_id: string;
  name: string;
}

/**
 * A request refused to a known key: a suspended agent's, or a revoked one. Counted, so a key
 * that keeps probing leaves one AgentRequestsRefused per key and window, not one event per try
 * (issue 13 finding 5, issue 14 item 12).
 */
export function countRefusal(
  tally: RefusalTally,
  request: AgentRequest,
  key: RefusedKey,
  reason: AgentRequestsRefused['reason'],
  channel: 'http' | 'mcp',
): void {
  const ctx = contextOf(request, channel);
  tally.count({
    subject: `agent-key:${key.key_id}:${reason}`,
    streamId: agentStream(key.agent_id),
    eventType: 'AgentRequestsRefused',
    data: { agent_id: key.agent_id, key_id: key.key_id, reason },
    metadata: toMetadata(
      { ...ctx, orgId: key.org_id, actor: { type: 'agent', id: key.agent_id, name: key.name } },
      key.org_id,
    ),
    request: `${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 256)}`,
  });
}
