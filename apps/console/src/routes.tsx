import type { ReactNode } from 'react';
import type { Role } from './api/types';
import { AgentPage } from './pages/agents/agent-page';
import { AgentsPage } from './pages/agents/agents-page';
import { AuditPage } from './pages/audit/audit-page';
import { GrantsPage } from './pages/grants/grants-page';
import { MembersPage } from './pages/members/members-page';
import { OverviewPage } from './pages/overview/overview-page';
import { RequestsPage } from './pages/requests/requests-page';
import { SlackPage } from './pages/slack/slack-page';
import { SuggestionsPage } from './pages/suggestions/suggestions-page';
import { NewToolPage } from './pages/tools/new-tool-page';
import { ToolPage } from './pages/tools/tool-page';
import { ToolsPage } from './pages/tools/tools-page';
import { WebhooksPage } from './pages/webhooks/webhooks-page';
import type { AppAbility } from './session/ability';

export interface RouteDef {
  pattern: string;
  render: (params: Record<string, string>) => ReactNode;
  /** Shown in the navigation under this label. */
  nav?: string;
  /** Who may open it; the same abilities the API checks. */
  allowed?: (ability: AppAbility) => boolean;
}

const auditor = (a: AppAbility) => a.can('read', 'AuditLog');
const manager = (a: AppAbility) => a.can('create', 'Member');

export const ROUTES: RouteDef[] = [
  { pattern: '/overview', nav: 'Overview', render: () => <OverviewPage /> },
  { pattern: '/requests', nav: 'Requests', render: () => <RequestsPage /> },
  { pattern: '/agents', nav: 'Agents', render: () => <AgentsPage /> },
  { pattern: '/agents/:id', render: (p) => <AgentPage id={p.id} /> },
  { pattern: '/tools', nav: 'Tools', render: () => <ToolsPage /> },
  { pattern: '/tools/new', render: () => <NewToolPage />, allowed: (a) => a.can('create', 'Tool') },
  { pattern: '/tools/:id', render: (p) => <ToolPage id={p.id} /> },
  { pattern: '/grants', nav: 'Grants', render: () => <GrantsPage /> },
  { pattern: '/suggestions', nav: 'Suggestions', render: () => <SuggestionsPage /> },
  { pattern: '/audit', nav: 'Audit', render: () => <AuditPage />, allowed: auditor },
  { pattern: '/members', nav: 'Members', render: () => <MembersPage />, allowed: manager },
  {
    pattern: '/webhooks',
    nav: 'Webhooks',
    render: () => <WebhooksPage />,
    allowed: (a) => a.can('read', 'Webhook'),
  },
  // Every member links their own Slack account here; owners and admins also set up the app.
  { pattern: '/slack', nav: 'Slack', render: () => <SlackPage /> },
];

/** Where `/` leads: approvers to the queue, auditors to the audit explorer, others to the overview. */
export function homeFor(role: Role): string {
  if (role === 'approver') return '/requests';
  if (role === 'auditor') return '/audit';
  return '/overview';
}
