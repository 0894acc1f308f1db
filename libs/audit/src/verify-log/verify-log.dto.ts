import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** The answer for the caller's org: its own events and counts, never another org's. */
export class VerifyResultDto {
  @ApiProperty({
    description:
      'True when the hash chain, every checkpoint stored, the MACs and the audit trail all check out ' +
      '(and the log extends the checkpoint you passed, if any)',
  })
  ok!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The position of the last of your org’s events that checked out',
  })
  checked_through!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The first position that does not check out, when it is one of your org’s events or concerns the ' +
      'log as a whole (a cut chain, a checkpoint); null when it is another org’s event',
  })
  first_bad_position!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What did not check out there' })
  reason!: string | null;
  @ApiProperty({ description: 'How many of your org’s events the hash chain covers' })
  sealed_events!: number;
}

export class CheckpointRefDto {
  @ApiProperty() position!: string;
  @ApiProperty({ format: 'date-time' }) signed_at!: string;
}

export class VerificationResultDto extends VerifyResultDto {
  @ApiProperty({
    description:
      'The position the walk started after: 0 for a full run; an incremental run starts at the head the ' +
      'last intact verification proved',
  })
  from_position!: string;
  @ApiProperty({
    type: CheckpointRefDto,
    nullable: true,
    description: 'The newest checkpoint signed by a key this service trusts that the log extends',
  })
  checkpoint!: CheckpointRefDto | null;
}

export class VerificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: 'running' | 'done' | 'failed';
  @ApiProperty({
    enum: ['incremental', 'full'],
    description: 'full walks from genesis; incremental from the head the last intact verification proved',
  })
  mode!: 'incremental' | 'full';
  @ApiProperty({ format: 'date-time' }) started_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finished_at!: string | null;
  @ApiProperty({ type: VerificationResultDto, nullable: true, description: 'Set once the run is done' })
  result!: VerificationResultDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the run could not finish (status failed)' })
  error!: string | null;
}

export class VerificationEnvelopeDto {
  @ApiProperty({ type: VerificationDto }) verification!: VerificationDto;
}

const DIGITS = /^\d{1,19}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A checkpoint as getLatestCheckpoint or signCheckpoint answered it, kept by the auditor. */
export class AuditorCheckpointDto {
  @ApiProperty() @Matches(DIGITS, { message: 'must be a log position' }) position!: string;
  @ApiProperty()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' })
  head_hash!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) signed_at!: string;
  @ApiProperty() @MaxLength(200) @Matches(BASE64, { message: 'must be base64' }) signature!: string;
  @ApiProperty() @MaxLength(200) @Matches(BASE64, { message: 'must be base64' }) public_key!: string;
  @ApiPropertyOptional({ description: 'Only in checkpoints signed before seq was left out of the signature' })
  @IsOptional()
  @Matches(DIGITS, { message: 'must be a chain sequence number' })
  seq?: string;
}

export class StartVerificationDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Walk the whole log from genesis instead of from the head the last intact verification proved',
  })
  @IsOptional()
  @IsBoolean()
  full?: boolean;

  @ApiPropertyOptional({
    type: AuditorCheckpointDto,
    description: 'A checkpoint you kept: the run also proves the log still extends it (a full run)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditorCheckpointDto)
  checkpoint?: AuditorCheckpointDto;

  @ApiPropertyOptional({
    description:
      'The Ed25519 public key you hold for that checkpoint (base64 DER SubjectPublicKeyInfo, or PEM); ' +
      'without it, the checkpoint must be signed by a key this service trusts',
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  public_key?: string;
}

export class CheckpointDto {
  @ApiProperty({ description: 'The log position of the head' }) position!: string;
  @ApiProperty({ description: 'SHA-256 of the chain at the head, hex' }) head_hash!: string;
  @ApiProperty({ format: 'date-time' }) signed_at!: string;
  @ApiProperty({
    description: 'Ed25519 over the RFC 8785 canonical JSON of {position, head_hash, signed_at}, base64',
  })
  signature!: string;
  @ApiProperty({ description: 'The signing key, DER SubjectPublicKeyInfo, base64' }) public_key!: string;
  @ApiPropertyOptional({
    description:
      'Only in checkpoints signed before docs/adr/0014: the chain sequence number, which their ' +
      'signature covers too ({seq, position, head_hash, signed_at})',
  })
  seq?: string;
}
