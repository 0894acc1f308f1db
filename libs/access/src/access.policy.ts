import type { Sql } from '../../database/src/database';

/** A tool's approval policy (DESIGN.md; issue 5 lets admins change it per tool). */
export interface ApprovalPolicy {
  requiredApprovals: number;
  maxDurationSeconds: number | null;
}

export const DEFAULT_GRANT_SECONDS = 30 * 86_400;
export const MAX_REQUEST_SECONDS = 365 * 86_400;

export async function approvalPolicy(_sql: Sql, _toolId: string): Promise<ApprovalPolicy> {
  return Promise.resolve({ requiredApprovals: 1, maxDurationSeconds: null });
}
