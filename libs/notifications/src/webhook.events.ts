/**
 * Webhook subscriptions (`webhook-{id}`). A target URL is a credential: Slack, Discord and
 * Teams put their tokens in its path, others in its query. So the log records only its host
 * and a keyed fingerprint (libs/crypto `fingerprint`: tells two URLs apart, cannot be checked
 * against guesses without the master key); the full URL and the signing secret live encrypted
 * in webhook_endpoints (issue 13). Event version 2.
 */
export interface WebhookCreated {
  webhook_id: string;
  org_id: string;
  kind: WebhookKind;
  /** The URL's host, with its port when not the default. */
  host: string;
  url_fingerprint: string;
  events: string[];
  signed: boolean;
}

/**
 * Version 1, written before issue 13: `url` kept the path (Slack's masked after its first
 * segment). Never rewritten (the log is immutable and chained); readers take only its host.
 */
export interface WebhookCreatedV1 extends Omit<WebhookCreated, 'host' | 'url_fingerprint'> {
  url: string;
}

export const WEBHOOK_CREATED_VERSION = 2;

/** The host a WebhookCreated of either version names: all that admins and projections see. */
export function hostOf(data: WebhookCreated | WebhookCreatedV1, eventVersion: number): string {
  return eventVersion >= 2 ? (data as WebhookCreated).host : new URL((data as WebhookCreatedV1).url).host;
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
