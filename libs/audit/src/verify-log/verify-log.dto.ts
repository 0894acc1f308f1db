import { ApiProperty } from '@nestjs/swagger';

export class VerifyResultDto {
  @ApiProperty({
    description:
      'True when every sealed event matches its seal and the log extends the newest signed checkpoint',
  })
  ok!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The last position whose seal checked out' })
  checked_through!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The first position that does not match' })
  first_bad_position!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What did not match there' })
  reason!: string | null;
  @ApiProperty({ description: 'How many events the hash chain covers' })
  sealed_events!: number;
}

export class CheckpointDto {
  @ApiProperty({ description: 'The hash chain sequence number of the head (part of the signed payload)' })
  seq!: string;
  @ApiProperty({ description: 'The log position of the head' }) position!: string;
  @ApiProperty({ description: 'SHA-256 of the chain at the head, hex' }) head_hash!: string;
  @ApiProperty({ format: 'date-time' }) signed_at!: string;
  @ApiProperty({
    description: 'Ed25519 over the RFC 8785 canonical JSON of {seq, position, head_hash, signed_at}, base64',
  })
  signature!: string;
  @ApiProperty({ description: 'The signing key, DER SubjectPublicKeyInfo, base64' }) public_key!: string;
}
