import { DomainError } from '../../../../common/src/domain-error';
import { fieldsOf } from '../../tool-fields.dto';
import { normaliseChanges } from '../../tool.fields';
import type { CatalogEntry } from '../catalog-document';
import type { ConfigChangeDto, ConfigToolDto, PolicyDocDto } from '../config-document.dto';

export interface PlanOptions {
  /** Retire active tools the document leaves out; off by default, so a partial file is safe. */
  prune: boolean;
}

const key = (name: string) => name.trim().toLowerCase();

/** Field-for-field, so that an unchanged policy written two ways is no change. */
export function normalisePolicy(p: PolicyDocDto): PolicyDocDto {
  const auto = p.auto_approve;
  return {
    required_approvals: p.required_approvals,
    max_duration_seconds: p.max_duration_seconds ?? null,
    auto_approve: auto ? { agents: auto.agents, max_duration_seconds: auto.max_duration_seconds } : null,
  };
}

const DEFAULT_POLICY: PolicyDocDto = {
  required_approvals: 1,
  max_duration_seconds: null,
  auto_approve: null,
};

/**
 * What applying the document would change: a pure function of the document and the catalog,
 * matched by name (case-insensitive). Fields the document omits are left as they are.
 */
export function planImport(
  doc: ConfigToolDto[],
  current: CatalogEntry[],
  options: PlanOptions,
): ConfigChangeDto[] {
  const seen = new Map<string, number>();
  doc.forEach((tool, i) => {
    const k = key(tool.name);
    if (seen.has(k)) {
      const message = `names tool ${seen.get(k)} again ("${tool.name}")`;
      throw new DomainError('invalid', 'validation', `tools.${i}.name: ${message}`, {
        errors: [{ field: `tools.${i}.name`, message }],
      });
    }
    seen.set(k, i);
  });
  const byName = new Map(current.map((t) => [key(t.name), t]));
  const changes: ConfigChangeDto[] = [];
  for (const tool of doc) {
    const wanted: Record<string, unknown> = { ...normaliseChanges(fieldsOf({ ...tool })) };
    if (tool.policy) wanted.policy = normalisePolicy(tool.policy);
    const existing = byName.get(key(tool.name));
    if (!existing) {
      changes.push({ action: 'create', tool: tool.name.trim(), tool_id: null, fields: wanted });
      continue;
    }
    const have: Record<string, unknown> = {
      ...normaliseChanges(fieldsOf({ ...existing })),
      policy: normalisePolicy(existing.policy ?? DEFAULT_POLICY),
    };
    const fields = Object.fromEntries(
      Object.entries(wanted).filter(
        ([field, value]) => JSON.stringify(value) !== JSON.stringify(have[field]),
      ),
    );
    if (Object.keys(fields).length > 0) {
      changes.push({ action: 'update', tool: existing.name, tool_id: existing.id, fields });
    }
  }
  if (options.prune) {
    for (const t of current) {
      if (!seen.has(key(t.name))) changes.push({ action: 'retire', tool: t.name, tool_id: t.id, fields: {} });
    }
  }
  return changes;
}
