import type { Sql } from '../../database/src/database';
import type { StoredEvent } from '../../event-store/src/event';
import type { Projection } from '../../event-store/src/projection';
import type { AgentKeyIssued, AgentRegistered, AgentUpdated } from './agents.events';
import { AGENT_KEYS_CHANNEL } from './auth/agent-key-cache';

/** Agents and keys decide every agent call, so they are written inside the append. */
export const agentsProjection: Projection = {
  name: 'agents',
  mode: 'inline',
  handles: [
    'AgentRegistered',
    'AgentUpdated',
    'AgentKeyIssued',
    'AgentKeyRevoked',
    'AgentSuspended',
    'AgentReactivated',
  ],
  tables: ['agent_keys', 'agents'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    // Every instance's key cache drops the agent when this commits (and not if it rolls back).
    const changed = new Set(
      events.filter((e) => e.type !== 'AgentRegistered').map((e) => String(e.data.agent_id)),
    );
    for (const agentId of changed) {
      await tx.query('SELECT pg_notify($1, $2)', [AGENT_KEYS_CHANNEL, agentId]);
    }
    for (const e of events) {
      const d = e.data;
      switch (e.type) {
        case 'AgentRegistered': {
          const r = d as unknown as AgentRegistered;
          await tx.query(
            `INSERT INTO agents (id, org_id, name, description, registered_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)`,
            [r.agent_id, r.org_id, r.name, r.description, r.registered_by, e.occurredAt],
          );
          break;
        }
        case 'AgentUpdated': {
          const { changes } = d as unknown as AgentUpdated;
          await tx.query(
            `UPDATE agents SET name = coalesce($2, name), description = coalesce($3, description), updated_at = $4
             WHERE id = $1`,
            [d.agent_id, changes.name ?? null, changes.description ?? null, e.occurredAt],
          );
          break;
        }
        case 'AgentKeyIssued': {
          const k = d as unknown as AgentKeyIssued;
          await tx.query(
            `INSERT INTO agent_keys (id, agent_id, org_id, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [k.key_id, k.agent_id, e.orgId, k.key_hash, k.prefix, e.occurredAt],
          );
          break;
        }
        case 'AgentKeyRevoked':
          await tx.query(`UPDATE agent_keys SET status = 'revoked', revoked_at = $2 WHERE id = $1`, [
            d.key_id,
            e.occurredAt,
          ]);
          break;
        case 'AgentSuspended':
          await tx.query(
            `UPDATE agents SET status = 'suspended', suspended_reason = $2, updated_at = $3 WHERE id = $1`,
            [d.agent_id, d.reason, e.occurredAt],
          );
          break;
        case 'AgentReactivated':
          await tx.query(
            `UPDATE agents SET status = 'active', suspended_reason = NULL, updated_at = $2 WHERE id = $1`,
            [d.agent_id, e.occurredAt],
          );
          break;
      }
    }
  },
};
