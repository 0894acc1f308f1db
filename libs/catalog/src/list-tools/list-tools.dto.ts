import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const TOOL_STATUS_FILTERS = ['active', 'retired', 'all'] as const;
export type ToolStatusFilter = (typeof TOOL_STATUS_FILTERS)[number];

export class ListToolsQueryDto {
  @ApiPropertyOptional({ enum: TOOL_STATUS_FILTERS, default: 'active' })
  @IsOptional()
  @IsIn(TOOL_STATUS_FILTERS)
  status?: ToolStatusFilter;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
