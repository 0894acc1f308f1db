import { DomainError } from '../../common/src/domain-error';
import type { NewEvent } from '../../event-store/src/event';
import type { ToolAdded } from './catalog.events';
import { type ToolCommand, toolDecider } from './tool.decider';

const ORG = 'org-1';
const TOOL = 'tool-1';

const added = (overrides: Partial<ToolAdded> = {}): NewEvent => ({
  type: 'ToolAdded',
  data: {
    tool_id: TOOL,
    org_id: ORG,
    name: 'GitHub',
    url: 'https://api.github.com',
    description: 'Source hosting',
    auth_type: 'bearer_token',
    credential_mode: 'shared',
    instructions: 'Use the REST API.',
    instructions_version: 1,
    credential_expires_at: null,
    ...overrides,
  },
});
const rotated = (version: number): NewEvent => ({
  type: 'ToolSecretRotated',
  data: { tool_id: TOOL, version, fingerprint: `fp${version}`, scope: null },
});
const retired: NewEvent = { type: 'ToolRetired', data: { tool_id: TOOL } };

/** given(history).when(command) → the events decided, or the DomainError thrown. */
function given(...history: NewEvent[]) {
  const state = history.reduce((s, e) => toolDecider.evolve(s, e), toolDecider.initialState());
  return {
    when: (command: ToolCommand) => ({
      then: (expected: Array<{ type: string; data?: Record<string, unknown> }>) =>
        expect(toolDecider.decide(command, state)).toEqual(
          expected.map((e) => (e.data ? { type: e.type, data: expect.objectContaining(e.data) } : e)),
        ),
      thenFails: (kind: DomainError['kind'], type: string) => {
        let error: unknown;
        try {
          toolDecider.decide(command, state);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ kind, type });
      },
    }),
  };
}

const target = { toolId: TOOL, orgId: ORG };
const fields = { name: ' GitHub ', authType: 'bearer_token' as const };

describe('tool decider', () => {
  it('adds a shared tool with defaults, and its first secret version when one is given', () => {
    given()
      .when({ ...target, kind: 'add', fields, secret: { fingerprint: 'abc' } })
      .then([
        {
          type: 'ToolAdded',
          data: {
            name: 'GitHub',
            org_id: ORG,
            credential_mode: 'shared',
            instructions: '',
            instructions_version: 0,
            url: null,
          },
        },
        { type: 'ToolSecretRotated', data: { version: 1, fingerprint: 'abc', scope: null } },
      ]);
  });

  it('starts instructions at version 1 when the tool is added with some', () => {
    given()
      .when({ ...target, kind: 'add', fields: { ...fields, instructions: '# Use it' } })
      .then([{ type: 'ToolAdded', data: { instructions: '# Use it', instructions_version: 1 } }]);
  });

  it('rejects adding a tool that already exists', () => {
    given(added())
      .when({ ...target, kind: 'add', fields })
      .thenFails('conflict', 'tool-exists');
  });

  it('rejects a URL that is not http or https', () => {
    given()
      .when({ ...target, kind: 'add', fields: { ...fields, url: 'javascript:alert(1)' } })
      .thenFails('invalid', 'validation');
  });

  it('records only the changed fields, without bumping instructions when they did not change', () => {
    given(added())
      .when({
        ...target,
        kind: 'update',
        fields: { name: 'GitHub', description: 'Code', instructions: 'Use the REST API.' },
      })
      .then([{ type: 'ToolUpdated', data: { tool_id: TOOL, changes: { description: 'Code' } } }]);
    const [event] = toolDecider.decide(
      { ...target, kind: 'update', fields: { description: 'Code' } },
      toolDecider.evolve(toolDecider.initialState(), added()),
    );
    expect(event.data).not.toHaveProperty('instructions_version');
  });

  it('bumps instructions_version when the instructions change', () => {
    given(added(), {
      type: 'ToolUpdated',
      data: { tool_id: TOOL, changes: { instructions: 'v2' }, instructions_version: 2 },
    })
      .when({ ...target, kind: 'update', fields: { instructions: 'v3' } })
      .then([{ type: 'ToolUpdated', data: { changes: { instructions: 'v3' }, instructions_version: 3 } }]);
  });

  it('decides nothing when an update changes nothing', () => {
    given(added())
      .when({ ...target, kind: 'update', fields: { name: 'GitHub' } })
      .then([]);
  });

  it('numbers shared secret versions one after another', () => {
    given(added(), rotated(1))
      .when({ ...target, kind: 'set-secret', secret: { fingerprint: 'f2' } })
      .then([{ type: 'ToolSecretRotated', data: { version: 2, fingerprint: 'f2', scope: null } }]);
  });

  it('refuses a shared secret for a per-agent tool, and for a tool switched to per-agent', () => {
    given(added({ credential_mode: 'per_agent' }))
      .when({ ...target, kind: 'set-secret', secret: { fingerprint: 'x' } })
      .thenFails('conflict', 'per-agent-credential');
    given()
      .when({
        ...target,
        kind: 'add',
        fields: { ...fields, credentialMode: 'per_agent' },
        secret: { fingerprint: 'x' },
      })
      .thenFails('conflict', 'per-agent-credential');
    given(added())
      .when({
        ...target,
        kind: 'update',
        fields: { credentialMode: 'per_agent' },
        secret: { fingerprint: 'x' },
      })
      .thenFails('conflict', 'per-agent-credential');
  });

  it('retires a tool with its reason', () => {
    given(added())
      .when({ ...target, kind: 'retire', reason: ' replaced by GitLab ' })
      .then([{ type: 'ToolRetired', data: { tool_id: TOOL, reason: 'replaced by GitLab' } }]);
  });

  it('refuses updates, secrets and a second retirement once retired', () => {
    const after = given(added(), retired);
    after.when({ ...target, kind: 'update', fields: { name: 'X' } }).thenFails('conflict', 'tool-retired');
    after
      .when({ ...target, kind: 'set-secret', secret: { fingerprint: 'x' } })
      .thenFails('conflict', 'tool-retired');
    after.when({ ...target, kind: 'retire' }).thenFails('conflict', 'tool-retired');
  });

  it('answers not found for an unknown tool or one of another org', () => {
    given()
      .when({ ...target, kind: 'retire' })
      .thenFails('not_found', 'not-found');
    given(added())
      .when({ toolId: TOOL, orgId: 'org-2', kind: 'set-secret', secret: { fingerprint: 'x' } })
      .thenFails('not_found', 'not-found');
  });
});
