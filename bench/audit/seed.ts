import { createHash, randomUUID } from 'node:crypto';
import type { AccessApproved, AccessRequested, CredentialVended } from '../../libs/access/src/access.events';
import type { AgentKeyIssued, AgentRegistered } from '../../libs/agents/src/agents.events';
import type { ToolAdded } from '../../libs/catalog/src/catalog.events';
import type { EventMetadata, NewEvent } from '../../libs/event-store/src/event';
import type { EventStore } from '../../libs/event-store/src/event-store';
import type { MemberAdded, OrgCreated, Role } from '../../libs/identity/src/identity.events';

/** A seeded generator, so two runs seed the same shape of log. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeededOrg {
  id: string;
  members: Array<{ id: string; role: Role; email: string; name: string }>;
  agents: Array<{ id: string; name: string; keyId: string; ip: string }>;
  tools: string[];
  grants: Array<{ id: string; agentIndex: number; tool: string }>;
}

const ROLES: Role[] = ['owner', 'admin', 'approver', 'approver', 'auditor', 'viewer'];
const ev = <T extends object>(type: string, data: T): NewEvent => ({
  type,
  data: { ...data } as Record<string, unknown>,
});

export class LogSeeder {
  private readonly rand: () => number;
  appended = 0;

  constructor(
    private readonly store: EventStore,
    seed = 7,
  ) {
    this.rand = random(seed);
  }

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.rand() * xs.length)];
  }

  meta(org: SeededOrg, actor: EventMetadata['actor'], ip: string | null, ua: string | null): EventMetadata {
    return {
      org_id: org.id,
      actor,
      correlation_id: randomUUID(),
      causation_id: null,
      ip,
      user_agent: ua,
      channel: actor.type === 'system' ? 'system' : this.rand() < 0.2 ? 'mcp' : 'http',
    };
  }

  private member(org: SeededOrg, role: Role) {
    const m = org.members.find((x) => x.role === role)!;
    return { type: 'member' as const, id: m.id, name: m.name };
  }

  private async append(stream: string, events: NewEvent[], meta: EventMetadata): Promise<number> {
    await this.store.append(stream, 'any', events, meta);
    this.appended += events.length;
    return events.length;
  }

  /** An org with members, agents with keys, tools, and each agent approved for a few tools. */
  async org(name: string, agents: number, tools: number, grantsPerAgent: number): Promise<SeededOrg> {
    const org: SeededOrg = { id: randomUUID(), members: [], agents: [], tools: [], grants: [] };
    const system = { type: 'system' as const, id: 'system', name: 'Keyledger' };
    await this.append(
      `org-${org.id}`,
      [ev<OrgCreated>('OrgCreated', { org_id: org.id, name })],
      this.meta(org, system, null, null),
    );
    for (const [i, role] of ROLES.entries()) {
      const id = randomUUID();
      const email = `${role}${i}@${name.toLowerCase()}.example`;
      org.members.push({ id, role, email, name: `${role} ${i}` });
      await this.append(
        `member-${id}`,
        [
          ev<MemberAdded>('MemberAdded', {
            member_id: id,
            org_id: org.id,
            email,
            display_name: `${role} ${i}`,
            role,
          }),
        ],
        this.meta(org, system, null, null),
      );
    }
    const admin = this.member(org, 'admin');
    const console = 'Mozilla/5.0 (X11; Linux x86_64) keyledger-console/1.0';
    for (let i = 0; i < tools; i++) {
      const id = randomUUID();
      org.tools.push(id);
      await this.append(
        `tool-${id}`,
        [
          ev<ToolAdded>('ToolAdded', {
            tool_id: id,
            org_id: org.id,
            name: `Tool ${i}`,
            url: `https://api.tool${i}.example.com`,
            description: `Tool ${i}: a one-line description of what it does`,
            auth_type: 'bearer_token',
            credential_mode: 'shared',
            instructions: 'Send it as `Authorization: Bearer <credential>`.',
            instructions_version: 1,
            credential_expires_at: null,
          }),
        ],
        this.meta(org, admin, '192.0.2.10', console),
      );
    }
    for (let i = 0; i < agents; i++) {
      const id = randomUUID();
      const keyId = randomUUID();
      const agent = { id, name: `agent-${i}`, keyId, ip: `10.${i % 250}.${(i * 7) % 250}.${(i * 13) % 250}` };
      org.agents.push(agent);
      const key = createHash('sha256').update(keyId).digest('hex');
      await this.append(
        `agent-${id}`,
        [
          ev<AgentRegistered>('AgentRegistered', {
            agent_id: id,
            org_id: org.id,
            name: agent.name,
            description: 'seeded',
            registered_by: admin.id,
          }),
          ev<AgentKeyIssued>('AgentKeyIssued', {
            agent_id: id,
            key_id: keyId,
            key_hash: key,
            prefix: `klk_${key.slice(0, 8)}`,
          }),
        ],
        this.meta(org, admin, '192.0.2.10', console),
      );
      const mine = [...org.tools].sort(() => this.rand() - 0.5).slice(0, grantsPerAgent);
      for (const tool of mine) await this.grant(org, i, tool);
    }
    return org;
  }

  /** The agent asks, an approver approves: a new access stream. */
  async grant(org: SeededOrg, agentIndex: number, tool: string): Promise<number> {
    const agent = org.agents[agentIndex];
    const id = randomUUID();
    const ids = { agent_id: agent.id, tool_id: tool };
    let n = await this.append(
      `access-${id}`,
      [
        ev<AccessRequested>('AccessRequested', {
          request_id: id,
          org_id: org.id,
          ...ids,
          reason: 'the nightly job needs it',
          duration_seconds: null,
        }),
      ],
      this.meta(
        org,
        { type: 'agent', id: agent.id, name: agent.name },
        agent.ip,
        'agent-sdk/1.4 (python 3.12)',
      ),
    );
    const approver = this.member(org, 'approver');
    const now = new Date();
    n += await this.append(
      `access-${id}`,
      [
        ev<AccessApproved>('AccessApproved', {
          request_id: id,
          ...ids,
          approved_by: approver.id,
          note: null,
          duration_seconds: 90 * 86400,
          approved_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 90 * 86400_000).toISOString(),
        }),
      ],
      this.meta(org, approver, '192.0.2.20', 'Mozilla/5.0 keyledger-console/1.0'),
    );
    org.grants.push({ id, agentIndex, tool });
    return n;
  }

  /** What dominates a real log: an agent fetching its credential, now and then refused. */
  async fetches(org: SeededOrg, count: number): Promise<number> {
    const g = this.pick(org.grants);
    const agent = org.agents[g.agentIndex];
    const events: NewEvent[] = [];
    for (let i = 0; i < count; i++) {
      const ids = { grant_id: g.id, agent_id: agent.id, tool_id: g.tool, key_id: agent.keyId };
      events.push(
        this.rand() < 0.93
          ? ev<CredentialVended>('CredentialVended', { ...ids, secret_version: 1 })
          : ev('CredentialDenied', { ...ids, reason: this.pick(['expired', 'revoked', 'suspended']) }),
      );
    }
    const actor = { type: 'agent' as const, id: agent.id, name: agent.name };
    return this.append(
      `access-${g.id}`,
      events,
      this.meta(org, actor, agent.ip, 'agent-sdk/1.4 (python 3.12)'),
    );
  }

  /** The rarer facts: logins, suspensions, tool edits, revocations and new grants. */
  async lifecycle(org: SeededOrg): Promise<number> {
    let n = 0;
    const member = this.pick(org.members);
    const actor = { type: 'member' as const, id: member.id, name: member.name };
    const ua = 'Mozilla/5.0 keyledger-console/1.0';
    n += await this.append(
      `member-${member.id}`,
      [ev('MemberLoginSucceeded', { member_id: member.id, org_id: org.id })],
      this.meta(org, actor, '192.0.2.30', ua),
    );
    const approver = this.member(org, 'approver');
    const agentIndex = Math.floor(this.rand() * org.agents.length);
    const agent = org.agents[agentIndex];
    n += await this.append(
      `agent-${agent.id}`,
      [ev('AgentSuspended', { agent_id: agent.id, reason: 'odd traffic' })],
      this.meta(org, approver, '192.0.2.20', ua),
    );
    n += await this.append(
      `agent-${agent.id}`,
      [ev('AgentReactivated', { agent_id: agent.id, reason: 'cleared' })],
      this.meta(org, approver, '192.0.2.20', ua),
    );
    const tool = this.pick(org.tools);
    n += await this.append(
      `tool-${tool}`,
      [ev('ToolUpdated', { tool_id: tool, changes: { description: `edited ${this.appended}` } })],
      this.meta(org, this.member(org, 'admin'), '192.0.2.10', ua),
    );
    const at = Math.floor(this.rand() * org.grants.length);
    const g = org.grants[at];
    n += await this.append(
      `access-${g.id}`,
      [
        ev('GrantRevoked', {
          grant_id: g.id,
          agent_id: org.agents[g.agentIndex].id,
          tool_id: g.tool,
          revoked_by: approver.id,
          reason: 'rotation',
        }),
      ],
      this.meta(org, approver, '192.0.2.20', ua),
    );
    org.grants.splice(at, 1);
    n += await this.grant(org, g.agentIndex, g.tool);
    return n;
  }
}
