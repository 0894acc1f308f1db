import { createHash, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { toMetadata, type RequestContext } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { EventStore } from '../../../../event-store/src/event-store';
import { loadActiveMember } from '../../../../identity/src/auth/member-lookup';
import { memberStream } from '../../../../identity/src/identity.events';
import type { SlackUserLinked, SlackUserUnlinked } from '../slack.events';

const CODE_TTL_SECONDS = 600;
// No 0/O, 1/I/L: read off a screen and typed into Slack. 31^10, about 2^49 codes.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const hash = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');

export interface SlackLinkView {
  linked: boolean;
  slack_user_id: string | null;
  slack_team_id: string | null;
  linked_at: string | null;
}

export type RedeemResult =
  | { ok: true; memberName: string; role: string }
  | { ok: false; reason: 'invalid-code' | 'taken'; detail: string };

/**
 * A member links their Slack user by proving both sides: a one-time code from the console
 * (signed in as the member), sent back from Slack as `/keyledger link <code>` (signed by
 * Slack as the user). Emails are never compared. Codes are stored hashed, used once, and
 * last ten minutes.
 */
@Injectable()
export class SlackLinks {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async issueCode(orgId: string, memberId: string): Promise<{ code: string; expires_at: string }> {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    const expires = new Date(Date.now() + CODE_TTL_SECONDS * 1000);
    await this.db.transaction(async (tx) => {
      // A new code replaces the member's earlier ones.
      await tx.query(
        'DELETE FROM slack_link_codes WHERE (org_id = $1 AND member_id = $2) OR expires_at < now()',
        [orgId, memberId],
      );
      await tx.query(
        'INSERT INTO slack_link_codes (code_hash, org_id, member_id, expires_at) VALUES ($1, $2, $3, $4)',
        [hash(code), orgId, memberId, expires],
      );
    });
    return { code, expires_at: expires.toISOString() };
  }

  async view(orgId: string, memberId: string): Promise<SlackLinkView> {
    const [row] = await this.db.query<{ slack_user_id: string; slack_team_id: string; linked_at: Date }>(
      'SELECT slack_user_id, slack_team_id, linked_at FROM slack_links WHERE org_id = $1 AND member_id = $2',
      [orgId, memberId],
    );
    return {
      linked: !!row,
      slack_user_id: row?.slack_user_id ?? null,
      slack_team_id: row?.slack_team_id ?? null,
      linked_at: row ? new Date(row.linked_at).toISOString() : null,
    };
  }

  /** `/keyledger link <code>` from a Slack user whose request Slack signed. */
  async redeem(
    orgId: string,
    slack: { teamId: string; userId: string },
    code: string,
    base: Omit<RequestContext, 'actor' | 'orgId'>,
  ): Promise<RedeemResult> {
    const invalid: RedeemResult = {
      ok: false,
      reason: 'invalid-code',
      detail:
        'That code is not valid (wrong, used or older than ten minutes). Ask the console for a new one.',
    };
    return this.db.transaction(async (tx) => {
      const [claimed] = await tx.query<{ member_id: string }>(
        `UPDATE slack_link_codes SET used_at = now()
         WHERE code_hash = $1 AND org_id = $2 AND used_at IS NULL AND expires_at > now() RETURNING member_id`,
        [hash(code), orgId],
      );
      if (!claimed) return invalid;
      const member = await loadActiveMember(tx, claimed.member_id, orgId);
      if (!member) return invalid;
      const [other] = await tx.query<{ member_id: string }>(
        'SELECT member_id FROM slack_links WHERE org_id = $1 AND slack_team_id = $2 AND slack_user_id = $3',
        [orgId, slack.teamId, slack.userId],
      );
      if (other && other.member_id !== member.id) {
        return {
          ok: false,
          reason: 'taken',
          detail: 'This Slack account is linked to another member. They (or an admin) must unlink it first.',
        };
      }
      if (other) return { ok: true, memberName: member.displayName, role: member.role };
      const [previous] = await tx.query<{ slack_user_id: string }>(
        'SELECT slack_user_id FROM slack_links WHERE org_id = $1 AND member_id = $2',
        [orgId, member.id],
      );
      const ctx: RequestContext = {
        ...base,
        orgId,
        actor: { type: 'member', id: member.id, name: member.displayName },
      };
      const events = [];
      if (previous) {
        const unlinked: SlackUserUnlinked = {
          member_id: member.id,
          org_id: orgId,
          slack_user_id: previous.slack_user_id,
          reason: 'relinked',
        };
        events.push({ type: 'SlackUserUnlinked', data: { ...unlinked } });
      }
      const linked: SlackUserLinked = {
        member_id: member.id,
        org_id: orgId,
        slack_team_id: slack.teamId,
        slack_user_id: slack.userId,
      };
      events.push({ type: 'SlackUserLinked', data: { ...linked } });
      await this.store.appendIn(tx, memberStream(member.id), 'any', events, toMetadata(ctx));
      return { ok: true, memberName: member.displayName, role: member.role };
    });
  }

  /** Answers whether there was a link to remove. */
  async unlink(memberId: string, reason: 'self' | 'admin', ctx: RequestContext): Promise<boolean> {
    const orgId = ctx.orgId!;
    const [row] = await this.db.query<{ slack_user_id: string }>(
      'SELECT slack_user_id FROM slack_links WHERE org_id = $1 AND member_id = $2',
      [orgId, memberId],
    );
    if (!row) return false;
    const data: SlackUserUnlinked = {
      member_id: memberId,
      org_id: orgId,
      slack_user_id: row.slack_user_id,
      reason,
    };
    await this.store.append(
      memberStream(memberId),
      'any',
      [{ type: 'SlackUserUnlinked', data: { ...data } }],
      toMetadata(ctx),
    );
    return true;
  }
}
