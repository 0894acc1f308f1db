import type { WebhookPayload } from '../outbox.projection';

export interface SlackNames {
  agentName?: string;
  toolName?: string;
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

// Slack's mrkdwn treats these as control characters; user text must not inject links.
const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const esc = (text: unknown) => str(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const quote = (text: unknown) => (text ? `\n>${esc(text).replace(/\n/g, '\n>')}` : '');

/** One line a human acts on, and a link to where they act (the request in the console). */
export function slackMessage(event: WebhookPayload, names: SlackNames, consoleUrl: string): SlackMessage {
  const d = event.data;
  const agent = `*${esc(names.agentName ?? d.agent_id ?? 'An agent')}*`;
  const tool = `*${esc(names.toolName ?? d.name ?? d.tool_id ?? 'a tool')}*`;
  const requestId = d.request_id ?? d.grant_id;
  const requestLink = requestId ? `${consoleUrl}/requests/${encodeURIComponent(str(requestId))}` : null;
  let line: string;
  let link: string | null = requestLink;
  let action = 'Open in Keyledger';
  switch (event.type) {
    case 'AccessRequested':
      line = `:key: ${agent} requests access to ${tool}${quote(d.reason)}`;
      action = 'Review the request';
      break;
    case 'AccessApproved':
      line = `:white_check_mark: ${agent} was granted ${tool}`;
      break;
    case 'AccessDenied':
      line = `:no_entry: ${agent} was denied ${tool}${quote(d.reason)}`;
      break;
    case 'GrantRevoked':
      line = `:lock: ${agent} lost access to ${tool}${quote(d.reason)}`;
      break;
    case 'CredentialDenied':
      line = `:warning: ${agent} was refused the ${tool} credential (${esc(d.reason)})`;
      break;
    case 'ToolSuggested':
    case 'SuggestionBacked':
      line = `:bulb: ${agent} suggests adding ${tool}${quote(d.reason)}`;
      link = `${consoleUrl}/suggestions`;
      action = 'See suggestions';
      break;
    default:
      line = `${esc(event.type)} (${esc(event.stream_id)})`;
  }
  const text = link ? `${line}\n<${link}|${action}>` : line;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${esc(event.type)} · ${event.occurred_at}` }] },
    ],
  };
}
