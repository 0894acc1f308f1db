import { Body, Controller, Delete, Get, Inject, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../../identity/src/auth/member-principal';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../../notifications.config';
import { ConfigureSlackCommand, RemoveSlackCommand } from './configure-slack.command';
import {
  ConfigureSlackDto,
  SlackLinkListDto,
  type SlackSettingsDto,
  SlackSettingsResponseDto,
} from './configure-slack.dto';

@Controller('api/admin/integrations/slack')
export class SlackSettingsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Database) private readonly db: Database,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Get()
  @MemberRoute({
    operationId: 'getSlackSettings',
    summary: 'The org’s Slack app: which settings are set (never the tokens)',
    action: 'read',
    subject: 'Integration',
  })
  @ApiOkResponse({ type: SlackSettingsResponseDto })
  async get(@CurrentMember() m: MemberPrincipal): Promise<SlackSettingsResponseDto> {
    return { slack: await this.settings(m.orgId) };
  }

  @Get('links')
  @MemberRoute({
    operationId: 'listSlackLinks',
    summary: 'The members whose Slack user is linked',
    action: 'read',
    subject: 'Integration',
  })
  @ApiOkResponse({ type: SlackLinkListDto })
  async links(@CurrentMember() m: MemberPrincipal): Promise<SlackLinkListDto> {
    const rows = await this.db.query<{
      member_id: string;
      display_name: string;
      email: string;
      role: string;
      slack_team_id: string;
      slack_user_id: string;
      linked_at: Date;
    }>(
      `SELECT l.member_id, m.display_name, m.email, m.role, l.slack_team_id, l.slack_user_id, l.linked_at
       FROM slack_links l JOIN members m ON m.id = l.member_id AND m.org_id = l.org_id
       WHERE l.org_id = $1 AND m.status = 'active' ORDER BY m.display_name, l.member_id`,
      [m.orgId],
    );
    return {
      links: rows.map((r) => ({ ...r, linked_at: new Date(r.linked_at).toISOString() })),
      next_cursor: null,
    };
  }

  @Put()
  @MemberRoute({
    operationId: 'configureSlack',
    summary: 'Configure the org’s Slack app for approvals in Slack (write-only tokens)',
    description:
      'Tokens are stored encrypted and never answered. Recorded as SlackAppConfigured with the names of ' +
      'the secrets that changed, never their values.',
    action: 'update',
    subject: 'Integration',
  })
  @ApiOkResponse({ type: SlackSettingsResponseDto })
  async put(@Body() body: ConfigureSlackDto, @Ctx() ctx: RequestContext): Promise<SlackSettingsResponseDto> {
    await this.commands.execute(new ConfigureSlackCommand(body, ctx));
    return { slack: await this.settings(ctx.orgId!) };
  }

  @Delete()
  @MemberRoute({
    operationId: 'removeSlack',
    summary: 'Disconnect the org’s Slack app and forget its tokens',
    action: 'update',
    subject: 'Integration',
    status: 204,
  })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@Ctx() ctx: RequestContext): Promise<void> {
    await this.commands.execute(new RemoveSlackCommand(ctx));
  }

  private async settings(orgId: string): Promise<SlackSettingsDto> {
    const [row] = await this.db.query<{
      channel: string;
      socket_mode: boolean;
      max_grant_seconds: number | null;
      updated_at: Date;
    }>('SELECT channel, socket_mode, max_grant_seconds, updated_at FROM slack_apps WHERE org_id = $1', [
      orgId,
    ]);
    const base = `${this.config.consoleUrl}/api/integrations/slack/${encodeURIComponent(orgId)}`;
    return {
      configured: !!row,
      channel: row?.channel ?? null,
      socket_mode: row?.socket_mode ?? false,
      max_grant_seconds: row?.max_grant_seconds ?? null,
      bot_token_set: !!row,
      signing_secret_set: !!row,
      app_token_set: row?.socket_mode ?? false,
      interactions_url: `${base}/interactions`,
      commands_url: `${base}/commands`,
      updated_at: row ? new Date(row.updated_at).toISOString() : null,
    };
  }
}
