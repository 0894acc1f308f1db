import { randomUUID } from 'node:crypto';
import type { Role } from '../support/members';
import type { Fixtures } from './fixtures';

/**
 * DESIGN.md's roles table, one entry per member route, written out by hand: the role matrix
 * test drives each route with each role against this, and checks the OpenAPI document's
 * `x-required-roles` against it too. Never derive it from the code under test.
 *
 * A new admin, audit or org route fails the matrix test until it has an entry here. Entries
 * for routes that do not exist yet (config as code) are allowed: the test only warns.
 */
export interface MatrixEntry {
  /** The row of DESIGN.md's roles table (or the reason, where the table is silent). */
  row: string;
  roles: Role[];
  /** A valid body, so that a route that may be called gets past validation too. */
  body?: (f: Fixtures, role: Role) => unknown;
  query?: (f: Fixtures) => string;
  /** Path parameters that differ from fixtures.ts's defaults. */
  params?: (f: Fixtures) => Record<string, string>;
}

const EVERYONE: Role[] = ['owner', 'admin', 'approver', 'auditor', 'viewer'];
const MANAGERS: Role[] = ['owner', 'admin'];
const DECIDERS: Role[] = ['owner', 'admin', 'approver'];
const AUDITORS: Role[] = ['owner', 'admin', 'auditor'];

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const toolBody = () => ({
  name: unique('Matrix tool'),
  url: 'https://api.example.com',
  description: 'A tool the matrix test adds',
  auth_type: 'bearer_token',
  credential_mode: 'shared',
  credential: 'matrix-secret-value-1234567890',
});

const reason = () => ({ reason: 'the role matrix test' });

export const MATRIX: Record<string, MatrixEntry> = {
  // Manage members and roles: owner; admin, not owners (record-level, see the members tests).
  listMembers: {
    row: 'read members (the table is silent: everyone, as with agents and grants)',
    roles: EVERYONE,
  },
  addMember: {
    row: 'manage members and roles',
    roles: MANAGERS,
    body: (_f, role) => ({ email: `${unique(role)}@example.com`, role: 'viewer' }),
  },
  updateMember: {
    row: 'manage members and roles',
    roles: MANAGERS,
    body: (_f, role) => ({ display_name: `Renamed by ${role}` }),
  },
  removeMember: {
    row: 'manage members and roles',
    roles: MANAGERS,
    params: (f) => ({ memberId: f.spareMemberId }),
  },
  createOrg: {
    row: 'create an org: owners, by default (KEYLEDGER_ORG_CREATION, issue 13)',
    roles: ['owner'],
    body: (_f, role) => ({ name: unique(`Org of ${role}`) }),
  },
  setOrgPolicy: {
    row: 'change separation of duties: owners only, since it binds admins (issue 13)',
    roles: ['owner'],
    body: () => ({ separation_of_duties: true, reason: 'the role matrix test' }),
  },
  getOrgPolicy: { row: 'read catalog (approval rules)', roles: EVERYONE },

  // Add, update, retire tools; set secrets.
  listCatalogTools: { row: 'read catalog', roles: EVERYONE },
  getCatalogTool: { row: 'read catalog', roles: EVERYONE },
  createTool: { row: 'add, update, retire tools', roles: MANAGERS, body: toolBody },
  draftSetupGuide: {
    row: 'add, update, retire tools (a setup guide drafts a tool; issue 15)',
    roles: MANAGERS,
    // Refused by the outbound guard (loopback) once past authorization: nothing leaves the test.
    body: () => ({ docs_url: 'http://127.0.0.1:9/docs' }),
  },
  updateTool: { row: 'add, update, retire tools', roles: MANAGERS, body: () => ({ description: 'Updated' }) },
  retireTool: { row: 'add, update, retire tools', roles: MANAGERS, params: (f) => ({ id: f.spareToolId }) },
  setToolSecret: {
    row: 'set secrets',
    roles: MANAGERS,
    body: () => ({ credential: 'rotated-secret-value-1234567890' }),
  },
  restoreInstructions: { row: 'add, update, retire tools', roles: MANAGERS, body: () => ({ version: 1 }) },
  getToolPolicy: { row: 'read catalog', roles: EVERYONE },
  setToolPolicy: {
    row: 'add, update, retire tools',
    roles: MANAGERS,
    body: () => ({ required_approvals: 1 }),
  },

  // Register agents, issue and revoke keys; suspend and reactivate agents.
  listAgents: { row: 'read agents', roles: EVERYONE },
  getAgent: { row: 'read agents', roles: EVERYONE },
  getAgentOnboarding: { row: 'read agents', roles: EVERYONE },
  registerAgent: { row: 'register agents', roles: MANAGERS, body: () => ({ name: unique('Matrix-Agent') }) },
  updateAgent: { row: 'register agents', roles: MANAGERS, body: () => ({ description: 'Updated' }) },
  issueAgentKey: { row: 'issue and revoke keys', roles: MANAGERS },
  revokeAgentKey: { row: 'issue and revoke keys', roles: MANAGERS },
  suspendAgent: { row: 'suspend and reactivate agents', roles: DECIDERS, body: reason },
  reactivateAgent: { row: 'suspend and reactivate agents', roles: DECIDERS, body: reason },

  // Approve and deny requests; revoke grants.
  listRequests: { row: 'read requests', roles: EVERYONE },
  listGrants: { row: 'read grants', roles: EVERYONE },
  approveRequest: { row: 'approve and deny requests', roles: DECIDERS, body: () => ({}) },
  denyRequest: { row: 'approve and deny requests', roles: DECIDERS, body: reason },
  revokeGrant: { row: 'revoke grants', roles: DECIDERS, body: reason },

  // Accept and dismiss suggestions (tools, and agents' corrections to instructions).
  listSuggestions: { row: 'read catalog', roles: EVERYONE },
  acceptSuggestion: { row: 'accept and dismiss suggestions', roles: MANAGERS, body: toolBody },
  dismissSuggestion: { row: 'accept and dismiss suggestions', roles: MANAGERS, body: reason },
  listInstructionSuggestions: { row: 'read catalog', roles: EVERYONE },
  acceptInstructionSuggestion: { row: 'accept and dismiss suggestions', roles: MANAGERS, body: () => ({}) },
  dismissInstructionSuggestion: { row: 'accept and dismiss suggestions', roles: MANAGERS, body: reason },

  // Read, export and verify the audit log.
  listAuditEvents: { row: 'read the audit log', roles: AUDITORS, query: (f) => `?stream_id=${f.streamId}` },
  getAuditStream: { row: 'read the audit log', roles: AUDITORS },
  getAuditActivity: { row: 'read the audit log', roles: AUDITORS },
  exportAuditEvents: {
    row: 'export the audit log',
    roles: AUDITORS,
    query: (f) => `?format=ndjson&stream_id=${f.streamId}`,
  },
  verifyAuditLog: { row: 'verify the audit log', roles: AUDITORS },
  getLatestCheckpoint: { row: 'verify the audit log', roles: AUDITORS },
  signCheckpoint: { row: 'verify the audit log', roles: AUDITORS },
  startAuditVerification: { row: 'verify the audit log', roles: AUDITORS, body: () => ({}) },
  getAuditVerification: { row: 'verify the audit log', roles: AUDITORS },
  getAccessAt: { row: 'read the audit log', roles: AUDITORS, query: () => `?at=${new Date().toISOString()}` },

  // Org settings: webhooks and the catalog as code (the table is silent: managers, like tools).
  listWebhooks: { row: 'org settings (webhooks)', roles: MANAGERS },
  createWebhook: {
    row: 'org settings (webhooks)',
    roles: MANAGERS,
    body: () => ({ url: 'https://hooks.example.com/keyledger', events: ['AccessRequested'] }),
  },
  deleteWebhook: { row: 'org settings (webhooks)', roles: MANAGERS },
  listWebhookDeliveries: { row: 'org settings (webhooks)', roles: MANAGERS },
  // Approvals in Slack (issue 20): the org's app is an org setting, like webhooks; every member
  // may link their own Slack user (whether a click may decide is checked per click).
  getSlackSettings: { row: 'org settings (Slack app)', roles: MANAGERS },
  listSlackLinks: { row: 'org settings (Slack app)', roles: MANAGERS },
  configureSlack: {
    row: 'org settings (Slack app)',
    roles: MANAGERS,
    body: () => ({
      bot_token: 'xoxb-matrix-0000',
      signing_secret: '0123456789abcdef0123',
      channel: 'C0MATRIX',
    }),
  },
  removeSlack: { row: 'org settings (Slack app)', roles: MANAGERS },
  getMySlackLink: { row: 'a member’s own Slack link', roles: EVERYONE },
  createSlackLinkCode: { row: 'a member’s own Slack link', roles: EVERYONE },
  unlinkMySlack: { row: 'a member’s own Slack link', roles: EVERYONE },
  getMemberSlackLink: { row: 'read members', roles: EVERYONE },
  unlinkMemberSlack: { row: 'change members', roles: MANAGERS },
  exportConfig: { row: 'org settings (catalog as code)', roles: MANAGERS },
  importConfig: { row: 'org settings (catalog as code)', roles: MANAGERS },
};
