import { ApiProperty } from '@nestjs/swagger';
import { AUTH_TYPES, type AuthType, CREDENTIAL_MODES, type CredentialMode } from './catalog.events';
import { CREDENTIAL_STATUSES, type CredentialStatus } from './credential-status';

/** A tool as admins see it. It never carries the credential, only whether there is one. */
export class ToolDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: AUTH_TYPES }) auth_type!: AuthType;
  @ApiProperty({ enum: CREDENTIAL_MODES }) credential_mode!: CredentialMode;
  @ApiProperty({ description: 'Markdown usage instructions' }) instructions!: string;
  @ApiProperty({ description: '0 until the tool has instructions' }) instructions_version!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) credential_expires_at!: string | null;
  @ApiProperty({
    enum: CREDENTIAL_STATUSES,
    description: 'expiring: within 14 days of credential_expires_at; needs_rotation: after it',
  })
  credential_status!: CredentialStatus;
  @ApiProperty({ description: 'The current shared secret version; 0 when none was set' })
  secret_version!: number;
  @ApiProperty() has_secret!: boolean;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: 'active' | 'retired';
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class InstructionsVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ description: 'The member (or system) that wrote this version' }) created_by!: string;
}

export class ToolDetailDto extends ToolDto {
  @ApiProperty({ type: [InstructionsVersionDto], description: 'Every instructions version, newest first' })
  instructions_history!: InstructionsVersionDto[];
}

export class ToolResponseDto {
  @ApiProperty({ type: ToolDto }) tool!: ToolDto;
}

export class ToolDetailResponseDto {
  @ApiProperty({ type: ToolDetailDto }) tool!: ToolDetailDto;
}

export class ToolListDto {
  @ApiProperty({ type: [ToolDto] }) tools!: ToolDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page' })
  next_cursor!: string | null;
}

export class SecretVersionDto {
  @ApiProperty() tool_id!: string;
  @ApiProperty({ description: 'The version just stored; the value itself is never returned' })
  secret_version!: number;
}
