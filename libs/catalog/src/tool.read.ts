import { notFound } from '../../common/src/domain-error';
import type { Sql } from '../../database/src/database';
import type { AuthType, CredentialMode } from './catalog.events';
import { credentialStatus } from './credential-status';
import type { ToolDto } from './tool.dto';

export interface ToolRow {
  id: string;
  org_id: string;
  name: string;
  url: string | null;
  description: string;
  auth_type: AuthType;
  credential_mode: CredentialMode;
  instructions: string;
  instructions_version: number;
  credential_expires_at: Date | null;
  secret_version: number;
  status: 'active' | 'retired';
  created_at: Date;
  updated_at: Date;
}

export const TOOL_COLUMNS = `id, org_id, name, url, description, auth_type, credential_mode, instructions,
  instructions_version, credential_expires_at, secret_version, status, created_at, updated_at`;

/** A tool of the caller's org; another org's tool, like an unknown id, is 404. */
export async function findTool(sql: Sql, orgId: string, id: string): Promise<ToolRow> {
  const [row] = await sql.query<ToolRow>(`SELECT ${TOOL_COLUMNS} FROM tools WHERE id = $1 AND org_id = $2`, [
    id,
    orgId,
  ]);
  if (!row) throw notFound('tool', id);
  return row;
}

/** The admin view of a tool. There is deliberately no path from here to a secret value. */
export function toToolDto(row: ToolRow, now = new Date()): ToolDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    description: row.description,
    auth_type: row.auth_type,
    credential_mode: row.credential_mode,
    instructions: row.instructions,
    instructions_version: row.instructions_version,
    credential_expires_at: row.credential_expires_at?.toISOString() ?? null,
    credential_status: credentialStatus(row, now),
    secret_version: row.secret_version,
    has_secret: row.secret_version > 0,
    status: row.status,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
