import { deciderSpec } from '../../event-store/src/decider-spec';
import { agentDecider } from './agent.decider';

const spec = deciderSpec(agentDecider);
const key = (n: number) => ({ keyId: `key-${n}`, hash: `${n}`.repeat(64).slice(0, 64), prefix: `klk_${n}` });
const registered = [
  {
    type: 'AgentRegistered',
    data: { agent_id: 'a1', org_id: 'o1', name: 'Scout', description: '', registered_by: 'm1' },
  },
  { type: 'AgentKeyIssued', data: { agent_id: 'a1', key_id: 'key-1', key_hash: 'h', prefix: 'klk_1' } },
];
const suspended = [...registered, { type: 'AgentSuspended', data: { agent_id: 'a1', reason: 'leak' } }];

describe('agent decider', () => {
  it('given nothing, when registered, then the agent and its first key', () =>
    spec
      .given([])
      .when({
        kind: 'register',
        agentId: 'a1',
        orgId: 'o1',
        name: '  Scout ',
        description: 'finds things',
        registeredBy: 'm1',
        key: key(1),
      })
      .then([
        { type: 'AgentRegistered', data: { agent_id: 'a1', name: 'Scout', registered_by: 'm1' } },
        { type: 'AgentKeyIssued', data: { key_id: 'key-1', prefix: 'klk_1' } },
      ]));

  it('given an agent, when registered again, then a conflict', () =>
    spec
      .given(registered)
      .when({
        kind: 'register',
        agentId: 'a1',
        orgId: 'o1',
        name: 'Scout',
        description: '',
        registeredBy: 'm1',
        key: key(2),
      })
      .thenThrows({ kind: 'conflict' }));

  it('given nothing, when a blank name is registered, then invalid', () =>
    spec
      .given([])
      .when({
        kind: 'register',
        agentId: 'a1',
        orgId: 'o1',
        name: '   ',
        description: '',
        registeredBy: 'm1',
        key: key(1),
      })
      .thenThrows({ kind: 'invalid' }));

  it('given an agent, when renamed, then AgentUpdated with only the change', () =>
    spec
      .given(registered)
      .when({ kind: 'update', name: 'Scout II', description: '' })
      .then([{ type: 'AgentUpdated', data: { changes: { name: 'Scout II' } } }]));

  it('given an agent, when updated with the same values, then nothing', () =>
    spec.given(registered).when({ kind: 'update', name: 'Scout' }).then([]));

  it('given an agent, when another key is issued, then AgentKeyIssued', () =>
    spec
      .given(registered)
      .when({ kind: 'issue-key', key: key(2) })
      .then([{ type: 'AgentKeyIssued', data: { key_id: 'key-2' } }]));

  it('given a key, when revoked, then AgentKeyRevoked; when revoked again, then nothing', () => {
    spec
      .given(registered)
      .when({ kind: 'revoke-key', keyId: 'key-1', reason: 'rotated' })
      .then([{ type: 'AgentKeyRevoked', data: { key_id: 'key-1', reason: 'rotated' } }]);
    spec
      .given([
        ...registered,
        { type: 'AgentKeyRevoked', data: { agent_id: 'a1', key_id: 'key-1', reason: null } },
      ])
      .when({ kind: 'revoke-key', keyId: 'key-1', reason: null })
      .then([]);
  });

  it('given an agent, when an unknown key is revoked, then not found', () =>
    spec
      .given(registered)
      .when({ kind: 'revoke-key', keyId: 'nope', reason: null })
      .thenThrows({ kind: 'not_found' }));

  it('given an active agent, when suspended, then AgentSuspended with the reason', () =>
    spec
      .given(registered)
      .when({ kind: 'suspend', reason: 'leak' })
      .then([{ type: 'AgentSuspended', data: { reason: 'leak' } }]));

  it('given a suspended agent, when suspended again, then a conflict; when reactivated, then AgentReactivated', () => {
    spec.given(suspended).when({ kind: 'suspend', reason: 'again' }).thenThrows({ kind: 'conflict' });
    spec
      .given(suspended)
      .when({ kind: 'reactivate', reason: 'rotated' })
      .then([{ type: 'AgentReactivated' }]);
  });

  it('given an active agent, when reactivated, then a conflict', () =>
    spec.given(registered).when({ kind: 'reactivate', reason: 'x' }).thenThrows({ kind: 'conflict' }));

  it('given nothing, when any other command, then not found', () =>
    spec.given([]).when({ kind: 'suspend', reason: 'x' }).thenThrows({ kind: 'not_found' }));
});
