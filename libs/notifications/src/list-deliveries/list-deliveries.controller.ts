import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { decodeCursor, encodeCursor } from '../../../common/src/http/cursor';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import { DeliveryListDto } from '../webhook.dto';
import { findWebhook, listDeliveries } from '../webhook.read';

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

@Controller('api/admin/webhooks')
export class ListDeliveriesController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get(':id/deliveries')
  @MemberRoute({
    operationId: 'listWebhookDeliveries',
    summary: 'Each delivery to a webhook: status code, attempts, next retry, last error',
    action: 'read',
    subject: 'Webhook',
  })
  @ApiOkResponse({ type: DeliveryListDto })
  async list(
    @Param('id') id: string,
    @Query() query: ListDeliveriesQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<DeliveryListDto> {
    await findWebhook(this.db, member.orgId, id);
    const { deliveries, next } = await listDeliveries(
      this.db,
      id,
      query.limit ?? 50,
      decodeCursor(query.cursor, ['position', 'id'] as const),
    );
    return { deliveries, next_cursor: next ? encodeCursor(next) : null };
  }
}
