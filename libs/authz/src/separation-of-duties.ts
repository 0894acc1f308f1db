/**
 * Separation of duties (docs/adr/0006): while the org's rule is on, whoever registered an agent
 * may not approve its requests. One rule for the API, which refuses the approval
 * (DecideRequestHandler), and the console, which disables Approve and says why before the click.
 */
export interface SeparationOfDutiesCase {
  /** The org's `separation_of_duties` (GET /api/admin/policy). */
  ruleOn: boolean;
  /** The member who registered the request's agent (`agent_registered_by`). */
  agentRegisteredBy: string | null | undefined;
  /** The member who would approve. */
  memberId: string;
}

export const SEPARATION_OF_DUTIES_REASON =
  'You registered this agent, so another approver must approve its requests (an owner may turn the rule off).';

export function separationOfDutiesForbids(c: SeparationOfDutiesCase): boolean {
  return c.ruleOn && !!c.agentRegisteredBy && c.agentRegisteredBy === c.memberId;
}
