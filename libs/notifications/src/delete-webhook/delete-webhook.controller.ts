import { Controller, Delete, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx } from '../../../common/src/http/request-context.decorator';
import type { RequestContext } from '../../../common/src/request-context';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { WebhookResponseDto } from '../webhook.dto';
import { DeleteWebhookCommand } from './delete-webhook.command';

@Controller('api/admin/webhooks')
export class DeleteWebhookController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Delete(':id')
  @MemberRoute({
    operationId: 'deleteWebhook',
    summary: 'Stop sending to a webhook; its pending deliveries are cancelled',
    action: 'delete',
    subject: 'Webhook',
    status: 200,
  })
  @ApiOkResponse({ type: WebhookResponseDto })
  async delete(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<WebhookResponseDto> {
    return { webhook: await this.commands.execute(new DeleteWebhookCommand(id, ctx)) };
  }
}
