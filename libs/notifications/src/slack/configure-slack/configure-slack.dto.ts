import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Omittable } from '../../../../common/src/http/validation';
import { MAX_REQUEST_SECONDS } from '../../../../access/src/access.policy';

/**
 * Write-only: tokens are never answered. The first configuration needs the bot token and the
 * signing secret; later ones may leave them out to keep the stored ones (change the channel or
 * the grant limit without pasting tokens again). `app_token: null` turns Socket Mode off.
 */
export class ConfigureSlackDto {
  @ApiPropertyOptional({ writeOnly: true, pattern: '^xoxb-', description: 'Bot User OAuth Token (xoxb-…)' })
  @Omittable()
  @IsString()
  @Matches(/^xoxb-[A-Za-z0-9-]{8,250}$/, { message: 'bot_token must be a bot token (xoxb-…)' })
  bot_token?: string;

  @ApiPropertyOptional({ writeOnly: true, description: 'The app’s Signing Secret (Basic Information)' })
  @Omittable()
  @IsString()
  @Matches(/^[A-Za-z0-9]{16,128}$/, { message: 'signing_secret must be 16 to 128 letters and digits' })
  signing_secret?: string;

  @ApiPropertyOptional({
    writeOnly: true,
    nullable: true,
    type: String,
    pattern: '^xapp-',
    description:
      'App-level token (xapp-…, scope connections:write): connect over Socket Mode. null turns it off',
  })
  @IsOptional()
  @IsString()
  @Matches(/^xapp-[A-Za-z0-9-]{8,250}$/, { message: 'app_token must be an app-level token (xapp-…)' })
  app_token?: string | null;

  @ApiProperty({ example: 'C0123456789', description: 'The channel (id, or #name) that receives requests' })
  @IsString()
  @Matches(/^#?[A-Za-z0-9._-]{1,80}$/, { message: 'channel must be a channel id or #name' })
  channel!: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 60,
    maximum: MAX_REQUEST_SECONDS,
    description:
      'Slack cannot ask for a second factor: grants longer than this are approved in the console only (null: no limit)',
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(MAX_REQUEST_SECONDS)
  max_grant_seconds?: number | null;
}

export class SlackSettingsDto {
  @ApiProperty() configured!: boolean;
  @ApiProperty({ nullable: true, type: String }) channel!: string | null;
  @ApiProperty({ description: 'An app-level token is set: the service connects over Socket Mode' })
  socket_mode!: boolean;
  @ApiProperty({ nullable: true, type: 'integer' }) max_grant_seconds!: number | null;
  @ApiProperty() bot_token_set!: boolean;
  @ApiProperty() signing_secret_set!: boolean;
  @ApiProperty() app_token_set!: boolean;
  @ApiProperty({ description: 'Interactivity Request URL, for apps that use HTTP instead of Socket Mode' })
  interactions_url!: string;
  @ApiProperty({ description: 'The /keyledger slash command’s Request URL (HTTP mode)' })
  commands_url!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updated_at!: string | null;
}

export class SlackSettingsResponseDto {
  @ApiProperty({ type: SlackSettingsDto }) slack!: SlackSettingsDto;
}

export class SlackLinkedMemberDto {
  @ApiProperty() member_id!: string;
  @ApiProperty() display_name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'approver', 'auditor', 'viewer'] }) role!: string;
  @ApiProperty() slack_team_id!: string;
  @ApiProperty() slack_user_id!: string;
  @ApiProperty({ format: 'date-time' }) linked_at!: string;
}

export class SlackLinkListDto {
  @ApiProperty({ type: [SlackLinkedMemberDto] }) links!: SlackLinkedMemberDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: one page holds every member' })
  next_cursor!: string | null;
}
