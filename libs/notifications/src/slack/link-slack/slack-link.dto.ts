import { ApiProperty } from '@nestjs/swagger';

export class SlackLinkDto {
  @ApiProperty() linked!: boolean;
  @ApiProperty({ nullable: true, type: String }) slack_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) slack_team_id!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) linked_at!: string | null;
}

export class SlackLinkResponseDto {
  @ApiProperty({ type: SlackLinkDto }) slack_link!: SlackLinkDto;
}

export class SlackLinkCodeDto {
  @ApiProperty({ example: 'K7M2Q-9XHTR', description: 'Send `/keyledger link <code>` in Slack; works once' })
  code!: string;

  @ApiProperty({ format: 'date-time', description: 'Ten minutes from now' })
  expires_at!: string;

  @ApiProperty({ example: '/keyledger link K7M2Q-9XHTR' })
  command!: string;
}
