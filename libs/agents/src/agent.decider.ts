import { DomainError } from '../../common/src/domain-error';
import type { Decider } from '../../event-store/src/decider';
import type { NewEvent } from '../../event-store/src/event';
import type {
  AgentKeyIssued,
  AgentKeyRevoked,
  AgentReactivated,
  AgentRegistered,
  AgentSuspended,
  AgentUpdated,
} from './agents.events';

export interface NewKey {
  keyId: string;
  hash: string;
  prefix: string;
}

export type AgentCommand =
  | {
      kind: 'register';
      agentId: string;
      orgId: string;
      name: string;
      description: string;
      registeredBy: string;
      key: NewKey;
    }
  | { kind: 'update'; name?: string; description?: string }
  | { kind: 'issue-key'; key: NewKey }
  | { kind: 'revoke-key'; keyId: string; reason: string | null }
  | { kind: 'suspend'; reason: string }
  | { kind: 'reactivate'; reason: string };

export interface AgentState {
  exists: boolean;
  agentId: string;
  orgId: string;
  name: string;
  description: string;
  status: 'active' | 'suspended';
  keys: Record<string, 'active' | 'revoked'>;
}

const initial: AgentState = {
  exists: false,
  agentId: '',
  orgId: '',
  name: '',
  description: '',
  status: 'active',
  keys: {},
};

const event = <T extends object>(type: string, data: T): NewEvent => ({
  type,
  data: { ...data } as Record<string, unknown>,
});

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) {
    throw new DomainError('invalid', 'validation', 'an agent name has 1 to 100 characters', {
      errors: [{ field: 'name', message: 'must have 1 to 100 characters' }],
    });
  }
  return trimmed;
}

export const agentDecider: Decider<AgentState, AgentCommand> = {
  initialState: () => ({ ...initial, keys: {} }),

  evolve(state, e) {
    const d = e.data;
    switch (e.type) {
      case 'AgentRegistered': {
        const r = d as unknown as AgentRegistered;
        return {
          ...state,
          exists: true,
          agentId: r.agent_id,
          orgId: r.org_id,
          name: r.name,
          description: r.description,
        };
      }
      case 'AgentUpdated': {
        const changes = (d as unknown as AgentUpdated).changes;
        return { ...state, ...changes };
      }
      case 'AgentKeyIssued':
        return { ...state, keys: { ...state.keys, [(d as unknown as AgentKeyIssued).key_id]: 'active' } };
      case 'AgentKeyRevoked':
        return { ...state, keys: { ...state.keys, [(d as unknown as AgentKeyRevoked).key_id]: 'revoked' } };
      case 'AgentSuspended':
        return { ...state, status: 'suspended' };
      case 'AgentReactivated':
        return { ...state, status: 'active' };
      default:
        return state;
    }
  },

  decide(command, state) {
    if (command.kind === 'register') {
      if (state.exists) throw new DomainError('conflict', 'agent-exists', 'the agent already exists');
      const registered: AgentRegistered = {
        agent_id: command.agentId,
        org_id: command.orgId,
        name: checkName(command.name),
        description: command.description.trim(),
        registered_by: command.registeredBy,
      };
      const key: AgentKeyIssued = {
        agent_id: command.agentId,
        key_id: command.key.keyId,
        key_hash: command.key.hash,
        prefix: command.key.prefix,
      };
      return [event('AgentRegistered', registered), event('AgentKeyIssued', key)];
    }
    if (!state.exists) throw new DomainError('not_found', 'not-found', 'the agent was not found');
    switch (command.kind) {
      case 'update': {
        const changes: AgentUpdated['changes'] = {};
        if (command.name !== undefined && checkName(command.name) !== state.name)
          changes.name = checkName(command.name);
        if (command.description !== undefined && command.description.trim() !== state.description) {
          changes.description = command.description.trim();
        }
        return Object.keys(changes).length
          ? [event<AgentUpdated>('AgentUpdated', { agent_id: state.agentId, changes })]
          : [];
      }
      case 'issue-key':
        return [
          event<AgentKeyIssued>('AgentKeyIssued', {
            agent_id: state.agentId,
            key_id: command.key.keyId,
            key_hash: command.key.hash,
            prefix: command.key.prefix,
          }),
        ];
      case 'revoke-key': {
        const status = state.keys[command.keyId];
        if (!status) throw new DomainError('not_found', 'not-found', `the agent has no key ${command.keyId}`);
        if (status === 'revoked') return [];
        return [
          event<AgentKeyRevoked>('AgentKeyRevoked', {
            agent_id: state.agentId,
            key_id: command.keyId,
            reason: command.reason,
          }),
        ];
      }
      case 'suspend':
        if (state.status === 'suspended')
          throw new DomainError('conflict', 'agent-suspended', 'the agent is already suspended');
        return [event<AgentSuspended>('AgentSuspended', { agent_id: state.agentId, reason: command.reason })];
      case 'reactivate':
        if (state.status === 'active')
          throw new DomainError('conflict', 'agent-active', 'the agent is not suspended');
        return [
          event<AgentReactivated>('AgentReactivated', { agent_id: state.agentId, reason: command.reason }),
        ];
    }
  },
};
