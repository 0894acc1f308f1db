import { DomainError, notFound } from '../../common/src/domain-error';
import type { Decider } from '../../event-store/src/decider';
import type { NewEvent } from '../../event-store/src/event';
import type {
  InstructionsSource,
  ToolAdded,
  ToolChanges,
  ToolRetired,
  ToolSecretRotated,
  ToolUpdated,
} from './catalog.events';
import { normaliseChanges, type ToolFields } from './tool.fields';

/** A new shared secret: the handler encrypts it; the decider sees only its fingerprint. */
export interface NewSecret {
  fingerprint: string;
}

interface Target {
  toolId: string;
  /** The caller's org: a tool of another org is "not found", never "forbidden". */
  orgId: string;
}

export type ToolCommand =
  | (Target & { kind: 'add'; fields: ToolFields; secret?: NewSecret })
  | (Target & {
      kind: 'update';
      fields: Partial<ToolFields>;
      secret?: NewSecret;
      instructionsSource?: InstructionsSource;
    })
  | (Target & { kind: 'set-secret'; secret: NewSecret })
  | (Target & { kind: 'retire'; reason?: string });

export type ToolState =
  { exists: false } | { exists: true; tool: ToolAdded; retired: boolean; secretVersion: number };

type Existing = Extract<ToolState, { exists: true }>;

export const toolDecider: Decider<ToolState, ToolCommand> = {
  initialState: () => ({ exists: false }),
  evolve: (state, event) => {
    if (event.type === 'ToolAdded') {
      return {
        exists: true,
        tool: { ...(event.data as unknown as ToolAdded) },
        retired: false,
        secretVersion: 0,
      };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'ToolUpdated': {
        const d = event.data as unknown as ToolUpdated;
        const tool = { ...state.tool, ...d.changes };
        if (d.instructions_version !== undefined) tool.instructions_version = d.instructions_version;
        return { ...state, tool };
      }
      case 'ToolSecretRotated': {
        const d = event.data as unknown as ToolSecretRotated;
        // Per-agent secrets are versioned per scope; only the shared one is the tool's.
        return d.scope === null ? { ...state, secretVersion: d.version } : state;
      }
      case 'ToolRetired':
        return { ...state, retired: true };
      default:
        return state;
    }
  },
  decide: (command, state) => {
    if (command.kind === 'add') return add(command, state);
    const tool = existing(command, state);
    switch (command.kind) {
      case 'update':
        return update(command, tool);
      case 'set-secret':
        return rotation(tool, tool.tool.credential_mode, command.secret);
      case 'retire': {
        const data: ToolRetired = { tool_id: command.toolId };
        if (command.reason?.trim()) data.reason = command.reason.trim();
        return [{ type: 'ToolRetired', data: { ...data } }];
      }
    }
  },
};

function add(command: Extract<ToolCommand, { kind: 'add' }>, state: ToolState): NewEvent[] {
  if (state.exists) throw new DomainError('conflict', 'tool-exists', `tool ${command.toolId} already exists`);
  const given = command.fields;
  const f = normaliseChanges({
    ...given,
    credentialMode: given.credentialMode ?? 'shared',
    description: given.description ?? '',
    instructions: given.instructions ?? '',
  });
  const data: ToolAdded = {
    tool_id: command.toolId,
    org_id: command.orgId,
    name: f.name!,
    url: f.url ?? null,
    description: f.description!,
    auth_type: f.auth_type!,
    credential_mode: f.credential_mode!,
    instructions: f.instructions!,
    instructions_version: f.instructions ? 1 : 0,
    credential_expires_at: f.credential_expires_at ?? null,
  };
  const events: NewEvent[] = [{ type: 'ToolAdded', data: { ...data } }];
  if (command.secret) {
    const fresh: Existing = { exists: true, tool: data, retired: false, secretVersion: 0 };
    events.push(...rotation(fresh, data.credential_mode, command.secret));
  }
  return events;
}

function update(command: Extract<ToolCommand, { kind: 'update' }>, state: Existing): NewEvent[] {
  const requested = normaliseChanges(command.fields);
  const changes: ToolChanges = {};
  for (const [key, value] of Object.entries(requested) as [keyof ToolChanges, unknown][]) {
    if (state.tool[key] !== value) Object.assign(changes, { [key]: value });
  }
  const events: NewEvent[] = [];
  if (Object.keys(changes).length > 0) {
    const data: ToolUpdated = { tool_id: command.toolId, changes };
    if (changes.instructions !== undefined) {
      data.instructions_version = state.tool.instructions_version + 1;
      if (command.instructionsSource) data.instructions_source = { ...command.instructionsSource };
    }
    events.push({ type: 'ToolUpdated', data: { ...data } });
  }
  if (command.secret) {
    events.push(...rotation(state, changes.credential_mode ?? state.tool.credential_mode, command.secret));
  }
  return events;
}

function rotation(state: Existing, mode: ToolAdded['credential_mode'], secret: NewSecret): NewEvent[] {
  if (mode === 'per_agent') {
    throw new DomainError(
      'conflict',
      'per-agent-credential',
      `tool ${state.tool.tool_id} gives each agent its own credential: supply it when approving the agent's request`,
    );
  }
  const data: ToolSecretRotated = {
    tool_id: state.tool.tool_id,
    version: state.secretVersion + 1,
    fingerprint: secret.fingerprint,
    scope: null,
  };
  return [{ type: 'ToolSecretRotated', data: { ...data } }];
}

function existing(command: Target, state: ToolState): Existing {
  if (!state.exists || state.tool.org_id !== command.orgId) throw notFound('tool', command.toolId);
  if (state.retired) {
    throw new DomainError(
      'conflict',
      'tool-retired',
      `tool ${command.toolId} is retired and can no longer change`,
    );
  }
  return state;
}
