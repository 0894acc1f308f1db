import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { NOTIFIABLE_EVENT_TYPES, WEBHOOK_KINDS, type WebhookKind } from './webhook.events';
import { Omittable } from '../../common/src/http/validation';

export class CreateWebhookDto {
  @ApiProperty({ format: 'uri', maxLength: 2048, example: 'https://hooks.example.com/keyledger' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ type: [String], enum: NOTIFIABLE_EVENT_TYPES, example: ['AccessRequested'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(NOTIFIABLE_EVENT_TYPES.length)
  @IsIn(NOTIFIABLE_EVENT_TYPES, { each: true })
  events!: string[];

  @ApiPropertyOptional({
    enum: WEBHOOK_KINDS,
    default: 'webhook',
    description: 'slack: a Slack incoming-webhook URL; the message links to the console',
  })
  @Omittable()
  @IsIn(WEBHOOK_KINDS)
  kind?: WebhookKind;

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 256,
    writeOnly: true,
    description: 'HMAC signing secret (webhook kind); generated when omitted and shown once',
  })
  @Omittable()
  @IsString()
  @Length(16, 256)
  secret?: string;
}

export class WebhookDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: WEBHOOK_KINDS }) kind!: WebhookKind;
  @ApiProperty({
    example: 'hooks.example.com',
    description:
      'The target’s host (with a non-default port). The path and query are never shown: Slack, Discord ' +
      'and Teams put tokens there',
  })
  host!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '3f9a0c51d2e8b7a4',
    description:
      'A keyed fingerprint of the full URL: equal for the same URL (under one master key), useless for ' +
      'guessing it. null for webhooks created before fingerprints were recorded',
  })
  url_fingerprint!: string | null;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty({ description: 'Whether deliveries carry Keyledger-Signature' }) signed!: boolean;
  @ApiProperty({ enum: ['active', 'deleted'] }) status!: 'active' | 'deleted';
  @ApiProperty() created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class WebhookResponseDto {
  @ApiProperty({ type: WebhookDto }) webhook!: WebhookDto;
}

export class CreatedWebhookDto extends WebhookResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The signing secret: shown this once, never again (null for Slack)',
  })
  signing_secret!: string | null;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) webhooks!: WebhookDto[];
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}

export class DeliveryDto {
  @ApiProperty({ description: 'Also sent as Keyledger-Delivery' }) id!: string;
  @ApiProperty() event_id!: string;
  @ApiProperty() event_type!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null once settled' })
  next_attempt_at!: string | null;
  @ApiProperty({ type: Number, nullable: true }) last_status_code!: number | null;
  @ApiProperty({ type: String, nullable: true }) last_error!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) delivered_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryDto], description: 'Newest event first' }) deliveries!: DeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}
