import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AuditEventDto } from '../list-events/list-events.dto';

export class StreamHistoryQueryDto {
  @ApiPropertyOptional({ description: 'The `next_cursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class StreamHistoryDto {
  @ApiProperty({ example: 'access-5d1f…' }) stream_id!: string;
  @ApiProperty({ type: [AuditEventDto], description: 'By stream version, first to last' })
  events!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Set when the stream has more events' })
  next_cursor!: string | null;
}
