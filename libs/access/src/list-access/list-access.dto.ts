import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IdFilter } from '../../../common/src/http/id-filters';

export class ApprovalDto {
  @ApiProperty() member_id!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AccessRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty() agent_id!: string;
  @ApiProperty() agent_name!: string;
  @ApiProperty({
    description:
      'The member who registered the agent: while separation of duties is on, they may not approve',
  })
  agent_registered_by!: string;
  @ApiProperty() tool_id!: string;
  @ApiProperty() tool_name!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'denied', 'revoked', 'expired'] }) status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: Number }) requested_duration_seconds!: number | null;
  @ApiProperty({ format: 'date-time' }) requested_at!: string;
  @ApiProperty({ type: [ApprovalDto], description: 'Approvals so far (policies may need several)' })
  approvals!: ApprovalDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decided_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) decided_by!: string | null;
  @ApiProperty({ nullable: true, type: String }) decision_note!: string | null;
  @ApiProperty({ nullable: true, type: String }) denial_reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
}

export class AccessRequestResponseDto {
  @ApiProperty({ type: AccessRequestDto }) request!: AccessRequestDto;
}

export class AccessRequestListDto {
  @ApiProperty({ type: [AccessRequestDto] }) requests!: AccessRequestDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class GrantDto {
  @ApiProperty() id!: string;
  @ApiProperty() agent_id!: string;
  @ApiProperty() agent_name!: string;
  @ApiProperty() tool_id!: string;
  @ApiProperty() tool_name!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) approved_at!: string;
  @ApiProperty() approved_by!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) ended_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) end_reason!: string | null;
  @ApiProperty({ description: 'Credential fetches recorded (may lag by a moment)' }) vend_count!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) last_vended_at!: string | null;
}

export class GrantResponseDto {
  @ApiProperty({ type: GrantDto }) grant!: GrantDto;
}

export class GrantListDto {
  @ApiProperty({ type: [GrantDto] }) grants!: GrantDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IdFilter() agent_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IdFilter() tool_id?: string;
}

export class ListRequestsQueryDto extends PageQuery {
  @ApiPropertyOptional({
    enum: ['pending', 'approved', 'denied', 'revoked', 'expired', 'all'],
    default: 'pending',
  })
  @IsOptional()
  @IsIn(['pending', 'approved', 'denied', 'revoked', 'expired', 'all'])
  status?: string;
}

export class ListGrantsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'revoked', 'expired', 'all'], default: 'active' })
  @IsOptional()
  @IsIn(['active', 'revoked', 'expired', 'all'])
  status?: string;
}
