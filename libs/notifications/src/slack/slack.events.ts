/**
 * Approvals in Slack (issue 20). The app's settings are facts on the org's `slack-{orgId}`
 * stream; which secrets changed is recorded, never their values (they live encrypted in
 * slack_app_secrets). A member's link to a Slack user is a fact on the member's stream.
 */
export interface SlackAppConfigured {
  org_id: string;
  channel: string;
  /** An app-level token is set: the service connects over Socket Mode. */
  socket_mode: boolean;
  /** Slack may not approve grants longer than this (it cannot ask for a second factor); null: no limit. */
  max_grant_seconds: number | null;
  /** Which of `bot_token`, `signing_secret`, `app_token` this change set or replaced. */
  secrets_changed: string[];
}

export interface SlackAppRemoved {
  org_id: string;
}

export interface SlackUserLinked {
  member_id: string;
  org_id: string;
  slack_team_id: string;
  slack_user_id: string;
}

export interface SlackUserUnlinked {
  member_id: string;
  org_id: string;
  slack_user_id: string;
  /** `self` (the member), `admin` (an owner or admin), `relinked` (another Slack user took its place). */
  reason: 'self' | 'admin' | 'relinked';
}

export const slackAppStream = (orgId: string) => `slack-${orgId}`;

/** The access events that change what a request's Slack message shows. */
export const SLACK_MESSAGE_EVENTS = [
  'AccessRequested',
  'AccessApprovalRecorded',
  'AccessApproved',
  'AccessDenied',
  'AccessRequestExpired',
  'GrantRevoked',
  'GrantExpired',
] as const;
