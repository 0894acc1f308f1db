import type { Sql } from '../../../database/src/database';
import type { ToolRow } from '../tool.read';
import { TOOL_COLUMNS } from '../tool.read';
import type { ConfigDocumentDto, ConfigToolDto, PolicyDocDto } from './config-document.dto';

export interface CatalogEntry extends ConfigToolDto {
  id: string;
}

/**
 * The org's active tools as a document (and the ids the importer needs). Policies come from
 * the access context's `tool_policies` read model, read only if that table exists: the
 * catalog does not depend on approval policies being installed.
 */
export async function currentCatalog(sql: Sql, orgId: string): Promise<CatalogEntry[]> {
  const tools = await sql.query<ToolRow>(
    `SELECT ${TOOL_COLUMNS} FROM tools WHERE org_id = $1 AND status = 'active' ORDER BY name, id`,
    [orgId],
  );
  const policies = await readPolicies(sql, orgId);
  return tools.map((t) => {
    const entry: CatalogEntry = {
      id: t.id,
      name: t.name,
      url: t.url,
      description: t.description,
      auth_type: t.auth_type,
      credential_mode: t.credential_mode,
      instructions: t.instructions,
      credential_expires_at: t.credential_expires_at?.toISOString() ?? null,
    };
    const policy = policies.get(t.id);
    if (policy) entry.policy = policy;
    return entry;
  });
}

export function toDocument(entries: CatalogEntry[]): ConfigDocumentDto {
  return { version: 1, tools: entries.map(({ id: _id, ...tool }) => tool) };
}

async function readPolicies(sql: Sql, orgId: string): Promise<Map<string, PolicyDocDto>> {
  const [{ present }] = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('tool_policies') IS NOT NULL AS present`,
  );
  if (!present) return new Map();
  const rows = await sql.query<{
    tool_id: string;
    required_approvals: number;
    max_duration_seconds: number | null;
    auto_approve: PolicyDocDto['auto_approve'];
  }>(
    'SELECT tool_id, required_approvals, max_duration_seconds, auto_approve FROM tool_policies WHERE org_id = $1',
    [orgId],
  );
  return new Map(
    rows.map((r) => [
      r.tool_id,
      {
        required_approvals: r.required_approvals,
        max_duration_seconds: r.max_duration_seconds,
        auto_approve: r.auto_approve ?? null,
      },
    ]),
  );
}
