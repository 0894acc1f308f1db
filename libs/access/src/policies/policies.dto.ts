import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_REQUEST_SECONDS } from '../access.policy';

export class AutoApproveDto {
  @ApiProperty({
    description: '"all", or the ids of the agents whose requests are approved automatically',
    oneOf: [
      { type: 'string', enum: ['all'] },
      { type: 'array', items: { type: 'string' } },
    ],
  })
  // "all" or a list of ids: checked in the handler, which names the field in its problem.
  @Allow()
  agents!: 'all' | string[];

  @ApiProperty({
    minimum: 1,
    maximum: MAX_REQUEST_SECONDS,
    description: 'Auto-approved grants last at most this long',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_SECONDS)
  max_duration_seconds!: number;
}

export class ToolPolicyDto {
  @ApiProperty({
    minimum: 1,
    maximum: 10,
    default: 1,
    description: 'Distinct approvers needed; any single deny ends the request',
  })
  @IsInt()
  @Min(1)
  @Max(10)
  required_approvals!: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_REQUEST_SECONDS,
    nullable: true,
    type: Number,
    description: 'Approvals cannot grant longer',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_SECONDS)
  max_duration_seconds?: number | null;

  @ApiPropertyOptional({ type: AutoApproveDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AutoApproveDto)
  auto_approve?: AutoApproveDto | null;
}

export class ToolPolicyResponseDto {
  @ApiProperty() tool_id!: string;
  @ApiProperty({ type: ToolPolicyDto }) policy!: ToolPolicyDto;
}

export class OrgPolicyDto {
  @ApiProperty({ description: 'A member may not approve requests from agents they registered' })
  @IsBoolean()
  separation_of_duties!: boolean;
}

export class SetOrgPolicyDto extends OrgPolicyDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 500,
    example: 'A second approver joined the team',
    description: 'Why: recorded with the change (OrgPolicyChanged) for auditors',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class OrgPolicyResponseDto {
  @ApiProperty({ type: OrgPolicyDto }) policy!: OrgPolicyDto;
}
