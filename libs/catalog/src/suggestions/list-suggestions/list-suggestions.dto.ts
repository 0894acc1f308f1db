import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const SUGGESTION_STATUS_FILTERS = ['open', 'accepted', 'dismissed', 'all'] as const;

export class ListSuggestionsQueryDto {
  @ApiPropertyOptional({ enum: SUGGESTION_STATUS_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(SUGGESTION_STATUS_FILTERS)
  status?: (typeof SUGGESTION_STATUS_FILTERS)[number];

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
