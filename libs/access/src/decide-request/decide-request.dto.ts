import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Credential } from '../../../catalog/src/catalog.events';
import { CredentialField } from '../../../catalog/src/tool-fields.dto';
import { MAX_REQUEST_SECONDS } from '../access.policy';
import { Omittable } from '../../../common/src/http/validation';

export class ApproveRequestDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'OK for the migration week' })
  @Omittable()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_REQUEST_SECONDS,
    description: 'Shorten the access the agent asked for',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_SECONDS)
  duration_seconds?: number;

  // Validated exactly like a tool's secret: one definition (issue 13, finding 12).
  @CredentialField(
    false,
    'For per-agent tools: this agent’s own secret (a string or an object of strings). Never shown again.',
  )
  credential?: Credential;
}

export class DenyRequestDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Use the read-only token instead' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class RevokeGrantDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Agent decommissioned' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}
