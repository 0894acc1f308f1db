import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { AuthType, CredentialMode } from '../catalog.events';
import {
  AuthTypeField,
  CredentialModeField,
  DescriptionField,
  ExpiresAtField,
  InstructionsField,
  NameField,
  UrlField,
} from '../tool-fields.dto';

const YEAR = 365 * 86_400;

export class AutoApproveDocDto {
  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['all'] },
      { type: 'array', items: { type: 'string' } },
    ],
  })
  @Allow() // "all" or agent ids: the policy command checks them and names the field
  agents!: 'all' | string[];

  @ApiProperty({ minimum: 1, maximum: YEAR })
  @IsInt()
  @Min(1)
  @Max(YEAR)
  max_duration_seconds!: number;
}

/** A tool's approval policy (the access context owns it; the document only carries it). */
export class PolicyDocDto {
  @ApiProperty({ minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  required_approvals!: number;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: YEAR })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(YEAR)
  max_duration_seconds?: number | null;

  @ApiPropertyOptional({ type: AutoApproveDocDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AutoApproveDocDto)
  auto_approve?: AutoApproveDocDto | null;
}

/** A tool as the document holds it. There is deliberately no credential field: never secrets. */
export class ConfigToolDto {
  @NameField(true) name!: string;
  @UrlField() url?: string | null;
  @DescriptionField() description?: string;
  @AuthTypeField(true) auth_type!: AuthType;
  @CredentialModeField() credential_mode?: CredentialMode;
  @InstructionsField() instructions?: string;
  @ExpiresAtField() credential_expires_at?: string | null;

  @ApiPropertyOptional({ type: PolicyDocDto, description: 'Omitted: the policy is left as it is' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PolicyDocDto)
  policy?: PolicyDocDto | null;
}

export class ConfigDocumentDto {
  @ApiProperty({ enum: [1], description: 'The document format version' })
  @IsIn([1])
  version!: 1;

  @ApiProperty({ type: [ConfigToolDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => ConfigToolDto)
  tools!: ConfigToolDto[];
}

export class ConfigChangeDto {
  @ApiProperty({ enum: ['create', 'update', 'retire'] }) action!: 'create' | 'update' | 'retire';
  @ApiProperty({ description: 'The tool name' }) tool!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a tool still to be created' })
  tool_id!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The fields set or changed, with their new values (never secrets)',
  })
  fields!: Record<string, unknown>;
}

export class ConfigImportResultDto {
  @ApiProperty({ type: [ConfigChangeDto] }) changes!: ConfigChangeDto[];
  @ApiProperty({ description: 'false for a dry run: nothing was changed' }) applied!: boolean;
}
