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

/**
 * Requests refused to a suspended agent or with a revoked key, counted (docs/adr/0013): one
 * event per key, reason and window, appended when the window ends. It replaces the
 * per-request AgentRequestRefused, which older logs still hold.
 */
export interface AgentRequestsRefused {
  agent_id: string;
  key_id: string;
  reason: 'suspended' | 'key_revoked';
  count: number;
  first_seen: string;
  last_seen: string;
  window_seconds: number;
  /** Up to 16 distinct client addresses; `more_ips` when there were more. */
  ips: string[];
  more_ips: boolean;
  /** Up to 16 distinct `METHOD /path` refused. */
  requests: string[];
}
