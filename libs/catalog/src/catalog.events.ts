/**
 * Tool events. Data is the audit record (snake_case, as the audit API serves it) and never
 * holds secret material: a rotation records the version number and a keyed fingerprint only.
 */
export const AUTH_TYPES = [
  'api_key',
  'bearer_token',
  'basic_auth',
  'oauth_token',
  'header',
  'custom',
] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const CREDENTIAL_MODES = ['shared', 'per_agent'] as const;
export type CredentialMode = (typeof CREDENTIAL_MODES)[number];

/** A secret as an admin supplies it: one string, or named parts such as {username, password}. */
export type Credential = string | Record<string, string>;

export interface ToolAdded {
  tool_id: string;
  org_id: string;
  name: string;
  url: string | null;
  description: string;
  auth_type: AuthType;
  credential_mode: CredentialMode;
  instructions: string;
  /** 0 while a tool has no instructions; each change of the text adds one. */
  instructions_version: number;
  credential_expires_at: string | null;
}

/** The descriptive fields an update may change; only the changed ones are recorded. */
export type ToolChanges = Partial<
  Pick<
    ToolAdded,
    | 'name'
    | 'url'
    | 'description'
    | 'auth_type'
    | 'credential_mode'
    | 'instructions'
    | 'credential_expires_at'
  >
>;

/** Where new instructions came from, when not typed in by hand. */
export type InstructionsSource =
  { kind: 'restore'; version: number } | { kind: 'suggestion'; suggestion_id: string };

export interface ToolUpdated {
  tool_id: string;
  changes: ToolChanges;
  /** Present when `changes.instructions` is: the new instructions version. */
  instructions_version?: number;
  /** With new instructions: a restored version or an accepted agent suggestion. */
  instructions_source?: InstructionsSource;
}

export interface ToolSecretRotated {
  tool_id: string;
  version: number;
  /** Keyed HMAC (libs/crypto fingerprint): tells versions apart without revealing the value. */
  fingerprint: string;
  /** null for the shared secret; an agent id for a per-agent secret. */
  scope: string | null;
}

export interface ToolRetired {
  tool_id: string;
  reason?: string;
}

export const TOOL_EVENT_TYPES = ['ToolAdded', 'ToolUpdated', 'ToolSecretRotated', 'ToolRetired'] as const;

export const toolStream = (id: string) => `tool-${id}`;
