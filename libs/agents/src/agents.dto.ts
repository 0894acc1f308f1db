import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Omittable } from '../../common/src/http/validation';

export class AgentKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    description: 'The first characters of the key, for recognising it',
    example: 'klk_3fA9xQ2b',
  })
  prefix!: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status!: 'active' | 'revoked';
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revoked_at!: string | null;
}

export class AgentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Onboarding-Agent' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: 'active' | 'suspended';
  @ApiProperty({ nullable: true, type: String }) suspended_reason!: string | null;
  @ApiProperty({ description: 'The member who registered the agent' }) registered_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: [AgentKeyDto] }) keys!: AgentKeyDto[];
}

export class AgentResponseDto {
  @ApiProperty({ type: AgentDto }) agent!: AgentDto;
}

export class AgentWithKeyResponseDto {
  @ApiProperty({ type: AgentDto }) agent!: AgentDto;
  @ApiProperty({
    description: 'The new API key. Shown exactly once: store it in the agent’s secret store now.',
    example: 'klk_…',
  })
  api_key!: string;
}

export class AgentListResponseDto {
  @ApiProperty({ type: [AgentDto] }) agents!: AgentDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class RegisterAgentDto {
  @ApiProperty({ example: 'Onboarding-Agent', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Omittable()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class UpdateAgentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Omittable()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'key leaked in a CI log' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @Omittable()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ListAgentsQueryDto {
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
  cursor?: string;

  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';
}
