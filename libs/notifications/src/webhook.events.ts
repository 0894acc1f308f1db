/**
 * Webhook subscriptions (`webhook-{id}`). The URL recorded here is the display form (no query,
 * Slack tokens masked): the full URL and the signing secret are credentials, so they live
 * encrypted in webhook_endpoints and never enter the log.
 */
export interface WebhookCreated {
  webhook_id: string;
  org_id: string;
  kind: WebhookKind;
  url: string;
  events: string[];
  signed: boolean;
}

export interface WebhookDeleted {
  webhook_id: string;
}

export const WEBHOOK_KINDS = ['webhook', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** The event types a subscription may choose. */
export const NOTIFIABLE_EVENT_TYPES = [
  'AccessRequested',
  'AccessApproved',
  'AccessDenied',
  'GrantRevoked',
  'GrantExpired',
  'AccessRequestExpired',
  'CredentialVended',
  'CredentialDenied',
  'AgentRegistered',
  'AgentSuspended',
  'AgentReactivated',
  'AgentKeyIssued',
  'AgentKeyRevoked',
  'ToolAdded',
  'ToolUpdated',
  'ToolSecretRotated',
  'ToolRetired',
  'ToolSuggested',
  'SuggestionBacked',
  'SuggestionAccepted',
  'SuggestionDismissed',
  'InstructionsSuggested',
  'InstructionSuggestionBacked',
  'MemberAdded',
  'MemberRoleChanged',
  'MemberRemoved',
  'MemberLoginFailed',
] as const;

export const webhookStream = (id: string) => `webhook-${id}`;

/** What admins and the log see of a target URL. */
export function displayUrl(raw: string, kind: WebhookKind): string {
  const url = new URL(raw);
  if (kind === 'slack') {
    const first = url.pathname.split('/').filter(Boolean)[0];
    return `${url.origin}/${first ? `${first}/` : ''}…`;
  }
  return `${url.origin}${url.pathname}`;
}
