import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import { CreatedWebhookDto, CreateWebhookDto, WebhookListDto } from '../webhook.dto';
import { listWebhooks } from '../webhook.read';
import { CreateWebhookCommand } from './create-webhook.command';

@Controller('api/admin/webhooks')
export class CreateWebhookController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Get()
  @MemberRoute({
    operationId: 'listWebhooks',
    summary: 'Webhook and Slack subscriptions of the org (never their secrets)',
    action: 'read',
    subject: 'Webhook',
  })
  @ApiOkResponse({ type: WebhookListDto })
  async list(@CurrentMember() member: MemberPrincipal): Promise<WebhookListDto> {
    return { webhooks: await listWebhooks(this.db, member.orgId), next_cursor: null };
  }

  @Post()
  @MemberRoute({
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to event types; the signing secret is shown once',
    description:
      'Targets that resolve to private, loopback or link-local addresses are refused unless KEYLEDGER_OUTBOUND_ALLOW_PRIVATE is set.',
    action: 'create',
    subject: 'Webhook',
    status: 201,
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  create(@Body() body: CreateWebhookDto, @Ctx() ctx: RequestContext): Promise<CreatedWebhookDto> {
    return this.commands.execute(new CreateWebhookCommand(body, ctx));
  }
}
