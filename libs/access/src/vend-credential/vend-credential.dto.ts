import { ApiProperty } from '@nestjs/swagger';

export class CredentialResponseDto {
  @ApiProperty() tool_id!: string;
  @ApiProperty() tool_name!: string;
  @ApiProperty({ example: 'bearer_token' }) auth_type!: string;
  @ApiProperty({
    description: 'The secret: a string, or an object of strings (e.g. username and password)',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
  })
  credential!: string | Record<string, string>;
  @ApiProperty({ description: 'How to use it (markdown)' }) instructions!: string;
  @ApiProperty() secret_version!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When your grant ends' })
  expires_at!: string | null;
  @ApiProperty({ description: 'Your grant' }) grant_id!: string;
}
