import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { WebClient } from '@slack/web-api';
import { DEFAULT_GRANT_SECONDS, approvalPolicy } from '../../../../access/src/access.policy';
import {
  DecideRequestCommand,
  type Decision,
} from '../../../../access/src/decide-request/decide-request.command';
import { findJoined, requestView } from '../../../../access/src/list-access/list-access.read';
import { defineAbilityFor } from '../../../../authz/src/ability.factory';
import { record } from '../../../../authz/src/subjects';
import { DomainError } from '../../../../common/src/domain-error';
import type { RequestContext } from '../../../../common/src/request-context';
import { CONFIG } from '../../../../common/src/tokens';
import type { KeyledgerConfig } from '../../../../config/src/config';
import { Database } from '../../../../database/src/database';
import { type MemberRow, SELECT_PRINCIPAL, toPrincipal } from '../../../../identity/src/auth/member-lookup';
import type { MemberPrincipal } from '../../../../identity/src/auth/member-principal';
import { SlackLinks } from '../link-slack/slack-links';
import {
  type ActionValue,
  APPROVE_ACTION,
  DENY_ACTION,
  DENY_VIEW,
  denyModal,
  grantSeconds,
  humanDuration,
} from '../messages/request-message';
import { SlackApi, type SlackApp } from '../slack-api';

/** What goes back to Slack in the acknowledgement (HTTP body, or the Socket Mode ack's payload). */
export type SlackAck = Record<string, unknown> | undefined;

interface Clicker {
  teamId: string;
  userId: string;
}

const HOW_TO_LINK =
  'Your Slack account is not linked to a Keyledger member, so nothing was changed. In the Keyledger console, ' +
  'open *Slack* and choose *Get a link code*, then send `/keyledger link <code>` here.';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/**
 * Every Slack interaction, from either transport (HTTP after its signature check, Socket Mode
 * over its authenticated connection). A click decides through the same command as the console
 * (CASL role, tool scope, separation of duties, approval thresholds) as the member linked to
 * the clicking Slack user, recorded with channel "slack" and the Slack user in the metadata.
 * Whatever is refused changes nothing and is answered to the clicker alone.
 */
@Injectable()
export class SlackInteractions {
  private readonly logger = new Logger('slack');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SlackApi) private readonly slack: SlackApi,
    @Inject(SlackLinks) private readonly links: SlackLinks,
    @Inject(CONFIG) private readonly config: Pick<KeyledgerConfig, 'orgCreation'>,
  ) {}

  async interactive(orgId: string, payload: Record<string, unknown>): Promise<SlackAck> {
    const app = await this.slack.app(orgId);
    if (!app) return undefined;
    const user = obj(payload.user);
    const clicker: Clicker = { teamId: str(obj(payload.team).id) || str(user.team_id), userId: str(user.id) };
    if (payload.type === 'block_actions') {
      const action = obj((payload.actions as unknown[] | undefined)?.[0]);
      const actionId = str(action.action_id);
      const channel = str(obj(payload.channel).id);
      let value: ActionValue;
      try {
        value = JSON.parse(str(action.value)) as ActionValue;
      } catch {
        return undefined; // the "Open in console" link button, or nothing of ours
      }
      if (typeof value?.r !== 'string') return undefined;
      const say = (text: string) => this.ephemeral(app, channel, clicker.userId, text);
      if (actionId.startsWith(APPROVE_ACTION)) {
        const d = typeof value.d === 'number' ? value.d : null;
        await say(await this.approve(app, clicker, value.r, d));
      } else if (actionId === DENY_ACTION) {
        const refusal = await this.openDeny(app, clicker, value.r, str(payload.trigger_id));
        if (refusal) await say(refusal);
      }
      return undefined;
    }
    if (payload.type === 'view_submission' && str(obj(payload.view).callback_id) === DENY_VIEW) {
      const view = obj(payload.view);
      const requestId = str(obj(JSON.parse(str(view.private_metadata) || '{}')).r);
      const reason = str(obj(obj(obj(obj(view.state).values).reason).reason).value).trim();
      if (reason.length < 3 || reason.length > 500) {
        return { response_action: 'errors', errors: { reason: 'Say why, in 3 to 500 characters.' } };
      }
      const answer = await this.decide(app, clicker, requestId, { kind: 'deny', reason });
      if (answer.ok) return { response_action: 'clear' };
      return { response_action: 'errors', errors: { reason: answer.text } };
    }
    return undefined;
  }

  /** `/keyledger link <code>`; anything else answers the usage. Always ephemeral. */
  async command(orgId: string, body: Record<string, unknown>): Promise<SlackAck> {
    const app = await this.slack.app(orgId);
    if (!app) return undefined;
    const [verb, code] = str(body.text).trim().split(/\s+/);
    const reply = (text: string) => ({ response_type: 'ephemeral', text });
    if (verb?.toLowerCase() !== 'link' || !code) {
      return reply(
        'Usage: `/keyledger link <code>`, with the code the Keyledger console gives you under *Slack*.',
      );
    }
    const clicker = { teamId: str(body.team_id), userId: str(body.user_id) };
    const result = await this.links.redeem(orgId, clicker, code, this.baseContext(clicker));
    if (!result.ok) return reply(result.detail);
    // A display name defaults to the email, which is not sent to Slack: then the role says who.
    const as = result.memberName.includes('@') ? `your ${result.role} membership` : `*${result.memberName}*`;
    return reply(
      `Linked: your Slack account now acts as ${as} in Keyledger. ` +
        'Approve and Deny in request messages run with your role and scope.',
    );
  }

  private async approve(
    app: SlackApp,
    clicker: Clicker,
    requestId: string,
    chosen: number | null,
  ): Promise<string> {
    const request = await findJoined(this.db, app.orgId, requestId);
    if (request && app.maxGrantSeconds !== null) {
      const policy = await approvalPolicy(this.db, request.tool_id);
      const seconds = grantSeconds(
        { requested_duration_seconds: request.requested_duration_seconds },
        policy.maxDurationSeconds,
        DEFAULT_GRANT_SECONDS,
        chosen,
      );
      if (seconds > app.maxGrantSeconds) {
        return `Grants longer than ${humanDuration(app.maxGrantSeconds)} are approved in the console only: nothing was changed.`;
      }
    }
    const decision: Decision = { kind: 'approve', note: 'Approved in Slack', durationSeconds: chosen };
    return (await this.decide(app, clicker, requestId, decision)).text;
  }

  private async openDeny(
    app: SlackApp,
    clicker: Clicker,
    requestId: string,
    triggerId: string,
  ): Promise<string | null> {
    const member = await this.linkedMember(app.orgId, clicker);
    if (!member) return HOW_TO_LINK;
    const request = await findJoined(this.db, app.orgId, requestId);
    if (!request) return 'This request no longer exists: nothing was changed.';
    const ability = this.abilityOf(member);
    if (!ability.can('deny', record('AccessRequest', { tool_id: request.tool_id }))) {
      return `You may not deny requests for ${request.tool_name}: nothing was changed.`;
    }
    const view = requestView(request);
    if (view.status !== 'pending') return this.stale(view.status);
    try {
      await this.web(app).views.open({ trigger_id: triggerId, view: denyModal(view) as never });
    } catch (error) {
      this.logger.warn(`views.open failed: ${(error as Error).message}`);
      return 'Slack would not open the form: try again, or deny in the console.';
    }
    return null;
  }

  private async decide(
    app: SlackApp,
    clicker: Clicker,
    requestId: string,
    decision: Decision,
  ): Promise<{ ok: boolean; text: string }> {
    const member = await this.linkedMember(app.orgId, clicker);
    if (!member) return { ok: false, text: HOW_TO_LINK };
    const ctx: RequestContext = {
      ...this.baseContext(clicker),
      orgId: app.orgId,
      actor: { type: 'member', id: member.id, name: member.displayName },
    };
    try {
      const after = await this.commands.execute(
        new DecideRequestCommand(requestId, decision, this.abilityOf(member), ctx),
      );
      await this.refresh(requestId);
      if (decision.kind === 'deny') return { ok: true, text: `You denied ${after.agent_name}'s request.` };
      if (after.status === 'pending') {
        return { ok: true, text: 'Your approval is recorded; the request needs another approver.' };
      }
      return { ok: true, text: `You approved ${after.agent_name}'s access to ${after.tool_name}.` };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.type === 'not-pending') {
        await this.refresh(requestId);
        return {
          ok: false,
          text: `This request was already decided (${error.message}): nothing was changed.`,
        };
      }
      if (error.kind === 'not_found')
        return { ok: false, text: 'This request no longer exists: nothing was changed.' };
      if (error.type === 'validation' && decision.kind === 'approve') {
        return { ok: false, text: `${error.message}. Approve it in the console: nothing was changed.` };
      }
      return { ok: false, text: `${capitalise(error.message)}: nothing was changed.` };
    }
  }

  private stale(status: string): string {
    return `This request is already ${status}: nothing was changed.`;
  }

  /** The member linked to this Slack user, if still active: roles come from the read model, as for tokens. */
  private async linkedMember(orgId: string, clicker: Clicker): Promise<MemberPrincipal | null> {
    if (!clicker.userId || !clicker.teamId) return null;
    const [row] = await this.db.query<MemberRow>(
      `${SELECT_PRINCIPAL} WHERE status = 'active' AND org_id = $1 AND id = (
         SELECT member_id FROM slack_links WHERE org_id = $1 AND slack_team_id = $2 AND slack_user_id = $3)`,
      [orgId, clicker.teamId, clicker.userId],
    );
    return row ? toPrincipal(row) : null;
  }

  private abilityOf(member: MemberPrincipal) {
    return defineAbilityFor({
      id: member.id,
      role: member.role,
      toolScope: member.toolScope,
      orgCreation: this.config.orgCreation,
    });
  }

  private baseContext(clicker: Clicker): Omit<RequestContext, 'actor' | 'orgId'> {
    return {
      correlationId: randomUUID(),
      causationId: null,
      ip: null,
      userAgent: 'Slack',
      channel: 'slack',
      extra: { slack_team_id: clicker.teamId, slack_user_id: clicker.userId },
    };
  }

  /** The message shows the outcome now rather than at the next event (a stale one is redrawn too). */
  private async refresh(requestId: string): Promise<void> {
    await this.db.query(
      'UPDATE slack_messages SET pending = true, next_attempt_at = now() WHERE request_id = $1',
      [requestId],
    );
  }

  private web(app: SlackApp): WebClient {
    return this.slack.web(app);
  }

  private async ephemeral(app: SlackApp, channel: string, user: string, text: string): Promise<void> {
    if (!channel || !user) return;
    try {
      await this.web(app).chat.postEphemeral({ channel, user, text });
    } catch (error) {
      this.logger.warn(`chat.postEphemeral failed: ${(error as Error).message}`);
    }
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
