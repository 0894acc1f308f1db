import type { WebhookPayload } from '../outbox.projection';
import { slackMessage } from './slack-message';

const event = (type: string, data: Record<string, unknown>): WebhookPayload => ({
  id: 'e1',
  type,
  occurred_at: '2030-01-01T00:00:00.000Z',
  org_id: 'o1',
  stream_id: 'access-r1',
  data,
  metadata: {},
});

describe('Slack messages', () => {
  it('links an access request to its page in the console', () => {
    const message = slackMessage(
      event('AccessRequested', { request_id: 'r1', agent_id: 'a1', tool_id: 't1', reason: 'triage <bugs>' }),
      { agentName: 'Scout', toolName: 'GitHub' },
      'https://keys.example.com',
    );
    expect(message.text).toBe(
      ':key: *Scout* requests access to *GitHub*\n>triage &lt;bugs&gt;\n<https://keys.example.com/requests/r1|Review the request>',
    );
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: message.text } });
  });

  it('escapes names so they cannot inject links', () => {
    const message = slackMessage(
      event('AccessApproved', { request_id: 'r1' }),
      { agentName: '<http://evil|x>' },
      'http://c',
    );
    expect(message.text).toContain('&lt;http://evil|x&gt;');
  });
});
