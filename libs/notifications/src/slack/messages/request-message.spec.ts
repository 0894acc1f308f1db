import type { AccessRequestDto } from '../../../../access/src/list-access/list-access.dto';
import { grantSeconds, humanDuration, type MessageContext, requestMessage } from './request-message';

const request = (over: Partial<AccessRequestDto> = {}): AccessRequestDto => ({
  id: 'r1',
  agent_id: 'a1',
  agent_name: 'Deploy-Bot',
  agent_registered_by: 'm0',
  tool_id: 't1',
  tool_name: 'GitHub',
  status: 'pending',
  reason: 'ship it <@U_ALL> <https://evil.example|click>',
  requested_duration_seconds: 7 * 86_400,
  requested_at: '2026-12-02T10:00:00.000Z',
  approvals: [],
  decided_at: null,
  decided_by: null,
  decision_note: null,
  denial_reason: null,
  expires_at: null,
  ...over,
});

const ctx = (over: Partial<MessageContext> = {}): MessageContext => ({
  request: request(),
  perAgent: false,
  requiredApprovals: 1,
  toolMaxSeconds: null,
  slackMaxSeconds: null,
  defaultSeconds: 30 * 86_400,
  consoleUrl: 'https://keys.example.com',
  people: new Map([['m1', { name: 'Ada', slackUserId: 'U_ADA' }]]),
  ...over,
});

const actionIds = (c: MessageContext) =>
  JSON.stringify(requestMessage(c).blocks).match(/keyledger_[a-z_0-9]+/g) ?? [];

describe('the request message', () => {
  it('offers Approve as requested, shorter approvals, Deny and the console while pending', () => {
    expect(actionIds(ctx())).toEqual([
      'keyledger_r1',
      'keyledger_approve',
      'keyledger_approve_3600',
      'keyledger_approve_86400',
      'keyledger_deny',
      'keyledger_open',
    ]);
    expect(JSON.stringify(requestMessage(ctx()).blocks)).toContain('Approve (7 days)');
  });

  it('escapes what the agent wrote, so it cannot mention or link', () => {
    const text = JSON.stringify(requestMessage(ctx()).blocks);
    expect(text).not.toContain('<@U_ALL>');
    expect(text).toContain('&lt;@U_ALL&gt;');
    expect(text).not.toContain('<https://evil.example');
  });

  it('shows no Approve above the Slack limit or for per-agent tools, and says why', () => {
    const limited = ctx({ slackMaxSeconds: 86_400 });
    expect(actionIds(limited)).toEqual(['keyledger_r1', 'keyledger_deny', 'keyledger_open']);
    expect(JSON.stringify(requestMessage(limited).blocks)).toContain('console only');
    expect(actionIds(ctx({ perAgent: true }))).not.toContain('keyledger_approve');
    // The tool's own cap counts: capped to a day, the request fits a one-day Slack limit.
    expect(actionIds(ctx({ slackMaxSeconds: 86_400, toolMaxSeconds: 86_400 }))).toContain(
      'keyledger_approve',
    );
  });

  it('shows partial approvals and keeps the buttons until the threshold is met', () => {
    const c = ctx({
      requiredApprovals: 2,
      request: request({ approvals: [{ member_id: 'm1', note: null, at: '2026-12-02T10:01:00.000Z' }] }),
    });
    const text = JSON.stringify(requestMessage(c).blocks);
    expect(text).toContain('(1 of 2)');
    expect(text).toContain('<@U_ADA>');
    expect(text).not.toContain('Ada');
    expect(actionIds(c)).toContain('keyledger_approve');
  });

  it('replaces the buttons with the outcome and who decided', () => {
    const denied = requestMessage(
      ctx({ request: request({ status: 'denied', decided_by: 'm1', denial_reason: 'no' }) }),
    );
    const text = JSON.stringify(denied.blocks);
    expect(text).toContain('Denied');
    expect(text).toContain('<@U_ADA>');
    expect(text).not.toContain('keyledger_approve');
    expect(JSON.stringify(requestMessage(ctx({ request: request({ status: 'expired' }) })).blocks)).toContain(
      'Expired',
    );
  });

  it('never sends an email address as a name', () => {
    const c = ctx({
      request: request({ status: 'approved', decided_by: 'm2' }),
      people: new Map([['m2', { name: 'ops@example.com', slackUserId: null }]]),
    });
    const text = JSON.stringify(requestMessage(c).blocks);
    expect(text).not.toContain('ops@example.com');
    expect(text).toContain('a Keyledger member');
  });

  it('names durations and computes the grant as the decider will', () => {
    expect(humanDuration(3600)).toBe('1 hour');
    expect(humanDuration(2 * 86_400)).toBe('2 days');
    expect(humanDuration(90)).toBe('90 seconds');
    expect(grantSeconds({ requested_duration_seconds: null }, null, 100)).toBe(100);
    expect(grantSeconds({ requested_duration_seconds: 500 }, 200, 100)).toBe(200);
    expect(grantSeconds({ requested_duration_seconds: 500 }, null, 100, 60)).toBe(60);
  });
});
