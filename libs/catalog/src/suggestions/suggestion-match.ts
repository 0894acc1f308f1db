import type { Sql } from '../../../database/src/database';
import { identityOf, type ToolIdentity, sameTool } from './tool-identity';

/**
 * An active catalog tool that is the same tool. Names and URLs are normalised in code, not
 * SQL, so the scan reads every active tool of the org: fine for suggestions (rate-limited)
 * and catalogs of thousands.
 */
export async function catalogMatch(sql: Sql, orgId: string, identity: ToolIdentity): Promise<string | null> {
  const tools = await sql.query<{ id: string; name: string; url: string | null }>(
    `SELECT id, name, url FROM tools WHERE org_id = $1 AND status = 'active' ORDER BY created_at, id`,
    [orgId],
  );
  const same = tools.filter((t) => sameTool(identity, identityOf(t)));
  const byDomain = same.find((t) => identity.domain !== null && identityOf(t).domain === identity.domain);
  return (byDomain ?? same[0])?.id ?? null;
}

/** The open suggestion of the same tool: by domain first, else by name. */
export async function openSuggestionMatch(
  sql: Sql,
  orgId: string,
  identity: ToolIdentity,
): Promise<string | null> {
  const rows = await sql.query<{ id: string; by_domain: boolean }>(
    `SELECT id, domain IS NOT DISTINCT FROM $2 AS by_domain FROM tool_suggestions
     WHERE org_id = $1 AND status = 'open' AND (domain = $2 OR name_key = $3)
     ORDER BY by_domain DESC, created_at, id LIMIT 1`,
    [orgId, identity.domain, identity.name],
  );
  return rows[0]?.id ?? null;
}

/** Seconds left of a dismissal cooldown on any of these keys; 0 when none applies. */
export async function cooldownLeft(sql: Sql, orgId: string, keys: string[], now: Date): Promise<number> {
  const [row] = await sql.query<{ until: Date | null }>(
    `SELECT max(until) AS until FROM suggestion_cooldowns WHERE org_id = $1 AND key = ANY($2) AND until > $3`,
    [orgId, keys, now],
  );
  return row?.until ? Math.ceil((row.until.getTime() - now.getTime()) / 1000) : 0;
}

/** Every open suggestion of the same tool (adding the tool accepts them all). */
export async function openSuggestionsFor(sql: Sql, orgId: string, identity: ToolIdentity): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM tool_suggestions WHERE org_id = $1 AND status = 'open' AND (domain = $2 OR name_key = $3)
     ORDER BY id`,
    [orgId, identity.domain, identity.name],
  );
  return rows.map((r) => r.id);
}
