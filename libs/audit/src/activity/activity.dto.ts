import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export class ActivityQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the window (7 days before `to` when absent)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the window, exclusive (now when absent)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    enum: ['hour', 'day'],
    default: 'day',
    description: 'Bucket width; at most 744 buckets (31 days of hours)',
  })
  @IsOptional()
  @IsIn(['hour', 'day'])
  bucket?: 'hour' | 'day';
}

export class ActivityCountDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the bucket (UTC)' }) bucket_start!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for refusals before any tool was named' })
  tool_id!: string | null;
  @ApiProperty() agent_id!: string;
  @ApiProperty({ description: 'Credentials handed out (CredentialVended)' }) fetches!: number;
  @ApiProperty({
    description:
      'Fetches refused (CredentialDenied), plus requests refused to a suspended agent or a revoked key ' +
      '(AgentRequestsRefused, counted)',
  })
  denials!: number;
}

export class ActivityDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: ['hour', 'day'] }) bucket!: 'hour' | 'day';
  @ApiProperty({
    type: [ActivityCountDto],
    description:
      'One row per bucket, tool and agent that saw a fetch or a denial; empty buckets are left out',
  })
  counts!: ActivityCountDto[];
}
