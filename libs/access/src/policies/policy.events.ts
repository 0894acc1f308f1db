/** Who may auto-approve: listed agents or all, up to a duration. */
export interface AutoApproveRule {
  agents: 'all' | string[];
  max_duration_seconds: number;
}

export interface ToolPolicyChanged {
  tool_id: string;
  required_approvals: number;
  max_duration_seconds: number | null;
  auto_approve: AutoApproveRule | null;
}

/**
 * On the org's stream. `previous_separation_of_duties` and `reason` are absent from events
 * written before issue 13 (optional fields, no version bump: readers take them as unknown).
 */
export interface OrgPolicyChanged {
  org_id: string;
  separation_of_duties: boolean;
  previous_separation_of_duties?: boolean;
  reason?: string;
}
