import { PickType } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AddToolDto } from '../add-tool/add-tool.dto';
import type { AuthType } from '../catalog.events';
import { fieldsOf } from '../tool-fields.dto';
import { LIMITS, normaliseChanges } from '../tool.fields';

/**
 * The fields a draft may fill, with AddToolDto's own decorators and so its validation (one
 * definition). Never the credential, its mode or its expiry: those are the admin's alone.
 */
export const DRAFT_FIELDS = ['name', 'url', 'description', 'auth_type', 'instructions'] as const;

export class ToolDraftDto extends PickType(AddToolDto, DRAFT_FIELDS) {}

export interface DraftProblem {
  field: string;
  message: string;
}

export interface ToolDraft {
  draft: ToolDraftDto;
  scopes: string[];
  dropped: DraftProblem[];
}

/** What a draft falls back to where the writer gave nothing valid. */
export interface DraftFallback {
  name: string;
  auth_type: AuthType;
}

const MAX_SCOPES = 30;
const SCOPE = /^[\x21-\x7e]{1,100}$/; // printable ASCII, no spaces: repo, read:org, chat:write
const MAX_REPORTED = 20;

/** The same check POST /api/admin/tools runs on its body (whitelist, unknown fields refused). */
async function problemsOf(fields: Record<string, unknown>): Promise<DraftProblem[]> {
  const errors = await validate(plainToInstance(ToolDraftDto, fields), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  // One problem per field, its first message: the field is dropped whatever else is wrong with it.
  const shape = errors.map((e) => ({
    field: e.property,
    message: (Object.values(e.constraints ?? {})[0] ?? 'is not valid').replace(
      /^property \S+ should not exist$/,
      'is not a field a draft may set',
    ),
  }));
  // Then the domain's own rules, which the add-tool command applies after the DTO (a name of spaces).
  const domain = Object.keys(fields).flatMap((field) => {
    if (shape.some((p) => p.field === field)) return [];
    try {
      normaliseChanges(fieldsOf({ [field]: fields[field] }));
      return [];
    } catch (error) {
      return [
        { field, message: error instanceof Error ? error.message.replace(/^\S+: /, '') : 'is not valid' },
      ];
    }
  });
  return [...shape, ...domain];
}

/**
 * Whatever the writer (a model that read an untrusted page) proposed, the draft holds only
 * fields that pass AddToolDto's validation: each invalid one is dropped and reported, unknown
 * ones (a credential, say) are dropped, and the required name and auth type fall back to what
 * the admin or the page said. Nothing here is saved; the admin saves through POST /api/admin/tools.
 */
export async function toolDraft(proposed: unknown, fallback: DraftFallback): Promise<ToolDraft> {
  const source =
    typeof proposed === 'object' && proposed !== null && !Array.isArray(proposed) ? proposed : {};
  const dropped: DraftProblem[] = [];
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'scopes' || value === null || value === undefined) continue;
    if ((DRAFT_FIELDS as readonly string[]).includes(key)) fields[key] = value;
    else dropped.push({ field: key.slice(0, 64), message: 'is not a field a draft may set' });
  }
  for (const problem of await problemsOf(fields)) {
    delete fields[problem.field];
    dropped.push(problem);
  }
  fields.name ??= fallback.name.trim().slice(0, LIMITS.name) || 'New tool';
  fields.auth_type ??= fallback.auth_type;
  const left = await problemsOf(fields);
  if (left.length > 0) throw new Error(`draft fallback is invalid: ${left.map((p) => p.field).join(', ')}`);
  const scopes = scopesOf((source as Record<string, unknown>).scopes, dropped);
  return {
    draft: plainToInstance(ToolDraftDto, fields),
    scopes,
    dropped: dropped.slice(0, MAX_REPORTED),
  };
}

function scopesOf(value: unknown, dropped: DraftProblem[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    dropped.push({ field: 'scopes', message: 'must be a list of scope names' });
    return [];
  }
  const scopes: string[] = [];
  value.forEach((scope: unknown, i) => {
    if (typeof scope === 'string' && SCOPE.test(scope.trim())) {
      if (!scopes.includes(scope.trim()) && scopes.length < MAX_SCOPES) scopes.push(scope.trim());
    } else {
      dropped.push({
        field: `scopes[${i}]`,
        message: 'must be a scope name: 1 to 100 printable characters, no spaces',
      });
    }
  });
  return scopes;
}
