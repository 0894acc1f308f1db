import { DomainError } from '../../common/src/domain-error';
import {
  AUTH_TYPES,
  type AuthType,
  CREDENTIAL_MODES,
  type CredentialMode,
  type ToolChanges,
} from './catalog.events';

/** The descriptive fields of a tool as commands carry them (camelCase, not yet normalised). */
export interface ToolFields {
  name: string;
  url?: string | null;
  description?: string;
  authType: AuthType;
  credentialMode?: CredentialMode;
  instructions?: string;
  credentialExpiresAt?: string | null;
}

export const LIMITS = { name: 100, url: 2048, description: 2000, instructions: 20_000 } as const;

const invalid = (field: string, message: string) =>
  new DomainError('invalid', 'validation', `${field}: ${message}`, { errors: [{ field, message }] });

/**
 * The domain's own checks. The HTTP DTOs check the same shapes first; these hold for every
 * other caller (suggestion acceptance, scripts) and normalise values so that "no change"
 * is recognisable.
 */
export function normaliseChanges(input: Partial<ToolFields>): ToolChanges {
  const out: ToolChanges = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name.length < 1 || name.length > LIMITS.name) throw invalid('name', 'must have 1 to 100 characters');
    out.name = name;
  }
  if (input.url !== undefined) out.url = normaliseUrl(input.url);
  if (input.description !== undefined) {
    if (input.description.length > LIMITS.description)
      throw invalid('description', 'is over 2000 characters');
    out.description = input.description;
  }
  if (input.authType !== undefined) {
    if (!AUTH_TYPES.includes(input.authType))
      throw invalid('auth_type', `must be one of ${AUTH_TYPES.join(', ')}`);
    out.auth_type = input.authType;
  }
  if (input.credentialMode !== undefined) {
    if (!CREDENTIAL_MODES.includes(input.credentialMode)) {
      throw invalid('credential_mode', `must be one of ${CREDENTIAL_MODES.join(', ')}`);
    }
    out.credential_mode = input.credentialMode;
  }
  if (input.instructions !== undefined) {
    if (input.instructions.length > LIMITS.instructions) {
      throw invalid('instructions', 'is over 20000 characters');
    }
    out.instructions = input.instructions;
  }
  if (input.credentialExpiresAt !== undefined) {
    out.credential_expires_at = normaliseInstant(input.credentialExpiresAt);
  }
  return out;
}

function normaliseUrl(raw: string | null): string | null {
  const text = raw?.trim() ?? '';
  if (text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('url', 'must be an http or https URL');
  }
  if (text.length > LIMITS.url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid('url', 'must be an http or https URL');
  }
  return text;
}

/** Stored as ISO 8601 UTC so that the same instant written two ways is not a "change". */
function normaliseInstant(raw: string | null): string | null {
  if (raw === null) return null;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw invalid('credential_expires_at', 'must be an ISO 8601 date-time');
  return new Date(time).toISOString();
}
