/** Event data is the audit record: snake_case, as the audit API serves it. */
export interface AgentRegistered {
  agent_id: string;
  org_id: string;
  name: string;
  description: string;
  registered_by: string;
}

export interface AgentUpdated {
  agent_id: string;
  changes: { name?: string; description?: string };
}

/**
 * The key's SHA-256, never the key. A hash of 256 random bits cannot be reversed, and the
 * keys read model must be rebuildable from the log.
 */
export interface AgentKeyIssued {
  agent_id: string;
  key_id: string;
  key_hash: string;
  prefix: string;
}

export interface AgentKeyRevoked {
  agent_id: string;
  key_id: string;
  reason: string | null;
}

export interface AgentSuspended {
  agent_id: string;
  reason: string;
}

export interface AgentReactivated {
  agent_id: string;
  reason: string;
}

export const agentStream = (id: string) => `agent-${id}`;
