/** The channel on which a change to an agent's keys or status is announced, with its id. */
export const AGENT_KEYS_CHANNEL = 'keyledger_agent_keys';

/** An agent key as the guard looks it up. */
export interface AgentKeyRow {
  key_id: string;
  key_hash: string;
  agent_id: string;
  org_id: string;
  name: string;
  status: 'active' | 'suspended';
  key_status: 'active' | 'revoked';
}

interface Entry {
  row: AgentKeyRow;
  at: number;
}

/**
 * Agent keys looked up by this instance, so most requests skip the lookup (docs/adr/0022).
 * Entries are dropped when the agents projection announces a change to the agent (key
 * revoked or issued, agent suspended, reactivated or renamed: NOTIFY on commit), everything is
 * dropped and the cache bypassed while the announcements cannot be received, and an entry
 * lives at most `ttlMs` whatever happens. It only saves work: a credential fetch is still
 * checked against the key and the agent inside the transaction that records it.
 */
export class AgentKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byAgent = new Map<string, Set<string>>();
  /** Moves on every drop: a lookup that overlapped one must not store what it read. */
  private epoch = 0;
  private listening = false;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly capacity = 100_000,
  ) {}

  async lookup(hash: string, load: () => Promise<AgentKeyRow | undefined>): Promise<AgentKeyRow | undefined> {
    if (this.listening) {
      const hit = this.entries.get(hash);
      if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    }
    const epoch = this.epoch;
    const row = await load();
    if (row && this.listening && epoch === this.epoch) this.put(hash, row);
    return row;
  }

  /** An announcement: the agent changed. */
  dropAgent(agentId: string): void {
    this.epoch += 1;
    for (const hash of this.byAgent.get(agentId) ?? []) this.entries.delete(hash);
    this.byAgent.delete(agentId);
  }

  /** Whether announcements are received; either way, what was held may be stale. */
  setListening(listening: boolean): void {
    this.epoch += 1;
    this.entries.clear();
    this.byAgent.clear();
    this.listening = listening;
  }

  get size(): number {
    return this.entries.size;
  }

  private put(hash: string, row: AgentKeyRow): void {
    if (this.entries.size >= this.capacity) this.setListening(this.listening);
    this.entries.set(hash, { row, at: Date.now() });
    let hashes = this.byAgent.get(row.agent_id);
    if (!hashes) this.byAgent.set(row.agent_id, (hashes = new Set()));
    hashes.add(hash);
  }
}
