import type { RequestContext } from '../../common/src/request-context';
import { toMetadata } from '../../common/src/request-context';
import type { Database } from '../../database/src/database';
import { handleWithDecider } from '../../event-store/src/decider';
import type { EventStore } from '../../event-store/src/event-store';
import { agentDecider, type AgentCommand } from './agent.decider';
import { agentStream } from './agents.events';
import { type AgentView, findAgent } from './agents.read';

/** Load (scoped to the caller's org: another org's agent is 404), decide, append, read back. */
export async function runAgentCommand(
  db: Database,
  store: EventStore,
  ctx: RequestContext,
  agentId: string,
  command: AgentCommand,
): Promise<AgentView> {
  const orgId = ctx.orgId!;
  if (command.kind !== 'register') await findAgent(db, orgId, agentId);
  await handleWithDecider(store, agentStream(agentId), agentDecider, command, toMetadata(ctx));
  return findAgent(db, orgId, agentId);
}
