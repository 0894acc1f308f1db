import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { IdFilter } from '../../../common/src/http/id-filters';

export class AccessAtQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The instant to ask about (now when absent)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IdFilter() agent_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IdFilter() tool_id?: string;
}

export class AccessAtGrantDto {
  @ApiProperty() grant_id!: string;
  @ApiProperty() agent_id!: string;
  @ApiProperty() tool_id!: string;
  @ApiProperty({ format: 'date-time' }) approved_at!: string;
  @ApiProperty({ description: 'The member (or policy) that approved' }) approved_by!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
}

export class AccessAtDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: [AccessAtGrantDto],
    description:
      'Every grant under which a fetch would have succeeded at `at`: approved, not yet expired, ' +
      'revoked or ended, its agent not suspended and holding an unrevoked key, its tool not retired',
  })
  grants!: AccessAtGrantDto[];
}
