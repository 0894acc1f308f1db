import { Controller, Delete, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { record } from '../../../../authz/src/subjects';
import type { AppAbility } from '../../../../authz/src/subjects';
import { DomainError, notFound } from '../../../../common/src/domain-error';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import { CurrentAbility, CurrentMember } from '../../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../../identity/src/auth/member-principal';
import { SlackLinkCodeDto, SlackLinkResponseDto } from './slack-link.dto';
import { SlackLinks } from './slack-links';

/**
 * Every member, whatever their role, may link their own Slack user: whether a click may decide
 * is the decision's business (CASL, tool scope, separation of duties), checked on every click.
 */
@Controller('api/admin')
export class SlackLinkController {
  constructor(
    @Inject(SlackLinks) private readonly links: SlackLinks,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Get('me/slack-link')
  @MemberRoute({
    operationId: 'getMySlackLink',
    summary: 'Whether your Slack user is linked',
    action: 'read',
    subject: 'Member',
  })
  @ApiOkResponse({ type: SlackLinkResponseDto })
  async mine(@CurrentMember() m: MemberPrincipal): Promise<SlackLinkResponseDto> {
    return { slack_link: await this.links.view(m.orgId, m.id) };
  }

  @Post('me/slack-link')
  @MemberRoute({
    operationId: 'createSlackLinkCode',
    summary:
      'A one-time code (ten minutes) that links your Slack user: send `/keyledger link <code>` in Slack',
    action: 'read',
    subject: 'Member',
    tier: 'admin',
    status: 201,
  })
  @ApiCreatedResponse({ type: SlackLinkCodeDto })
  async code(@CurrentMember() m: MemberPrincipal): Promise<SlackLinkCodeDto> {
    const issued = await this.links.issueCode(m.orgId, m.id);
    return { ...issued, command: `/keyledger link ${issued.code}` };
  }

  @Delete('me/slack-link')
  @MemberRoute({
    operationId: 'unlinkMySlack',
    summary: 'Unlink your Slack user: its clicks decide nothing from now on',
    action: 'read',
    subject: 'Member',
    tier: 'admin',
    status: 204,
  })
  @ApiNoContentResponse({ description: 'Unlinked' })
  async unlinkMine(@CurrentMember() m: MemberPrincipal, @Ctx() ctx: RequestContext): Promise<void> {
    if (!(await this.links.unlink(m.id, 'self', ctx))) throw notLinked();
  }

  @Get('members/:memberId/slack-link')
  @MemberRoute({
    operationId: 'getMemberSlackLink',
    summary: 'Whether a member’s Slack user is linked',
    action: 'read',
    subject: 'Member',
  })
  @ApiOkResponse({ type: SlackLinkResponseDto })
  async member(
    @Param('memberId') memberId: string,
    @CurrentMember() m: MemberPrincipal,
  ): Promise<SlackLinkResponseDto> {
    await this.findMember(m.orgId, memberId);
    return { slack_link: await this.links.view(m.orgId, memberId) };
  }

  @Delete('members/:memberId/slack-link')
  @MemberRoute({
    operationId: 'unlinkMemberSlack',
    summary: 'Unlink a member’s Slack user (owners and admins; admins not an owner’s)',
    action: 'update',
    subject: 'Member',
    status: 204,
  })
  @ApiNoContentResponse({ description: 'Unlinked' })
  async unlinkMember(
    @Param('memberId') memberId: string,
    @CurrentAbility() ability: AppAbility,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const target = await this.findMember(ctx.orgId!, memberId);
    if (!ability.can('update', record('Member', { role: target.role, new_role: target.role }))) {
      throw new DomainError('forbidden', 'forbidden', 'you may not change this member');
    }
    if (!(await this.links.unlink(memberId, ctx.actor.id === memberId ? 'self' : 'admin', ctx)))
      throw notLinked();
  }

  private async findMember(orgId: string, memberId: string) {
    const [row] = await this.db.query<{ role: string }>(
      `SELECT role FROM members WHERE id = $1 AND org_id = $2 AND status = 'active'`,
      [memberId, orgId],
    );
    if (!row) throw notFound('member', memberId);
    return row;
  }
}

const notLinked = () => new DomainError('not_found', 'not-found', 'no Slack user is linked');
