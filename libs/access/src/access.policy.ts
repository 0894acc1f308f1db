import type { Sql } from '../../database/src/database';
import type { AutoApproveRule } from './policies/policy.events';

/** A tool's approval policy (DESIGN.md, issue 5); defaults when none was set. */
export interface ApprovalPolicy {
  requiredApprovals: number;
  maxDurationSeconds: number | null;
  autoApprove: AutoApproveRule | null;
}

export const DEFAULT_GRANT_SECONDS = 30 * 86_400;
export const MAX_REQUEST_SECONDS = 365 * 86_400;

export async function approvalPolicy(sql: Sql, toolId: string): Promise<ApprovalPolicy> {
  const [row] = await sql.query<{
    required_approvals: number;
    max_duration_seconds: number | null;
    auto_approve: AutoApproveRule | null;
  }>('SELECT required_approvals, max_duration_seconds, auto_approve FROM tool_policies WHERE tool_id = $1', [
    toolId,
  ]);
  return {
    requiredApprovals: row?.required_approvals ?? 1,
    maxDurationSeconds: row?.max_duration_seconds ?? null,
    autoApprove: row?.auto_approve ?? null,
  };
}

/** Separation of duties is on unless the org turned it off. */
export async function separationOfDuties(sql: Sql, orgId: string): Promise<boolean> {
  const [row] = await sql.query<{ separation_of_duties: boolean }>(
    'SELECT separation_of_duties FROM org_policies WHERE org_id = $1',
    [orgId],
  );
  return row?.separation_of_duties ?? true;
}
