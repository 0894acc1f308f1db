import type { AccessRequestDto } from '../../../../access/src/list-access/list-access.dto';

export const APPROVE_ACTION = 'keyledger_approve';
export const DENY_ACTION = 'keyledger_deny';
export const DENY_VIEW = 'keyledger_deny_reason';

/** What a button carries back: the request and the grant length chosen (null: as requested). */
export interface ActionValue {
  r: string;
  d: number | null;
}

export interface MessageContext {
  request: AccessRequestDto;
  /** Per-agent tools need the agent's own secret with the approval: console only. */
  perAgent: boolean;
  requiredApprovals: number;
  /** The tool policy's longest grant (null: none). */
  toolMaxSeconds: number | null;
  /** The org's limit on grants approved from Slack (null: none). */
  slackMaxSeconds: number | null;
  defaultSeconds: number;
  consoleUrl: string;
  /** Display name and linked Slack user of the members who approved or decided. */
  people: Map<string, { name: string; slackUserId: string | null }>;
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

// Slack's mrkdwn control characters: agent-supplied text must not inject links or mentions.
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const quote = (text: string) => `>${esc(text).replace(/\n/g, '\n>')}`;

export function humanDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return seconds >= 3_600 ? `${Math.round(seconds / 360) / 10} hours` : `${seconds} seconds`;
}

/** The grant an approval "as requested" would give: the ask (or the default), capped by the tool. */
export function grantSeconds(
  request: Pick<AccessRequestDto, 'requested_duration_seconds'>,
  toolMaxSeconds: number | null,
  defaultSeconds: number,
  chosen: number | null = null,
): number {
  const asked = chosen ?? request.requested_duration_seconds ?? defaultSeconds;
  return toolMaxSeconds === null ? asked : Math.min(asked, toolMaxSeconds);
}

function who(ctx: MessageContext, memberId: string | null): string {
  if (!memberId) return 'someone';
  const person = ctx.people.get(memberId);
  if (!person) return 'a former member';
  // Slack shows a linked user by name; an email (a display name's default) never leaves.
  if (person.slackUserId) return `<@${person.slackUserId}>`;
  return person.name.includes('@') ? 'a Keyledger member' : esc(person.name);
}

function approveButtons(ctx: MessageContext): Array<Record<string, unknown>> {
  const { request } = ctx;
  const full = grantSeconds(request, ctx.toolMaxSeconds, ctx.defaultSeconds);
  if (ctx.perAgent || (ctx.slackMaxSeconds !== null && full > ctx.slackMaxSeconds)) return [];
  const button = (label: string, d: number | null, primary = false) => ({
    type: 'button',
    action_id: `${APPROVE_ACTION}${d === null ? '' : `_${d}`}`,
    text: { type: 'plain_text', text: label },
    value: JSON.stringify({ r: request.id, d } satisfies ActionValue),
    ...(primary ? { style: 'primary' } : {}),
  });
  const buttons = [button(`Approve (${humanDuration(full)})`, null, true)];
  for (const shorter of [3_600, 86_400])
    if (shorter < full) buttons.push(button(`Approve ${humanDuration(shorter)}`, shorter));
  return buttons;
}

/** Why a pending request shows no Approve button, if it does not. */
function consoleOnly(ctx: MessageContext): string | null {
  if (ctx.perAgent) return 'This tool gives each agent its own secret: approve it in the console.';
  const full = grantSeconds(ctx.request, ctx.toolMaxSeconds, ctx.defaultSeconds);
  if (ctx.slackMaxSeconds !== null && full > ctx.slackMaxSeconds) {
    return `Grants longer than ${humanDuration(ctx.slackMaxSeconds)} are approved in the console only.`;
  }
  return null;
}

function outcome(ctx: MessageContext): string {
  const r = ctx.request;
  switch (r.status) {
    case 'approved':
      return `:white_check_mark: *Approved* by ${who(ctx, r.decided_by)}${r.expires_at ? ` until ${r.expires_at}` : ''}`;
    case 'denied':
      return `:no_entry: *Denied* by ${who(ctx, r.decided_by)}${r.denial_reason ? `\n${quote(r.denial_reason)}` : ''}`;
    case 'revoked':
      return `:lock: *Approved, since revoked*`;
    case 'expired':
      return r.decided_at || r.approvals.length >= ctx.requiredApprovals
        ? ':hourglass: *Granted, since expired*'
        : ':hourglass: *Expired* without a decision';
    default:
      return '';
  }
}

/** The request as it is now: buttons while pending, the outcome and who decided once it is not. */
export function requestMessage(ctx: MessageContext): SlackMessage {
  const r = ctx.request;
  const link = `${ctx.consoleUrl}/requests/${encodeURIComponent(r.id)}`;
  const asked = r.requested_duration_seconds
    ? humanDuration(r.requested_duration_seconds)
    : 'the default length';
  const head = `:key: *${esc(r.agent_name)}* requests access to *${esc(r.tool_name)}* for ${asked}`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${quote(r.reason)}` } },
  ];
  const text = `${r.agent_name} requests access to ${r.tool_name}: ${r.status}`;
  if (r.status === 'pending') {
    if (r.approvals.length > 0) {
      const names = r.approvals.map((a) => who(ctx, a.member_id)).join(', ');
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:ballot_box_with_check: Approved by ${names} (${r.approvals.length} of ${ctx.requiredApprovals}): needs another approver`,
        },
      });
    }
    const why = consoleOnly(ctx);
    if (why) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: why }] });
    blocks.push({
      type: 'actions',
      block_id: `keyledger_${r.id}`.slice(0, 255),
      elements: [
        ...approveButtons(ctx),
        {
          type: 'button',
          action_id: DENY_ACTION,
          text: { type: 'plain_text', text: 'Deny' },
          style: 'danger',
          value: JSON.stringify({ r: r.id, d: null } satisfies ActionValue),
        },
        {
          type: 'button',
          action_id: 'keyledger_open',
          text: { type: 'plain_text', text: 'Open in console' },
          url: link,
        },
      ],
    });
  } else {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: outcome(ctx) } });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${link}|Open in Keyledger>` }] });
  }
  return { text, blocks };
}

/** The modal that asks for a deny reason; the request id rides in private_metadata. */
export function denyModal(request: Pick<AccessRequestDto, 'id' | 'agent_name' | 'tool_name'>) {
  return {
    type: 'modal',
    callback_id: DENY_VIEW,
    private_metadata: JSON.stringify({ r: request.id }),
    title: { type: 'plain_text', text: 'Deny the request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${esc(request.agent_name)}* asked for *${esc(request.tool_name)}*.` },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Reason (the agent reads it)' },
        element: {
          type: 'plain_text_input',
          action_id: 'reason',
          multiline: true,
          min_length: 3,
          max_length: 500,
        },
      },
    ],
  };
}
